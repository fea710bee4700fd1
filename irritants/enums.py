from django.db import models


class Gravite(models.IntegerChoices):
    FAIBLE = 1, "Faible"
    MOYENNE = 2, "Moyenne"
    FORTE = 3, "Forte"
    CRITIQUE = 4, "Critique"


class StatutIrritant(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    PUBLIE = "publie", "Publié"
    RETIRE = "retire", "Retiré"


class ActionCodage(models.TextChoices):
    RATTACHEMENT = "rattachement", "Rattachement d'une observation"
    DETACHEMENT = "detachement", "Détachement d'une observation"
    CREATION = "creation", "Création de l'irritant"
    FUSION = "fusion", "Fusion d'irritants"
    PUBLICATION = "publication", "Publication de l'irritant"
    DEPUBLICATION = "depublication", "Retour au brouillon"
    RETRAIT = "retrait", "Retrait de l'irritant"
