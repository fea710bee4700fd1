from django.db import models


class TypeStructure(models.TextChoices):
    SERVICE_ETAT = "service_etat", "Service de l'État"
    COLLECTIVITE = "collectivite", "Collectivité"
    OPERATEUR = "operateur", "Opérateur de service public"
    ASSOCIATION = "association", "Association"
    ENTREPRISE = "entreprise", "Entreprise"
    AUTRE = "autre", "Autre"


class TypeObservation(models.TextChoices):
    DIFFICULTE = "difficulte", "Difficulté"
    BESOIN = "besoin", "Besoin"
    BONNE_PRATIQUE = "bonne_pratique", "Bonne pratique"
    IDEE = "idee", "Idée"


class SourceObservation(models.TextChoices):
    """D'où vient le fait : un usager l'a vécu et dit, ou un agent ou une association le rapporte."""

    USAGER = "usager", "Directement d'un usager"
    RAPPORTE = "rapporte", "Rapporté par un agent ou une association"
    CONSTAT = "constat", "Constaté par l'équipe (immersion)"


class StatutPublication(models.TextChoices):
    INTERNE = "interne", "Interne"
    PUBLIABLE = "publiable", "Publiable"
    RETIRE = "retire", "Retiré"


class TrancheAge(models.TextChoices):
    MOINS_25 = "moins_25", "Moins de 25 ans"
    DE_25_A_39 = "25_39", "25 à 39 ans"
    DE_40_A_59 = "40_59", "40 à 59 ans"
    DE_60_A_74 = "60_74", "60 à 74 ans"
    PLUS_75 = "75_plus", "75 ans et plus"
    INCONNUE = "inconnue", "Non précisé"


class Origine(models.TextChoices):
    """D'où vient une observation : d'un entretien collectif, d'une immersion, ou notée directement sur le terrain.

    Déduite des liens de l'observation (`Observation.origine`), filtrée par `ObservationQuerySet.d_origine`.
    """

    ENTRETIEN = "entretien", "Entretien collectif"
    IMMERSION = "immersion", "Immersion"
    TERRAIN = "terrain", "Saisie de terrain"
