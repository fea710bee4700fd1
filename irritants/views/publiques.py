"""Synthèse publique des irritants et page d'un irritant (le public ne voit que les irritants publiés)."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from commun.fil_ariane import fil_ariane
from experimentations.navigation import experimentation_demandee
from irritants import selectors


def voir_tout(request) -> bool:
    return request.user.has_perm("irritants.voir_tout")


@require_safe
def synthese(request):
    liste, experimentation = experimentation_demandee(request)
    tout = voir_tout(request)
    context = {
        "experimentations": liste,
        "experimentation": experimentation,
        "voir_tout": tout,
        "synthese": selectors.synthese(experimentation, voir_tout=tout) if experimentation else None,
        "breadcrumb_data": fil_ariane(courant="Irritants"),
    }
    return render(request, "irritants/synthese.html", context)


@require_safe
def irritant_detail(request, pk):
    tout = voir_tout(request)
    vue = selectors.irritant_vue(pk, voir_tout=tout)
    if vue is None:
        if remplacant := selectors.irritant_remplacant(pk, voir_tout=tout):
            return HttpResponsePermanentRedirect(remplacant.get_absolute_url())
        raise Http404("Cet irritant n'existe pas.")
    context = {
        "vue": vue,
        "irritant": vue.irritant,
        "voir_tout": tout,
        "breadcrumb_data": fil_ariane(
            ("Irritants", reverse("irritants:synthese")), courant=Truncator(vue.irritant.titre).chars(60)
        ),
    }
    return render(request, "irritants/irritant_detail.html", context)
