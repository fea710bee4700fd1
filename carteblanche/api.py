"""Routeur DRF unique : chaque app y enregistre ses viewsets (racine navigable à /api/)."""

from rest_framework.routers import DefaultRouter

from irritants.api import IrritantViewSet, ObservationCodeeViewSet
from territoire.api import CommuneViewSet, EpciViewSet, LieuAccueilViewSet

router = DefaultRouter()
router.register("communes", CommuneViewSet, basename="commune")
router.register("epci", EpciViewSet, basename="epci")
router.register("lieux-accueil", LieuAccueilViewSet, basename="lieu-accueil")
# Les observations du terrain, avec leur codage en irritants (l'app des irritants étend celle du terrain).
router.register("observations", ObservationCodeeViewSet, basename="observation")
router.register("irritants", IrritantViewSet, basename="irritant")


ERREUR = {
    "type": "object",
    "description": "Erreur en français : `detail`, ou les erreurs rangées par champ (listes de messages).",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
DESCRIPTIONS = {
    "400": "Requête invalide (champs, filtres, JSON trop imbriqué ou caractère nul) : erreurs en français.",
    "401": "Identifiants HTTP Basic incorrects.",
    "403": "Authentification requise, ou compte sans le droit demandé.",
    "404": "Introuvable, hors de ce que le compte peut voir, ou page d'une liste au-delà de la dernière.",
    "429": "Trop de requêtes, ou connexion bloquée après trop d'échecs : réessayer plus tard.",
}


def reponses_d_erreur_documenter(result, generator, request, public):
    """Crochet de drf-spectacular : les réponses d'erreur que chaque opération peut rendre, décrites.

    Toute opération peut répondre 400 (filtre ou corps invalide), 401 (mauvais identifiants HTTP Basic),
    403 (droits), 404 (objet introuvable ou invisible, page de liste inexistante), 429 (débit).
    """
    composants = result.setdefault("components", {}).setdefault("schemas", {})
    composants["Erreur"] = ERREUR
    reference = {"$ref": "#/components/schemas/Erreur"}
    for operations in result.get("paths", {}).values():
        for methode, operation in operations.items():
            if methode not in ("get", "post", "put", "patch", "delete"):
                continue
            reponses = operation.setdefault("responses", {})
            codes = ["400", "401", "403", "404", "429"]
            for code in codes:
                reponses.setdefault(
                    code, {"description": DESCRIPTIONS[code], "content": {"application/json": {"schema": reference}}}
                )
    return result
