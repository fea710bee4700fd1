from django.apps import AppConfig


class TerritoireConfig(AppConfig):
    name = "territoire"
    verbose_name = "Territoire"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from territoire.carte_stockee import invalider_apres_ecriture
        from territoire.models import AppartenanceTerritoire, Commune, LieuAccueil

        # La carte gardée du territoire (Territoire.carte_svg) dépend de ces trois modèles.
        for modele in (Commune, LieuAccueil, AppartenanceTerritoire):
            nom = modele.__name__
            post_save.connect(invalider_apres_ecriture, sender=modele, dispatch_uid=f"carte-territoire-save-{nom}")
            post_delete.connect(invalider_apres_ecriture, sender=modele, dispatch_uid=f"carte-territoire-delete-{nom}")

        # Cache des pages publiques (commun.cache) : toute écriture d'un modèle de l'app les fait recalculer.
        from commun.cache import invalider_a_l_ecriture

        for modele in self.get_models():
            invalider_a_l_ecriture(modele, self.name)
