"""Pagination des listes (terrain et irritants), affichée par `templates/includes/pagination.html`."""

from django.core.paginator import Page


def page_numerotee(page: Page) -> Page:
    """Ajoute à la page `pages_list` : les numéros à afficher, « … » entre les extrêmes et les voisines."""
    page.pages_list = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page
