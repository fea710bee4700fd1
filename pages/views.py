"""Pages d'information (pied de page) et plan du site : publiques, sans session, identiques pour tous."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from commun.fil_ariane import fil_ariane
from experimentations.selectors import experimentations_publiques, frise
from pages import plan
from pages.contenus import PAGES, PAR_SLUG


@require_safe
def page_information(request, slug):
    page = PAR_SLUG.get(slug)
    if page is None:
        raise Http404("Cette page n'existe pas.")
    context = {
        "page": page,
        "autres_pages": [autre for autre in PAGES if autre.slug != slug],
        "breadcrumb_data": fil_ariane(courant=page.titre),
    }
    return render(request, "pages/page_information.html", context)


@require_safe
def plan_du_site(request):
    context = {"sections": plan.plan_du_site(), "breadcrumb_data": fil_ariane(courant="Plan du site")}
    return render(request, "pages/plan_du_site.html", context)


@login_required
def espace_participant(request):
    """La page où arrive un participant après connexion : ce qu'il fera, ce qui existe déjà, ce qui vient.

    Un participant n'a pas (encore) de page de travail : sans cette page, il arrivait sur l'accueil public
    et chaque lien de travail lui répondait 403.
    """
    experimentations = list(experimentations_publiques())
    experimentation = experimentations[0] if experimentations else None
    context = {"experimentation": experimentation, "breadcrumb_data": fil_ariane(courant="Mon espace")}
    if experimentation is not None:
        context["frise"] = frise(list(experimentation.phases.all()), timezone.localdate())
    return render(request, "pages/espace_participant.html", context)
