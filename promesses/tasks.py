"""Tâches Celery du suivi (fines : elles appellent un service)."""

import dataclasses

from celery import shared_task

from promesses import services


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def suivi_quotidien() -> dict:
    """Lancée chaque matin par Celery beat (`CELERY_BEAT_SCHEDULE`) : retards, instantanés, rappels."""
    bilan = services.suivi_quotidien()
    return {**dataclasses.asdict(bilan), "jour": bilan.jour.isoformat()}
