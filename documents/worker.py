"""Le worker Celery et WeasyPrint : préchauffer dans le parent, nettoyer à l'arrêt.

Branché par `carteblanche/celery.py` (module importé avant que le worker ne démarre) :
- `worker_init` (processus parent, avant le fork des enfants du pool prefork) : `pdf.prechauffer()`
  importe WeasyPrint, charge les polices Marianne et la feuille de style et rend une lettre. Chaque
  enfant hérite d'un moteur chaud au lieu de payer ~1,3 s à sa première lettre (mesuré).
- `worker_process_shutdown` (chaque enfant) et `worker_shutdown` (parent) : `pdf.nettoyer()` efface le
  dossier `weasyprint-*` des polices, que WeasyPrint n'efface que dans un `__del__` jamais appelé
  quand un processus sort par `os._exit` ou SIGTERM.
Ne pas régler `worker_max_tasks_per_child=1` : chaque lettre repaierait le démarrage.
"""

import logging

from celery import signals

logger = logging.getLogger(__name__)


@signals.worker_init.connect(dispatch_uid="documents_prechauffer")
def prechauffer(**kwargs):
    from documents import pdf

    try:
        pdf.prechauffer()
    except Exception:  # un worker sans PDF reste utile aux autres tâches : on le dit et on continue
        logger.exception("Documents PDF : préchauffage de WeasyPrint impossible")


@signals.worker_process_shutdown.connect(dispatch_uid="documents_nettoyer_enfant")
@signals.worker_shutdown.connect(dispatch_uid="documents_nettoyer_parent")
def nettoyer(**kwargs):
    from documents import pdf

    pdf.nettoyer()
