"""Le tableau de bord public des promesses (sans connexion, lecture seule) : adresses stables `/promesses/`,
`/promesses/<id>/`, `/promesses/export.csv`, `/promesses/export.json`, `/promesses/donnees/`.

Gardées entières pour les visiteurs sans session (`commun.cache.page_publique("promesses")`), invalidées à
chaque écriture (branchée dans `PromessesConfig.ready`). Le temps vient de `promesses.temps.date_reference`.
"""

import datetime
import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from commun.cache import page_publique
from commun.exports import reponse_csv
from commun.fil_ariane import fil_ariane
from documents.markdown import markdown_sur
from experimentations.navigation import experimentation_demandee
from promesses import donnees, selectors
from promesses.filters import PromesseFilter
from promesses.models import StatutPromesse
from promesses.temps import date_reference

MOIS_FORMAT = "%Y-%m"


def _mois_demande(request) -> datetime.date | None:
    texte = request.GET.get("mois", "")
    if not texte:
        return None
    try:
        debut = datetime.datetime.strptime(texte, MOIS_FORMAT).date()
    except ValueError:
        raise Http404("Le mois s'écrit AAAA-MM, par exemple 2018-06.") from None
    return selectors.fin_de_mois(debut.year, debut.month)


@require_safe
@page_publique("promesses")
def tableau(request):
    experimentations, experimentation = experimentation_demandee(request)
    if experimentation is None:
        return render(request, "promesses/tableau.html", {"breadcrumb_data": fil_ariane(courant="Promesses")})
    reference = date_reference()
    toutes = selectors.promesses_publiques(experimentation)
    filtre = PromesseFilter(request.GET or None, queryset=toutes, experimentation=experimentation)
    filtre_actif = bool(filtre.is_bound and filtre.is_valid() and any(filtre.form.cleaned_data.values()))
    liste = list(toutes)
    promesses = list(filtre.qs) if filtre_actif else liste
    resultats = {
        "cartes": selectors.cartes_personas(promesses),
        "filtre_actif": filtre_actif,
        "nb_affichees": len(promesses),
    }
    if request.htmx and not request.htmx.history_restore_request:
        # Les filtres (htmx) ne remplacent que #resultats : le partiel seul, pas la page dans la page.
        reponse = render(request, "promesses/includes/_resultats.html", resultats)
        patch_vary_headers(reponse, ["HX-Request"])
        return reponse
    filtre.preparer_affichage()
    mois = _mois_demande(request)
    courbe_complete = selectors.courbe(experimentation)
    echeance = experimentation.date_echeance_promesses
    context = {
        "experimentations": experimentations,
        "experimentation": experimentation,
        "reference": reference,
        "jours_restants": (echeance - reference).days,
        "echeance": echeance,
        "situation": selectors.situation_actuelle(liste),
        "situation_mois": selectors.situation_au(experimentation, mois) if mois else None,
        "mois": mois,
        "mois_disponibles": selectors.mois_disponibles(courbe_complete),
        "courbe": selectors.courbe_jusqu_a(courbe_complete, mois) if mois else courbe_complete,
        "retenues": selectors.promesses_retenues(experimentation),
        "filtre": filtre,
        **resultats,
        "breadcrumb_data": fil_ariane(courant="Promesses"),
    }
    reponse = render(request, "promesses/tableau.html", context)
    patch_vary_headers(reponse, ["HX-Request"])
    return reponse


@require_safe
@page_publique("promesses")
def detail(request, pk):
    vue = selectors.promesse_vue(pk)
    if vue is None:
        raise Http404("Cette promesse n'existe pas, ou elle n'est pas publiée.")
    reference = date_reference()
    context = {
        "vue": vue,
        "promesse": vue.promesse,
        "engagement": vue.promesse.engagement,
        "persona": vue.promesse.engagement.lettre.atelier.persona,
        "description": markdown_sur(vue.promesse.engagement.description),
        "jours": selectors.libelle_jours(vue.promesse, reference),
        # Sans requête pour un visiteur anonyme (page gardée en cache) ; le porteur connecté voit le bouton.
        "peut_mettre_a_jour": request.user.has_perm("promesses.mettre_a_jour", vue.promesse),
        "reference": reference,
        "breadcrumb_data": fil_ariane(("Promesses", reverse("promesses:tableau")), courant=vue.promesse.titre),
    }
    return render(request, "promesses/detail.html", context)


def _en_entier(reponse) -> HttpResponse:
    """Le CSV en flux de `commun.exports` rendu en une seule réponse : un export est borné (une expérimentation)
    et `commun.cache.page_publique` ne garde pas une réponse en flux."""
    entiere = HttpResponse(b"".join(reponse.streaming_content), content_type=reponse["Content-Type"])
    entiere["Content-Disposition"] = reponse["Content-Disposition"]
    return entiere


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
@page_publique("promesses")
def export_csv(request):
    experimentations, experimentation = experimentation_demandee(request)
    queryset = selectors.promesses_publiques(experimentation).select_related(
        "engagement__lettre__atelier__seminaire__experimentation"
    )
    filtre = PromesseFilter(request.GET or None, queryset=queryset, experimentation=experimentation)
    queryset = donnees.avec_irritants(filtre.qs if filtre.is_bound and filtre.is_valid() else queryset)
    base = _base_url(request)
    colonnes = [nom for nom, _ in donnees.COLONNES_PROMESSES]
    lignes = ([ligne[c] for c in colonnes] for ligne in (donnees.ligne_promesse(p, base) for p in queryset))
    return _en_entier(reponse_csv("promesses.csv", colonnes, lignes))


@require_safe
@page_publique("promesses")
def export_points_csv(request):
    experimentations, experimentation = experimentation_demandee(request)
    colonnes = [nom for nom, _ in donnees.COLONNES_POINTS]
    points = selectors.points_publics(experimentation).order_by("promesse_id", "date", "pk")
    lignes = ([ligne[c] for c in colonnes] for ligne in (donnees.ligne_point(p) for p in points))
    return _en_entier(reponse_csv("promesses-points.csv", colonnes, lignes))


@require_safe
@page_publique("promesses")
def export_json(request):
    experimentations, experimentation = experimentation_demandee(request)
    queryset = donnees.avec_irritants(
        selectors.promesses_publiques(experimentation).select_related(
            "engagement__lettre__atelier__seminaire__experimentation"
        )
    )
    base = _base_url(request)
    points = selectors.points_publics(experimentation).order_by("promesse_id", "date", "pk")
    contenu = {
        "licence": donnees.LICENCE,
        "licence_url": donnees.LICENCE_URL,
        "documentation": base + reverse("promesses:donnees"),
        "experimentation": experimentation.slug if experimentation else None,
        "promesses": [donnees.ligne_promesse(p, base) for p in queryset],
        "points_avancement": [donnees.ligne_point(p) for p in points],
    }
    reponse = HttpResponse(json.dumps(contenu, ensure_ascii=False, indent=1), content_type="application/json")
    reponse["Content-Disposition"] = 'inline; filename="promesses.json"'
    return reponse


@require_safe
@page_publique("promesses")
def documentation(request):
    context = {
        "colonnes_promesses": donnees.COLONNES_PROMESSES,
        "colonnes_points": donnees.COLONNES_POINTS,
        "licence": donnees.LICENCE,
        "licence_url": donnees.LICENCE_URL,
        "statuts": StatutPromesse.choices,
        "breadcrumb_data": fil_ariane(("Promesses", reverse("promesses:tableau")), courant="Données ouvertes"),
    }
    return render(request, "promesses/donnees.html", context)
