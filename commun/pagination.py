"""Pagination des listes, affichée par la balise `{% dsfr_pagination page_obj %}` de django-dsfr."""

from django.core.paginator import Page, Paginator


def page_numerotee(page: Page) -> Page:
    """Ajoute à la page `pages_list` : les numéros à afficher, « … » entre les extrêmes et les voisines."""
    page.pages_list = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page


def paginer(request, objets, par_page: int) -> Page:
    """La page demandée par `?page=` (la dernière si le numéro dépasse, la première s'il est illisible)."""
    return page_numerotee(Paginator(objets, par_page).get_page(request.GET.get("page")))
