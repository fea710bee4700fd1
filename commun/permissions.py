"""Les permissions et leur message de refus, déclarés ensemble ; un décorateur de vue qui les applique.

Chaque app déclare ses règles dans son `rules.py` avec `permission_declarer` : le prédicat (paquet
`rules`) et la phrase qui explique le refus vivent au même endroit. Les vues les appliquent avec
`permission_requise` : un visiteur anonyme est renvoyé vers la connexion (une requête htmx est
redirigée en entier, un client JSON reçoit 401), un utilisateur sans la permission reçoit la page
403 du projet avec la phrase de refus de cette permission.
"""

from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django_htmx.http import HttpResponseClientRedirect

REFUS: dict[str, str] = {}
REFUS_PAR_DEFAUT = "Vous n'avez pas accès à cette page."


def permission_declarer(nom: str, predicat, *, refus: str) -> None:
    """Déclare la permission `nom` (règle `rules`) et la phrase montrée à qui ne l'a pas."""
    rules.add_perm(nom, predicat)
    REFUS[nom] = refus


def refus(nom: str) -> str:
    return REFUS.get(nom, REFUS_PAR_DEFAUT)


def veut_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def connexion_requise(request):
    """La réponse à un visiteur anonyme : la page de connexion, une redirection htmx, ou 401 en JSON."""
    if veut_json(request):
        message = "Votre session a expiré : reconnectez-vous."
        return JsonResponse({"ok": False, "erreurs": {"__all__": [message]}}, status=401)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(redirect_to_login(request.htmx.current_url_abs_path or "")["Location"])
    return redirect_to_login(request.get_full_path())


def permission_requise(nom: str):
    """Décorateur de vue : connexion exigée, puis la permission `nom` (sans objet : l'objet se vérifie dans la vue)."""

    def decorateur(vue):
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return connexion_requise(request)
            if not request.user.has_perm(nom):
                if veut_json(request):
                    return JsonResponse({"ok": False, "erreurs": {"__all__": [refus(nom)]}}, status=403)
                raise PermissionDenied(refus(nom))
            return vue(request, *args, **kwargs)

        return enveloppe

    return decorateur
