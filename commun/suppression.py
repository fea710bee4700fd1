"""Savoir, sans rien supprimer, si une ligne est protégée par d'autres (PROTECT / RESTRICT).

Sert à l'administration pour refuser une suppression avec une phrase claire (« retirez-la plutôt »)
au lieu de la page générique de Django, sans que l'app qui la possède connaisse les apps qui la protègent.
"""

from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError


def est_protege(objet) -> bool:
    collecteur = Collector(using=router.db_for_write(type(objet), instance=objet))
    try:
        collecteur.collect([objet])
    except (ProtectedError, RestrictedError):
        return True
    return False
