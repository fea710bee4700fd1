from django.apps import AppConfig


class IrritantsConfig(AppConfig):
    name = "irritants"
    verbose_name = "Irritants"

    def ready(self):
        from terrain.signals import observation_retiree

        def detacher(sender, observation, acteur, motif, **kwargs):
            from irritants.services import preuves_detacher_observation_retiree

            preuves_detacher_observation_retiree(acteur=acteur, observation=observation, motif=motif)

        observation_retiree.connect(detacher, weak=False, dispatch_uid="irritants_detacher_observation_retiree")

        # Cache des pages publiques (commun.cache) : toute écriture d'un modèle de l'app les fait recalculer.
        from commun.cache import invalider_a_l_ecriture

        for modele in self.get_models():
            invalider_a_l_ecriture(modele, self.name)
