from django.apps import AppConfig


class AteliersConfig(AppConfig):
    name = "ateliers"
    verbose_name = "Séminaire et ateliers"
