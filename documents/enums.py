from django.db import models


class EtatDocument(models.TextChoices):
    """Où en est la génération d'un document ; « prêt » et « échec » sont les deux états finaux."""

    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    PRET = "pret", "Prêt"
    ECHEC = "echec", "Échec"
