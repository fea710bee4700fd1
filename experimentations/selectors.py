from experimentations.models import Experimentation


def experimentations_publiques():
    """Les expérimentations, la plus récente d'abord, avec territoire et phases chargés (2 requêtes)."""
    return Experimentation.objects.select_related("territoire").prefetch_related("phases").order_by("-date_lancement")


def experimentations() -> list[Experimentation]:
    """Toutes les expérimentations, la plus récente d'abord (une requête)."""
    return list(Experimentation.objects.select_related("territoire").order_by("-date_lancement", "-pk"))


def experimentation_choisir(liste: list[Experimentation], slug: str | None) -> Experimentation | None:
    """L'expérimentation demandée par son identifiant, sinon la plus récente ; None si l'identifiant est inconnu."""
    if not slug:
        return liste[0] if liste else None
    return next((e for e in liste if e.slug == slug), None)
