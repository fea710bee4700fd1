from django.apps import AppConfig


class PromessesConfig(AppConfig):
    name = "promesses"
    verbose_name = "Suivi des promesses"

    def ready(self):
        from ateliers import signals as ateliers_signals
        from ateliers.models import Cycle, Engagement, Equipe, TestTerrain
        from commun.cache import invalider_a_l_ecriture
        from promesses import recepteurs
        from promesses.models import InstantanePromesse, Jalon, PointAvancement, Promesse

        ateliers_signals.engagement_enregistre.connect(
            recepteurs.engagement_enregistre, sender=Engagement, dispatch_uid="promesses:engagement_enregistre"
        )
        ateliers_signals.engagement_retire.connect(
            recepteurs.engagement_retire, sender=Engagement, dispatch_uid="promesses:engagement_retire"
        )
        # Les pages publiques des promesses lisent aussi les engagements, les équipes, leurs cycles et leurs tests.
        for modele in (Promesse, PointAvancement, Jalon, InstantanePromesse, Engagement, Equipe, Cycle, TestTerrain):
            invalider_a_l_ecriture(modele, "promesses")
