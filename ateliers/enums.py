from django.db import models


class TypeParticipant(models.TextChoices):
    """Ce que représente un participant au séminaire."""

    AGENT_PUBLIC = "agent_public", "Agent public"
    ELU = "elu", "Élu"
    ASSOCIATION = "association", "Association"
    ENTREPRISE = "entreprise", "Entreprise"
    OPERATEUR = "operateur", "Opérateur de service public"
    USAGER = "usager", "Usager"


class EtatChoix(models.TextChoices):
    """Où en est le choix d'un participant (calculé : voir `Choix.etat`)."""

    PLACE = "place", "Place confirmée"
    ATTENTE = "attente", "En liste d'attente"
    PLACE_ET_ATTENTE = "place_et_attente", "Place confirmée, en attente d'un autre atelier"


class Decision(models.TextChoices):
    """Ce qu'une équipe décide à la fin d'un cycle pour le suivant."""

    GARDER = "garder", "Garder"
    AJUSTER = "ajuster", "Ajuster"
    ABANDONNER = "abandonner", "Abandonner"


class OrigineMembre(models.TextChoices):
    """D'où vient un membre d'équipe de co-construction."""

    PARTICIPANT = "participant", "Participant au séminaire"
    USAGER = "usager", "Usager"
    AGENT = "agent", "Agent de terrain"
    ENCADRANT = "encadrant", "Encadrant local"
    ANIMATION = "animation", "Équipe d'animation"


class Competence(models.TextChoices):
    """La compétence qu'un membre de l'équipe d'animation apporte."""

    AUCUNE = "", "—"
    DESIGN = "design", "Design de service"
    RELATION_USAGERS = "relation_usagers", "Relation aux usagers"
    NUMERIQUE = "numerique", "Numérique"
    CONNAISSANCE_TERRAIN = "terrain", "Connaissance du terrain"


class EtatInscription(models.TextChoices):
    CONFIRMEE = "confirmee", "Confirmée"
    ATTENTE = "attente", "En liste d'attente"
    ANNULEE = "annulee", "Annulée"
