from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Données de démonstration : au sommet de la chaîne des apps, il peut les importer toutes."""

    name = "demo"
    verbose_name = "Démonstration"
