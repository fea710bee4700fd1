from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Documents PDF"

    def ready(self):
        # Chaque app déclare ses sources de documents dans un module `<app>/documents.py` :
        # on les importe ici, comme l'administration découvre les `admin.py`.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("documents")
