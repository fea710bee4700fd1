from experimentations.models import Experimentation


def experimentations_publiques():
    """Les expérimentations, la plus récente d'abord, avec territoire et phases chargés (2 requêtes)."""
    return Experimentation.objects.select_related("territoire").prefetch_related("phases").order_by("-date_lancement")
