import logging

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views import defaults

journal = logging.getLogger(__name__)


def sante(request):
    """Sonde de santé pour l'orchestrateur : la base et le cache répondent-ils ?

    La réponse dit « ok » ou « erreur », rien de plus (ni classe d'exception ni message, qui renseigneraient
    un attaquant sur la pile) ; le détail va au journal du serveur.
    """
    etat = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        etat["base"] = "ok"
    except Exception:  # la sonde doit répondre même quand la base est tombée
        journal.exception("Sonde de santé : la base ne répond pas")
        etat["base"] = "erreur"
    try:
        cache.set("sante", "ok", 5)
        etat["cache"] = "ok" if cache.get("sante") == "ok" else "erreur"
    except Exception:
        journal.exception("Sonde de santé : le cache ne répond pas")
        etat["cache"] = "erreur"
    statut = 200 if all(v == "ok" for v in etat.values()) else 503
    return JsonResponse(etat, status=statut)


def page_introuvable(request, exception=None):
    """404 de tout le site : JSON en français sous /api/ (une adresse que le routeur ne reconnaît pas), page DSFR
    ailleurs."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Introuvable."}, status=404, json_dumps_params={"ensure_ascii": False})
    return defaults.page_not_found(request, exception)


def requete_invalide(request, exception=None):
    """400 de tout le site (corps trop gros, trop de champs, hôte refusé) : JSON sous /api/, page DSFR ailleurs."""
    if request.path_info.startswith("/api/"):
        return JsonResponse(
            {"detail": "Requête refusée : trop volumineuse ou mal formée."},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    if not hasattr(request, "user"):  # refusée avant l'authentification : la page la montre anonyme
        request.user = AnonymousUser()
    return defaults.bad_request(request, exception)
