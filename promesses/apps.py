from django.apps import AppConfig


class PromessesConfig(AppConfig):
    name = "promesses"
    verbose_name = "Suivi des promesses"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed

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
        m2m_changed.connect(
            recepteurs.comptes_porteurs_changes,
            sender=Promesse.comptes_porteurs.through,
            dispatch_uid="promesses:comptes_porteurs",
        )
        user_logged_in.connect(recepteurs.compte_connecte, dispatch_uid="promesses:compte_connecte")
        # Les pages publiques des promesses lisent aussi les engagements, les équipes, leurs cycles et leurs tests.
        for modele in (Promesse, PointAvancement, Jalon, InstantanePromesse, Engagement, Equipe, Cycle, TestTerrain):
            invalider_a_l_ecriture(modele, "promesses")
