"""La tâche Celery des documents : mince, elle charge par identifiant et appelle le service.

- `acks_late` et `reject_on_worker_lost` : un worker tué (SIGKILL, OOM) rend le message, qui est
  relivré ; `services.document_generer` est sûr à exécuter deux fois.
- Réessais : trois nouveaux essais à délai exponentiel avec gigue (2, 4, 8 s en moyenne par défaut,
  réglable par `DOCUMENTS_DELAI_ESSAI`, en secondes), sauf pour un objet disparu ou une source
  inconnue, qui ne reviendront pas. Au dernier échec, `on_failure` passe le document en « échec »
  avec un message en français ; la page propose « Relancer ».
- Limites de temps : une lettre se met en page en moins d'une seconde ; au-delà d'une minute, on
  l'interrompt (`soft_time_limit`), et le processus est abattu à 90 s.
"""

from celery import Task, shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings

from documents import services
from documents.registre import DocumentIntrouvable, SourceInconnue

ESSAIS_SUPPLEMENTAIRES = 3


def delai_nouvel_essai(essais_faits: int) -> float:
    facteur = getattr(settings, "DOCUMENTS_DELAI_ESSAI", 2)
    if not facteur:
        return 0
    return get_exponential_backoff_interval(factor=facteur, retries=essais_faits, maximum=60, full_jitter=True)


class TacheDocument(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        document_id = args[0] if args else kwargs["document_id"]
        jeton = args[1] if len(args) > 1 else kwargs["jeton"]
        services.document_echouer(document_id=document_id, jeton=jeton, exc=exc)


@shared_task(
    bind=True,
    base=TacheDocument,
    name="documents.generer",
    max_retries=ESSAIS_SUPPLEMENTAIRES,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=60,
    time_limit=90,
    ignore_result=True,
)
def document_generer_tache(self, document_id: int, jeton: str) -> None:
    try:
        services.document_generer(document_id=document_id, jeton=jeton)
    except (DocumentIntrouvable, SourceInconnue):
        raise
    except Exception as exc:
        if self.request.is_eager:
            # Mode embarqué : Celery enchaîne les essais sur place quand la tâche *renvoie* son Retry
            # (levé, il remonterait dès le premier essai). Au-delà du dernier, `retry` relève `exc`.
            return self.retry(exc=exc, countdown=0, throw=False)
        raise self.retry(exc=exc, countdown=delai_nouvel_essai(self.request.retries)) from exc
