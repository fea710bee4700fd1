from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse


def sante(request):
    """Sonde de santé pour l'orchestrateur : la base et le cache répondent-ils ?"""
    etat = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        etat["base"] = "ok"
    except Exception as exc:  # la sonde doit répondre même quand la base est tombée
        etat["base"] = f"erreur : {exc.__class__.__name__}"
    try:
        cache.set("sante", "ok", 5)
        etat["cache"] = "ok" if cache.get("sante") == "ok" else "erreur"
    except Exception as exc:
        etat["cache"] = f"erreur : {exc.__class__.__name__}"
    statut = 200 if all(v == "ok" for v in etat.values()) else 503
    return JsonResponse(etat, status=statut)
