"""Une liste filtrée (django-filter) et paginée, rendue en page entière ou en partiel htmx par la même vue.

Partagé par les listes de toutes les apps : filtres valides → page de résultats ; filtres invalides →
la page avec les erreurs en français (400) ; requête htmx → le seul partiel des résultats.
"""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from commun.pagination import paginer


def filtre_lire(classe, request, queryset):
    """Le jeu de filtres de l'adresse ; non lié quand elle n'en porte aucun (la pagination seule ne compte pas)."""
    donnees = request.GET if set(request.GET) - {"page"} else None
    return classe(donnees, queryset=queryset, request=request)


def liste_rendre(request, *, filtre, gabarit: str, partiel: str, par_page: int, preparer=None, contexte=None):
    """Rend une liste filtrée et paginée : le partiel des résultats pour htmx, la page entière sinon.

    `preparer` complète la requête filtrée avant la pagination (annotations, préchargements).
    """
    valide = filtre.is_valid() if filtre.is_bound else True
    page = None
    if valide:
        page = paginer(request, preparer(filtre.qs) if preparer else filtre.qs, par_page)
    contexte = {**(contexte or {}), "filtre": filtre, "page_obj": page, "filtres_valides": valide}
    if request.htmx and not request.htmx.history_restore_request:
        reponse = render(request, partiel, contexte)
    else:
        filtre.preparer_affichage()
        reponse = render(request, gabarit, contexte, status=200 if valide else 400)
    # Même adresse, deux contenus (page entière ou partiel htmx) : le cache du navigateur doit les distinguer.
    patch_vary_headers(reponse, ["HX-Request"])
    return reponse
