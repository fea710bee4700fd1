from django.db import models


class StatutPromesse(models.TextChoices):
    """Où en est une promesse. « En retard » ne se déclare pas : il se calcule (échéance passée, promesse ni tenue,
    ni partiellement tenue, ni abandonnée), contre la date de référence (`promesses.temps.date_reference`)."""

    A_LANCER = "a_lancer", "À lancer"
    EN_COURS = "en_cours", "En cours"
    TENUE = "tenue", "Tenue"
    PARTIELLEMENT_TENUE = "partiellement_tenue", "Partiellement tenue"
    EN_RETARD = "en_retard", "En retard"
    ABANDONNEE = "abandonnee", "Abandonnée"


# Les statuts qu'un point d'avancement peut déclarer (tout sauf « en retard », calculé).
STATUTS_DECLARABLES = [(valeur, libelle) for valeur, libelle in StatutPromesse.choices if valeur != "en_retard"]
# Une promesse dans l'un de ces états est close : elle n'est jamais « en retard ».
STATUTS_CLOS = {StatutPromesse.TENUE, StatutPromesse.PARTIELLEMENT_TENUE, StatutPromesse.ABANDONNEE}


class MotifRappel(models.TextChoices):
    SANS_NOUVELLES = "sans_nouvelles", "Aucun point d'avancement depuis 30 jours"
    ECHEANCE_PROCHE = "echeance_proche", "Échéance dans moins de 30 jours"
