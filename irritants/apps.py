from django.apps import AppConfig


class IrritantsConfig(AppConfig):
    name = "irritants"
    verbose_name = "Irritants"
