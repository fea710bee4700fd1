"""Application Celery : les tâches sont fines (charger par id, appeler un service)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carteblanche.settings.dev")

app = Celery("carteblanche")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Préchauffage de WeasyPrint dans le parent du worker, nettoyage des polices temporaires à l'arrêt.
import documents.worker  # noqa: E402, F401
