from django.db import models


class Mobilite(models.TextChoices):
    """Comment le persona se déplace pour rejoindre un service."""

    VOITURE = "voiture", "Voiture personnelle"
    VOITURE_INCERTAINE = "voiture_incertaine", "Voiture peu fiable ou partagée"
    TRANSPORTS_EN_COMMUN = "transports", "Transports en commun"
    PROCHES = "proches", "Dépend de ses proches pour se déplacer"
    A_PIED = "a_pied", "À pied ou à vélo"
    AUCUNE = "aucune", "Aucun moyen de se déplacer"


class AutonomieNumerique(models.TextChoices):
    """Ce que le persona peut faire seul en ligne."""

    AUTONOME = "autonome", "Autonome en ligne"
    FRAGILE = "fragile", "Se débrouille, mais bloque sur les démarches complexes"
    ACCOMPAGNEE = "accompagnee", "A besoin d'être accompagné pour ses démarches"
    ELOIGNEE = "eloignee", "Sans équipement ni connexion utilisables"


class StatutPersona(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    PUBLIE = "publie", "Publié"


class ActionPersona(models.TextChoices):
    CREATION = "creation", "Création du persona"
    MODIFICATION = "modification", "Modification du persona"
    PUBLICATION = "publication", "Publication"
    DEPUBLICATION = "depublication", "Retour au brouillon"
