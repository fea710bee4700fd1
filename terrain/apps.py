from django.apps import AppConfig


class TerrainConfig(AppConfig):
    name = "terrain"
    verbose_name = "Diagnostic de terrain"

    def ready(self):
        # Cache des pages publiques (commun.cache) : toute écriture d'un modèle de l'app les fait recalculer.
        from commun.cache import invalider_a_l_ecriture

        for modele in self.get_models():
            invalider_a_l_ecriture(modele, self.name)
