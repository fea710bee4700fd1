"""Filtres d'affichage du territoire : horaires d'ouverture lisibles."""

import re

from django import template

from territoire.enums import JOURS

register = template.Library()

HEURE = re.compile(r"([01]?[0-9]|2[0-4])[:h]([0-5][0-9])")


def heure_fr(valeur) -> str:
    """« 08:30 » → « 8 h 30 », « 14:00 » → « 14 h » ; une valeur inattendue est rendue telle quelle."""
    correspondance = HEURE.fullmatch(str(valeur).strip())
    if not correspondance:
        return str(valeur)
    heures, minutes = int(correspondance[1]), correspondance[2]
    return f"{heures} h" if minutes == "00" else f"{heures} h {minutes}"


def _creneau(creneau) -> str:
    if isinstance(creneau, list | tuple) and len(creneau) == 2:
        return f"{heure_fr(creneau[0])} à {heure_fr(creneau[1])}"
    return str(creneau)


@register.filter
def horaires_semaine(horaires) -> list[tuple[str, str]]:
    """Les sept jours, chacun avec ses créneaux en toutes lettres (« 8 h 30 à 12 h 30, 13 h 30 à 17 h 30 »)
    ou « Fermé ». Liste vide quand aucun horaire n'est connu, pour afficher « non renseignés »."""
    if not isinstance(horaires, dict) or not any(horaires.get(jour) for jour in JOURS):
        return []
    semaine = []
    for jour in JOURS:
        creneaux = horaires.get(jour) or []
        if not isinstance(creneaux, list):
            creneaux = [creneaux]
        texte = ", ".join(_creneau(c) for c in creneaux)
        semaine.append((jour.capitalize(), texte or "Fermé"))
    return semaine
