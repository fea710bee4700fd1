"""Saisie mobile des observations : l'accueil terrain, le formulaire, la fiche, l'autocomplétion des communes.

Les agents locaux voient et modifient leurs observations ; les facilitateurs toutes (`terrain/rules.py`).
Une observation qu'on n'a pas le droit de voir répond 404, comme si elle n'existait pas.

Le script hors ligne (`static/js/observation-brouillon.js`) envoie le formulaire avec
`Accept: application/json` : il reçoit alors du JSON au lieu d'une page (201 créée, 200 déjà reçue,
422 refusée, 401 session expirée).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commun.pagination import paginer
from commun.permissions import permission_requise, veut_json
from terrain import selectors, services
from terrain.forms import ObservationForm, communes_suggerer, recherche_extraire

PAR_PAGE = 20
GABARIT_FORMULAIRE = "terrain/saisie/formulaire.html"
saisie_requise = permission_requise("terrain.saisir_observation")


def _observation_ou_404(request, pk: int, permission: str):
    """L'observation si l'utilisateur a la permission sur elle ; 404 sinon, sans dire si elle existe."""
    observation = selectors.observation_fiche(pk)
    if observation is None or not request.user.has_perm(permission, observation):
        raise Http404("Observation introuvable.")
    return observation


@saisie_requise
@require_GET
def accueil_terrain(request):
    """Le gros bouton « Noter une observation », puis mes observations, les plus récentes d'abord."""
    page = paginer(request, selectors.mes_observations(request.user), PAR_PAGE)
    # Fragment pour la pagination htmx ; page entière pour une restauration d'historique.
    fragment = request.htmx and not request.htmx.history_restore_request
    gabarit = "terrain/saisie/_mes_observations.html" if fragment else "terrain/saisie/accueil.html"
    voir_tout = request.user.has_perm("terrain.voir_toutes_observations")
    reponse = render(request, gabarit, {"page": page, "voir_tout": voir_tout})
    patch_vary_headers(reponse, ("HX-Request",))
    return reponse


def _reponse_refus(request, form, *, observation=None):
    """Saisie refusée : 422, le formulaire réaffiché avec ce qui a été tapé (ou les erreurs en JSON)."""
    if veut_json(request):
        return JsonResponse({"ok": False, "erreurs": form.erreurs_json()}, status=422)
    return render(request, GABARIT_FORMULAIRE, {"form": form, "observation": observation}, status=422)


@saisie_requise
@require_http_methods(["GET", "POST"])
def observation_nouvelle(request):
    if request.method != "POST":
        return render(request, GABARIT_FORMULAIRE, {"form": ObservationForm(user=request.user)})
    form = ObservationForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            observation, creee = services.observation_creer(auteur=request.user, **form.donnees_service())
        except ValidationError as erreur:
            form.erreurs_service_ajouter(erreur)
        else:
            if creee:
                messages.success(
                    request, f"Votre observation du {date_format(observation.date, 'j F Y')} est enregistrée."
                )
            if veut_json(request):
                return JsonResponse(
                    {"ok": True, "id": observation.pk, "url": observation.get_absolute_url()},
                    status=201 if creee else 200,
                )
            return redirect("terrain:accueil")
    return _reponse_refus(request, form)


@saisie_requise
@require_GET
def observation_detail(request, pk):
    observation = _observation_ou_404(request, pk, "terrain.voir_observation")
    contexte = {
        "observation": observation,
        "peut_modifier": request.user.has_perm("terrain.modifier_observation", observation),
        "peut_retirer": not observation.est_retiree and request.user.has_perm("terrain.retirer_observation"),
    }
    return render(request, "terrain/saisie/detail.html", contexte)


@permission_requise("terrain.retirer_observation")
@require_POST
def observation_retrait(request, pk):
    """Retirer une observation (facilitateurs) : elle quitte les listes et les irritants, le journal en garde trace."""
    observation = _observation_ou_404(request, pk, "terrain.voir_observation")
    try:
        services.observation_retirer(acteur=request.user, observation=observation, motif=request.POST.get("motif", ""))
    except ValidationError as erreur:
        for texte in erreur.messages:
            messages.error(request, texte)
    else:
        messages.success(request, "L'observation est retirée : elle ne figure plus dans les listes ni les irritants.")
    return redirect(observation)


@saisie_requise
@require_http_methods(["GET", "POST"])
def observation_modifier(request, pk):
    try:
        observation = _observation_ou_404(request, pk, "terrain.modifier_observation")
    except Http404:
        if veut_json(request):
            return JsonResponse({"ok": False, "erreurs": {"__all__": ["Observation introuvable."]}}, status=404)
        raise
    if request.method != "POST":
        form = ObservationForm(observation=observation, user=request.user)
        return render(request, GABARIT_FORMULAIRE, {"form": form, "observation": observation})
    form = ObservationForm(request.POST, observation=observation, user=request.user)
    if form.is_valid():
        try:
            services.observation_modifier(acteur=request.user, observation=observation, **form.donnees_service())
        except ValidationError as erreur:
            form.erreurs_service_ajouter(erreur)
        else:
            messages.success(request, "Les modifications de l'observation sont enregistrées.")
            if veut_json(request):
                return JsonResponse({"ok": True, "id": observation.pk, "url": observation.get_absolute_url()})
            return redirect(observation)
    return _reponse_refus(request, form, observation=observation)


@saisie_requise
@require_GET
def communes_recherche(request):
    """Fragment htmx : jusqu'à 10 communes actuelles, celles du territoire de l'expérimentation d'abord."""
    valeurs = request.GET.getlist("q") or request.GET.getlist("communes")
    recherche = recherche_extraire(valeurs[-1] if valeurs else "")
    experimentation = selectors.experimentation_de_recherche(request.GET.get("experimentation", ""))
    communes = communes_suggerer(recherche, experimentation.territoire if experimentation else None)
    return render(
        request,
        "terrain/saisie/_communes_suggestions.html",
        {"communes": communes, "recherche": recherche, "assez_long": len(recherche) >= 2},
    )
