"""Le fil d'Ariane des pages : les données que lit la balise `{% dsfr_breadcrumb %}` de django-dsfr.

Une vue met `breadcrumb_data` dans son contexte ; `templates/base.html` affiche alors le fil
(« Accueil », les pages parentes, la page courante) avec le gabarit de django-dsfr.
"""


def fil_ariane(*parents: tuple[str, str], courant: str) -> dict:
    """Accueil › parents › page courante ; chaque parent est un couple (titre, adresse), du plus haut au plus proche.

    Exemple : `fil_ariane(("Irritants", reverse("irritants:synthese")), courant="Journal du codage")`.
    """
    return {"links": [{"title": titre, "url": adresse} for titre, adresse in parents], "current": courant}
