"""Routeur DRF unique : chaque app y enregistre ses viewsets (racine navigable à /api/).

On y règle aussi ce que la documentation (/api/docs/) montre de l'API publique, sans toucher aux apps :
- `carteblanche.schema.SchemaCarteBlanche` (réglage DEFAULT_SCHEMA_CLASS) : pas d'exigence d'identification
  (ni cadenas dans Swagger UI) sur une lecture qu'un visiteur anonyme peut faire ;
- des résumés en français et des exemples tirés de l'expérimentation de Cahors (plutôt que des valeurs
  générées comme 9223372036854776000).
"""

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework.routers import DefaultRouter

from irritants.api import IrritantViewSet, ObservationCodeeViewSet
from promesses.api import PointAvancementViewSet, PromesseViewSet
from territoire.api import CommuneViewSet, EpciViewSet, LieuAccueilViewSet

EPCI_GRAND_CAHORS = {"siren": "200023737", "nom": "Communauté d'agglomération du Grand Cahors", "type": "CA"}
HORAIRES = {jour: [["08:30", "12:30"], ["13:30", "17:30"]] for jour in ("lundi", "mardi", "mercredi", "jeudi")}
COMMUNE_CAHORS = {
    "code_insee": "46042",
    "type": "COM",
    "nom": "Cahors",
    "commune_actuelle": "46042",
    "departement": "46",
    "population": 19878,
    "codes_postaux": ["46000"],
    "epci": "200023737",
    "centroide_latitude": 44.45073,
    "centroide_longitude": 1.440506,
    "mairie_adresse": "73 boulevard Léon-Gambetta\n46000 Cahors",
    "mairie_horaires": HORAIRES,
    "mairie_telephone": "05 65 20 87 87",
}
LIEU_CATUS = {
    "id": 321,
    "type": "france_services",
    "nom": "Maison de services au public de Catus",
    "adresse": "",
    "code_postal": "46150",
    "commune": "46064",
    "latitude": 44.5569,
    "longitude": 1.3344,
    "horaires": {"mardi": [["09:00", "12:00"]], "jeudi": [["14:00", "17:00"]]},
    "canaux": ["guichet", "telephone"],
}
IRRITANT_MOBILITE = {
    "id": 1,
    "experimentation": "cahors-2018",
    "titre": "Sans voiture, les services restent hors de portée",
    "description": (
        "Hors de Cahors, les lignes régulières passent une à deux fois par jour et le transport à la demande "
        "se réserve la veille."
    ),
    "theme": {"slug": "accessibilite-mobilite", "nom": "Accessibilité des services publics et mobilité"},
    "gravite": 4,
    "gravite_libelle": "Critique",
    "nb_observations": 42,
    "nb_entretiens": 18,
    "nb_immersions": 3,
    "nb_verbatims_publiables": 5,
    "verbatims_publiables": [
        {
            "texte": "La voiture part à 6 heures avec mon mari. Moi je reste au village avec les petits.",
            "profil": "25 à 39 ans, mère au foyer, trois enfants, Saint Géry-Vers",
        }
    ],
}


def _lecture_publique(viewset, *, nom: str, pluriel: str, exemple: dict, titre_exemple: str):
    """Résumés et exemples d'un viewset en lecture seule (liste paginée et détail)."""
    exemples = [OpenApiExample(titre_exemple, value=exemple, response_only=True)]
    return extend_schema_view(
        list=extend_schema(summary=f"Liste des {pluriel}", examples=exemples),
        retrieve=extend_schema(summary=f"Un{nom}", examples=exemples),
    )(viewset)


_lecture_publique(CommuneViewSet, nom="e commune", pluriel="communes", exemple=COMMUNE_CAHORS, titre_exemple="Cahors")
_lecture_publique(EpciViewSet, nom=" EPCI", pluriel="EPCI", exemple=EPCI_GRAND_CAHORS, titre_exemple="Grand Cahors")
_lecture_publique(
    LieuAccueilViewSet, nom=" lieu d'accueil", pluriel="lieux d'accueil", exemple=LIEU_CATUS, titre_exemple="Catus"
)
_lecture_publique(
    IrritantViewSet,
    nom=" irritant publié",
    pluriel="irritants publiés",
    exemple=IRRITANT_MOBILITE,
    titre_exemple="Mobilité",
)

router = DefaultRouter()
router.register("communes", CommuneViewSet, basename="commune")
router.register("epci", EpciViewSet, basename="epci")
router.register("lieux-accueil", LieuAccueilViewSet, basename="lieu-accueil")
# Les observations du terrain, avec leur codage en irritants (l'app des irritants étend celle du terrain).
router.register("observations", ObservationCodeeViewSet, basename="observation")
router.register("irritants", IrritantViewSet, basename="irritant")
router.register("promesses", PromesseViewSet, basename="promesse")
router.register("points-avancement", PointAvancementViewSet, basename="point-avancement")


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
    "415": "Type de contenu du corps non pris en charge (JSON, formulaire ou multipart illisible).",
    "429": "Trop de requêtes, ou connexion bloquée après trop d'échecs : réessayer plus tard.",
}


def reponses_d_erreur_documenter(result, generator, request, public):
    """Crochet de drf-spectacular : les réponses d'erreur que chaque opération peut rendre, décrites.

    Toute opération peut répondre 400 (filtre ou corps invalide), 401 (mauvais identifiants HTTP Basic),
    403 (droits), 404 (objet introuvable ou invisible, page de liste inexistante), 429 (débit) ; celles qui
    reçoivent un corps, 415 (type de contenu non pris en charge).
    """
    composants = result.setdefault("components", {}).setdefault("schemas", {})
    composants["Erreur"] = ERREUR
    reference = {"$ref": "#/components/schemas/Erreur"}
    for operations in result.get("paths", {}).values():
        for methode, operation in operations.items():
            if methode not in ("get", "post", "put", "patch", "delete"):
                continue
            reponses = operation.setdefault("responses", {})
            codes = ["400", "401", "403", "404", "429"] + (["415"] if methode in ("post", "put", "patch") else [])
            for code in codes:
                reponses.setdefault(
                    code, {"description": DESCRIPTIONS[code], "content": {"application/json": {"schema": reference}}}
                )
    return result
