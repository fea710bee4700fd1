"""Listes du terrain pour les facilitateurs : entretiens collectifs et immersions, filtrés et paginés.

La liste des observations (avec leur codage en irritants) est une page de l'app des irritants, qui
dépend du terrain : voir `irritants/views/observations.py`.

Une requête htmx (changement de filtre, de page) reçoit le seul partiel des résultats ; la même
adresse sans htmx rend la page entière. Des filtres invalides ne font jamais d'erreur 500 : la page
répond 400 avec les erreurs en français.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from commun.fil_ariane import fil_ariane
from commun.listes import filtre_lire, liste_rendre
from commun.permissions import permission_requise
from terrain import selectors
from terrain.filters import EntretienFilter, ImmersionFilter

PAR_PAGE = 50
OBSERVATIONS_SUR_FICHE = 50
facilitateur_requis = permission_requise("terrain.voir_toutes_observations")


def _fil_du_terrain(*parents, courant: str) -> dict:
    """Accueil › Terrain › parents › page courante."""
    return fil_ariane(("Terrain", reverse("terrain:accueil")), *parents, courant=courant)


@facilitateur_requis
def entretiens_liste(request):
    return liste_rendre(
        request,
        filtre=filtre_lire(EntretienFilter, request, selectors.entretiens_pour_liste()),
        gabarit="terrain/listes/entretiens.html",
        partiel="terrain/listes/_entretiens.html",
        par_page=PAR_PAGE,
        contexte={"breadcrumb_data": _fil_du_terrain(courant="Entretiens collectifs")},
    )


@facilitateur_requis
def immersions_liste(request):
    return liste_rendre(
        request,
        filtre=filtre_lire(ImmersionFilter, request, selectors.immersions_pour_liste()),
        gabarit="terrain/listes/immersions.html",
        partiel="terrain/listes/_immersions.html",
        par_page=PAR_PAGE,
        contexte={"breadcrumb_data": _fil_du_terrain(courant="Immersions")},
    )


@facilitateur_requis
def entretien_detail(request, pk):
    entretien = selectors.entretien_fiche(pk)
    if entretien is None:
        raise Http404("Aucun entretien ne porte ce numéro.")
    observations, nb_observations = selectors.observations_de_la_fiche(OBSERVATIONS_SUR_FICHE, entretien=entretien)
    contexte = {
        "entretien": entretien,
        "breadcrumb_data": _fil_du_terrain(
            ("Entretiens collectifs", reverse("terrain:entretiens")), courant=f"Entretien du {entretien.date:%d/%m/%Y}"
        ),
        "observations": observations,
        "nb_observations": nb_observations,
        "filtre_url": f"{reverse('observations:liste')}?entretien={entretien.pk}",
    }
    return render(request, "terrain/listes/entretien_detail.html", contexte)


@facilitateur_requis
def immersion_detail(request, pk):
    immersion = selectors.immersion_fiche(pk)
    if immersion is None:
        raise Http404("Aucune immersion ne porte ce numéro.")
    observations, nb_observations = selectors.observations_de_la_fiche(OBSERVATIONS_SUR_FICHE, immersion=immersion)
    contexte = {
        "immersion": immersion,
        "breadcrumb_data": _fil_du_terrain(
            ("Immersions", reverse("terrain:immersions")), courant=f"Immersion du {immersion.date:%d/%m/%Y}"
        ),
        "filtre_url": f"{reverse('observations:liste')}?immersion={immersion.pk}",
        "canaux": selectors.canaux_libelles(immersion.canaux),
        "observations": observations,
        "nb_observations": nb_observations,
    }
    return render(request, "terrain/listes/immersion_detail.html", contexte)
