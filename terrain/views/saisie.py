"""Saisie mobile des observations : l'accueil terrain, le formulaire, la fiche, l'autocomplétion des communes.

Les agents locaux voient et modifient leurs observations ; les facilitateurs toutes (`terrain/rules.py`).
Une observation qu'on n'a pas le droit de voir répond 404, comme si elle n'existait pas.

Le script hors ligne (`static/js/observation-brouillon.js`) envoie le formulaire avec
`Accept: application/json` : il reçoit alors du JSON au lieu d'une page (201 créée, 200 déjà reçue,
422 refusée, 401 session expirée).
"""

from functools import wraps

import rules
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods

from experimentations.models import Experimentation
from terrain import services
from terrain.forms import ObservationForm, communes_suggerer, recherche_extraire
from terrain.models import Observation
from terrain.pagination import page_numerotee

PAR_PAGE = 20
GABARIT_FORMULAIRE = "terrain/saisie/formulaire.html"


def _veut_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _json_erreur(message: str, status: int) -> JsonResponse:
    return JsonResponse({"ok": False, "erreurs": {"__all__": [message]}}, status=status)


def saisie_requise(vue):
    """Connexion obligatoire (sinon page de connexion, ou 401 en JSON), puis rôle agent ou facilitateur.

    Sans le rôle : 403, avec la page d'erreur DSFR du projet (templates/403.html).
    """

    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if _veut_json(request):
                return _json_erreur(
                    "Votre session a expiré : reconnectez-vous. L'observation reste gardée sur ce téléphone.", 401
                )
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("terrain.saisir_observation"):
            if _veut_json(request):
                return _json_erreur("La saisie des observations est réservée aux agents et aux facilitateurs.", 403)
            raise PermissionDenied("La saisie des observations est réservée aux agents et aux facilitateurs.")
        return vue(request, *args, **kwargs)

    return enveloppe


def _observation_ou_none(request, pk: int, permission: str) -> Observation | None:
    """L'observation si l'utilisateur a la permission sur elle ; None sinon : 404, sans dire si elle existe."""
    observation = (
        Observation.objects.select_related("experimentation", "auteur", "entretien", "immersion__lieu")
        .prefetch_related("communes", "publics", "verbatims__commune")
        .filter(pk=pk)
        .first()
    )
    if observation is None or not request.user.has_perm(permission, observation):
        return None
    return observation


@saisie_requise
@require_GET
def accueil_terrain(request):
    """Le gros bouton « Noter une observation », puis mes observations, les plus récentes d'abord."""
    observations = (
        Observation.objects.filter(auteur=request.user)
        .prefetch_related("communes", "verbatims")
        .order_by("-cree_le", "-pk")
    )
    page = page_numerotee(Paginator(observations, PAR_PAGE).get_page(request.GET.get("page")))
    # Fragment pour la pagination htmx ; page entière pour une restauration d'historique.
    fragment = request.htmx and not request.htmx.history_restore_request
    gabarit = "terrain/saisie/_mes_observations.html" if fragment else "terrain/saisie/accueil.html"
    # rules seul (sans ModelBackend) : pas de requête de permissions en plus pour un agent.
    voir_tout = rules.has_perm("terrain.voir_toutes_observations", request.user)
    reponse = render(request, gabarit, {"page": page, "voir_tout": voir_tout})
    patch_vary_headers(reponse, ("HX-Request",))
    return reponse


def _reponse_refus(request, form, *, observation=None):
    """Saisie refusée : 422, le formulaire réaffiché avec ce qui a été tapé (ou les erreurs en JSON)."""
    if _veut_json(request):
        return JsonResponse({"ok": False, "erreurs": form.erreurs_json()}, status=422)
    return render(request, GABARIT_FORMULAIRE, {"form": form, "observation": observation}, status=422)


@saisie_requise
@require_http_methods(["GET", "POST"])
def observation_nouvelle(request):
    if request.method != "POST":
        return render(request, GABARIT_FORMULAIRE, {"form": ObservationForm()})
    form = ObservationForm(request.POST)
    if form.is_valid():
        try:
            observation = services.observation_creer(auteur=request.user, **form.donnees_service())
        except ValidationError as erreur:
            form.erreurs_service_ajouter(erreur)
        else:
            if not observation.deja_recue:
                messages.success(
                    request, f"Votre observation du {date_format(observation.date, 'j F Y')} est enregistrée."
                )
            if _veut_json(request):
                return JsonResponse(
                    {"ok": True, "id": observation.pk, "url": observation.get_absolute_url()},
                    status=200 if observation.deja_recue else 201,
                )
            return redirect("terrain:accueil")
    return _reponse_refus(request, form)


@saisie_requise
@require_GET
def observation_detail(request, pk):
    observation = _observation_ou_none(request, pk, "terrain.voir_observation")
    if observation is None:
        raise Http404("Observation introuvable.")
    peut_modifier = request.user.has_perm("terrain.modifier_observation", observation)
    return render(request, "terrain/saisie/detail.html", {"observation": observation, "peut_modifier": peut_modifier})


@saisie_requise
@require_http_methods(["GET", "POST"])
def observation_modifier(request, pk):
    observation = _observation_ou_none(request, pk, "terrain.modifier_observation")
    if observation is None:
        if _veut_json(request):
            return _json_erreur("Observation introuvable.", 404)
        raise Http404("Observation introuvable.")
    if request.method != "POST":
        return render(
            request, GABARIT_FORMULAIRE, {"form": ObservationForm(observation=observation), "observation": observation}
        )
    form = ObservationForm(request.POST, observation=observation)
    if form.is_valid():
        try:
            services.observation_modifier(acteur=request.user, observation=observation, **form.donnees_service())
        except ValidationError as erreur:
            form.erreurs_service_ajouter(erreur)
        else:
            messages.success(request, "Les modifications de l'observation sont enregistrées.")
            if _veut_json(request):
                return JsonResponse({"ok": True, "id": observation.pk, "url": observation.get_absolute_url()})
            return redirect(observation)
    return _reponse_refus(request, form, observation=observation)


@saisie_requise
@require_GET
def communes_recherche(request):
    """Fragment htmx : jusqu'à 10 communes actuelles, celles du territoire de l'expérimentation d'abord."""
    valeurs = request.GET.getlist("q") or request.GET.getlist("communes")
    recherche = recherche_extraire(valeurs[-1] if valeurs else "")
    experimentations = Experimentation.objects.select_related("territoire").order_by("-date_lancement")
    experimentation = None
    if (identifiant := request.GET.get("experimentation", "")).isdigit():
        experimentation = experimentations.filter(pk=identifiant).first()
    experimentation = experimentation or experimentations.first()
    communes = communes_suggerer(recherche, experimentation.territoire if experimentation else None)
    return render(
        request,
        "terrain/saisie/_communes_suggestions.html",
        {"communes": communes, "recherche": recherche, "assez_long": len(recherche) >= 2},
    )
