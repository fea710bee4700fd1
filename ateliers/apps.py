from django.apps import AppConfig


class AteliersConfig(AppConfig):
    name = "ateliers"
    verbose_name = "Séminaire et ateliers"

    def ready(self):
        # L'accueil (app du dessous) montre l'avancée des équipes par son registre de sections ; une écriture
        # d'une équipe, d'un cycle ou de la promesse fait recalculer la page gardée en cache.
        from ateliers.models import Cycle, Engagement, Equipe
        from ateliers.sections import equipes_accueil
        from experimentations import sections

        sections.section_enregistrer(
            "coconstruction", equipes_accueil, ordre=10, invalidee_par=(Equipe, Cycle, Engagement)
        )
