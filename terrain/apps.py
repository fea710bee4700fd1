from django.apps import AppConfig


class TerrainConfig(AppConfig):
    name = "terrain"
    verbose_name = "Diagnostic de terrain"
