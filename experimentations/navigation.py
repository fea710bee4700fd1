"""L'expérimentation qu'une page montre : celle de `?experimentation=<slug>`, à défaut la plus récente.

Les pages des irritants, des personas et des apps du dessus la lisent de la même façon.
"""

from django.http import Http404

from experimentations import selectors


def experimentation_demandee(request):
    """(toutes les expérimentations, celle demandée par ?experimentation=, à défaut la plus récente) ; 404 si
    l'identifiant demandé est inconnu."""
    liste = selectors.experimentations()
    slug = request.GET.get("experimentation", "")
    experimentation = selectors.experimentation_choisir(liste, slug)
    if slug and experimentation is None:
        raise Http404("Aucune expérimentation ne porte cet identifiant.")
    return liste, experimentation
