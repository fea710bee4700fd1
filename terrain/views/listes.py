"""Listes du terrain : observations (filtres, export CSV), entretiens et immersions avec leurs fiches.

Un facilitateur voit tout ; un agent voit la liste de ses propres observations ; les entretiens,
les immersions et l'export sont réservés aux facilitateurs. Filtres invalides : la page répond
400 avec les erreurs en français (200 pour une requête htmx, que htmx n'afficherait pas sinon).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from carteblanche.exports import reponse_csv
from terrain import selectors
from terrain.filters import EntretienFilter, ImmersionFilter, ObservationFilter
from terrain.pagination import page_numerotee

PAR_PAGE = 50
OBSERVATIONS_SUR_FICHE = 50


def _exiger(request, perm: str):
    if not request.user.has_perm(perm):
        raise PermissionDenied("Cette page est réservée aux facilitateurs.")


def _page(request, queryset):
    return page_numerotee(Paginator(queryset, PAR_PAGE).get_page(request.GET.get("page")))


def _liste(request, *, filtre, gabarit: str, partiel: str, preparer=None, contexte: dict | None = None):
    """Rend une liste filtrée et paginée : le partiel des résultats pour htmx, la page entière sinon.

    `preparer` complète la requête filtrée avant la pagination (annotations, préchargements).
    """
    valide = filtre.is_valid() if filtre.is_bound else True
    page = None
    if valide:
        page = _page(request, preparer(filtre.qs) if preparer else filtre.qs)
    contexte = {**(contexte or {}), "filtre": filtre, "page_obj": page, "filtres_valides": valide}
    if request.htmx and not request.htmx.history_restore_request:
        reponse = render(request, partiel, contexte)
    else:
        filtre.preparer_affichage()
        reponse = render(request, gabarit, contexte, status=200 if valide else 400)
    # Même adresse, deux contenus (page entière ou partiel htmx) : le cache du navigateur doit les distinguer.
    patch_vary_headers(reponse, ["HX-Request"])
    return reponse


def _filtre(classe, request, queryset):
    # Non lié quand l'adresse ne porte aucun filtre (la pagination seule ne compte pas).
    donnees = request.GET if set(request.GET) - {"page"} else None
    return classe(donnees, queryset=queryset, request=request)


@login_required
def observations_liste(request):
    _exiger(request, "terrain.saisir_observation")
    tout_voir = request.user.has_perm("terrain.voir_toutes_observations")
    filtre = _filtre(ObservationFilter, request, selectors.observations_visibles(request.user))
    return _liste(
        request,
        filtre=filtre,
        gabarit="terrain/listes/observations.html",
        partiel="terrain/listes/_observations.html",
        preparer=selectors.observations_pour_liste,
        contexte={"tout_voir": tout_voir, "peut_exporter": request.user.has_perm("terrain.exporter_observations")},
    )


@login_required
def observations_export(request):
    _exiger(request, "terrain.exporter_observations")
    filtre = _filtre(ObservationFilter, request, selectors.observations_visibles(request.user))
    if filtre.is_bound and not filtre.is_valid():
        filtre.preparer_affichage()
        contexte = {"filtre": filtre, "page_obj": None, "filtres_valides": False, "tout_voir": True}
        return render(request, "terrain/listes/observations.html", contexte, status=400)
    nom = f"observations-{timezone.localdate():%Y-%m-%d}.csv"
    return reponse_csv(nom, selectors.ENTETES_CSV, selectors.observations_lignes_csv(filtre.qs))


@login_required
def entretiens_liste(request):
    _exiger(request, "terrain.voir_toutes_observations")
    return _liste(
        request,
        filtre=_filtre(EntretienFilter, request, selectors.entretiens_pour_liste()),
        gabarit="terrain/listes/entretiens.html",
        partiel="terrain/listes/_entretiens.html",
    )


@login_required
def immersions_liste(request):
    _exiger(request, "terrain.voir_toutes_observations")
    return _liste(
        request,
        filtre=_filtre(ImmersionFilter, request, selectors.immersions_pour_liste()),
        gabarit="terrain/listes/immersions.html",
        partiel="terrain/listes/_immersions.html",
    )


@login_required
def entretien_detail(request, pk):
    _exiger(request, "terrain.voir_toutes_observations")
    entretien = selectors.entretien_fiche(pk)
    if entretien is None:
        raise Http404("Aucun entretien ne porte ce numéro.")
    observations, nb_observations = selectors.observations_de_la_fiche(OBSERVATIONS_SUR_FICHE, entretien=entretien)
    contexte = {
        "entretien": entretien,
        "fil_courant": f"Entretien du {entretien.date:%d/%m/%Y}",
        "observations": observations,
        "nb_observations": nb_observations,
        "filtre_url": f"{reverse('terrain:observations')}?entretien={entretien.pk}",
    }
    return render(request, "terrain/listes/entretien_detail.html", contexte)


@login_required
def immersion_detail(request, pk):
    _exiger(request, "terrain.voir_toutes_observations")
    immersion = selectors.immersion_fiche(pk)
    if immersion is None:
        raise Http404("Aucune immersion ne porte ce numéro.")
    observations, nb_observations = selectors.observations_de_la_fiche(OBSERVATIONS_SUR_FICHE, immersion=immersion)
    contexte = {
        "immersion": immersion,
        "fil_courant": f"Immersion du {immersion.date:%d/%m/%Y}",
        "filtre_url": f"{reverse('terrain:observations')}?immersion={immersion.pk}",
        "canaux": selectors.canaux_libelles(immersion.canaux),
        "observations": observations,
        "nb_observations": nb_observations,
    }
    return render(request, "terrain/listes/immersion_detail.html", contexte)
