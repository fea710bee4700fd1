"""La liste des observations du diagnostic avec leur codage, et son export CSV.

Servie à `/terrain/observations/` (adresse stable) : c'est la liste du terrain, à laquelle l'app des
irritants ajoute ses filtres (`irritant`, `non_codees`) et sa colonne. Un facilitateur voit tout ; un
agent local, ses propres observations.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from commun.exports import reponse_csv
from commun.fil_ariane import fil_ariane
from commun.listes import filtre_lire, liste_rendre
from commun.permissions import permission_requise
from irritants import selectors
from irritants.filters import ObservationCodageFilter
from terrain import selectors as terrain_selectors

PAR_PAGE = 50


def _fil(*, tout_voir: bool) -> dict:
    """Accueil › Terrain › Observations (ou Mes observations)."""
    courant = "Observations" if tout_voir else "Mes observations"
    return fil_ariane(("Terrain", reverse("terrain:accueil")), courant=courant)


def _filtre(request):
    return filtre_lire(ObservationCodageFilter, request, terrain_selectors.observations_visibles(request.user))


@permission_requise("terrain.saisir_observation")
def liste(request):
    tout_voir = request.user.has_perm("terrain.voir_toutes_observations")
    return liste_rendre(
        request,
        filtre=_filtre(request),
        gabarit="irritants/observations/liste.html",
        partiel="irritants/observations/_resultats.html",
        par_page=PAR_PAGE,
        preparer=selectors.observations_codees_pour_liste,
        contexte={
            "tout_voir": tout_voir,
            "breadcrumb_data": _fil(tout_voir=tout_voir),
            "peut_exporter": request.user.has_perm("terrain.exporter_observations"),
        },
    )


@permission_requise("terrain.exporter_observations")
def export(request):
    filtre = _filtre(request)
    if filtre.is_bound and not filtre.is_valid():
        filtre.preparer_affichage()
        contexte = {"filtre": filtre, "page_obj": None, "filtres_valides": False, "tout_voir": True}
        contexte["breadcrumb_data"] = _fil(tout_voir=True)
        return render(request, "irritants/observations/liste.html", contexte, status=400)
    nom = f"observations-{timezone.localdate():%Y-%m-%d}.csv"
    entetes, lignes = selectors.observations_export(filtre.qs)
    return reponse_csv(nom, entetes, lignes)
