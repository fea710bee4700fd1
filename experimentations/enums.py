from django.db import models


class TypePhase(models.TextChoices):
    DIAGNOSTIC = "diagnostic", "Diagnostic de terrain"
    SEMINAIRE = "seminaire", "Séminaire d'orientation"
    CO_CONSTRUCTION = "co_construction", "Co-construction des solutions"
    SUIVI = "suivi", "Suivi des promesses"


class StatutPhase(models.TextChoices):
    A_VENIR = "a_venir", "À venir"
    EN_COURS = "en_cours", "En cours"
    TERMINEE = "terminee", "Terminée"
