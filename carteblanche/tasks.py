from celery import shared_task


@shared_task
def ping() -> str:
    """Tâche témoin : vérifie qu'un worker consomme la file (sonde de santé, tests)."""
    return "pong"
