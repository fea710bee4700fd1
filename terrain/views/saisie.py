"""Saisie mobile des observations : l'accueil terrain, le formulaire, la fiche, l'autocomplétion des communes.

Les agents locaux voient et modifient leurs observations ; les facilitateurs toutes (`terrain/rules.py`).
Une observation qu'on n'a pas le droit de voir répond 404, comme si elle n'existait pas.

Hors ligne : les scripts de la saisie (`static/js/terrain*.js`, `observation-brouillon.js`) envoient le
formulaire avec `Accept: application/json` : ils reçoivent alors du JSON au lieu d'une page (201 créée,
200 déjà reçue, 422 refusée, 401 session expirée). Le service worker (`service_worker`, servi à
/terrain/sw.js) ne garde pour un usage sans réseau que les pages marquées `X-CB-Hors-Ligne: garder` :
les pages de saisie de l'utilisateur connecté, jamais celles d'un autre ni une réponse à un POST.
"""

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
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
# En-tête qui autorise le service worker à garder une page pour un usage sans réseau.
EN_TETE_HORS_LIGNE = "X-CB-Hors-Ligne"
# En-tête des envois de la file d'attente : pas de message « enregistrée » en session, le script l'annonce.
EN_TETE_ENVOI_FILE = "X-CB-Envoi"


def _gardable(reponse):
    """Marque une page de saisie de l'utilisateur connecté : le service worker peut la garder hors ligne."""
    reponse[EN_TETE_HORS_LIGNE] = "garder"
    return reponse


def _depuis_la_file(request) -> bool:
    return request.headers.get(EN_TETE_ENVOI_FILE) == "file"


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
    return reponse if fragment else _gardable(reponse)


def _reponse_refus(request, form, *, observation=None):
    """Saisie refusée : 422, le formulaire réaffiché avec ce qui a été tapé (ou les erreurs en JSON)."""
    if veut_json(request):
        return JsonResponse({"ok": False, "erreurs": form.erreurs_json()}, status=422)
    return render(request, GABARIT_FORMULAIRE, {"form": form, "observation": observation}, status=422)


@saisie_requise
@require_http_methods(["GET", "POST"])
def observation_nouvelle(request):
    if request.method != "POST":
        return _gardable(render(request, GABARIT_FORMULAIRE, {"form": ObservationForm(user=request.user)}))
    form = ObservationForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            observation, creee = services.observation_creer(auteur=request.user, **form.donnees_service())
        except ValidationError as erreur:
            form.erreurs_service_ajouter(erreur)
        else:
            if creee and not _depuis_la_file(request):
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
    reponse = render(request, "terrain/saisie/detail.html", contexte)
    return _gardable(reponse) if observation.auteur_id == request.user.pk else reponse


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
        reponse = render(request, GABARIT_FORMULAIRE, {"form": form, "observation": observation})
        return _gardable(reponse) if observation.auteur_id == request.user.pk else reponse
    form = ObservationForm(request.POST, observation=observation, user=request.user)
    if form.is_valid():
        try:
            services.observation_modifier(acteur=request.user, observation=observation, **form.donnees_service())
        except ValidationError as erreur:
            form.erreurs_service_ajouter(erreur)
        else:
            if not _depuis_la_file(request):
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


@saisie_requise
@require_GET
def hors_ligne(request):
    """La page montrée sans réseau quand la page demandée n'a pas été gardée sur l'appareil."""
    return _gardable(render(request, "terrain/saisie/hors_ligne.html"))


# --- Service worker ---

# Ce que le service worker importe, dans l'ordre : idb-keyval et Workbox (static/vendor/, voir son README),
# puis la file d'attente partagée avec les pages et le service worker lui-même.
SERVICE_WORKER_SCRIPTS = (
    "vendor/idb-keyval/idb-keyval.umd.js",
    "vendor/workbox/workbox-core.prod.js",
    "vendor/workbox/workbox-routing.prod.js",
    "vendor/workbox/workbox-strategies.prod.js",
    "vendor/workbox/workbox-cacheable-response.prod.js",
    "vendor/workbox/workbox-expiration.prod.js",
    "js/terrain-file.js",
    "js/terrain-sw.js",
)


def _pages_agent() -> list[str]:
    """Les adresses (expressions régulières) des pages de saisie que le service worker peut garder."""
    racine = re.escape(reverse("terrain:accueil"))
    return [
        f"^{racine}$",
        f"^{re.escape(reverse('terrain:observation_nouvelle'))}$",
        f"^{racine}observations/[0-9]+/$",
        f"^{racine}observations/[0-9]+/modifier/$",
        f"^{re.escape(reverse('terrain:hors_ligne'))}$",
    ]


@lru_cache
def service_worker_source() -> str:
    """Le script du service worker. Sa version est l'empreinte des scripts qu'il importe : un déploiement qui en
    change un change ce fichier, le navigateur installe le nouveau service worker et remplace ses caches."""
    adresses = [static(chemin) for chemin in SERVICE_WORKER_SCRIPTS]
    empreinte = hashlib.sha256()
    for chemin, adresse in zip(SERVICE_WORKER_SCRIPTS, adresses, strict=True):
        empreinte.update(adresse.encode())
        if trouve := finders.find(chemin):
            empreinte.update(Path(trouve).read_bytes())
    config = {
        "version": empreinte.hexdigest()[:12],
        "statique": settings.STATIC_URL,
        "deconnexion": reverse("logout"),
        "page_hors_ligne": reverse("terrain:hors_ligne"),
        "pages_a_garder": [
            reverse("terrain:accueil"),
            reverse("terrain:observation_nouvelle"),
            reverse("terrain:hors_ligne"),
        ],
        "pages_agent": _pages_agent(),
    }
    return (
        "/* Carte Blanche : service worker de l'espace terrain (static/js/terrain-sw.js). */\n"
        f"self.CB_CONFIG = {json.dumps(config, ensure_ascii=False)};\n"
        f"importScripts({', '.join(json.dumps(adresse) for adresse in adresses)});\n"
    )


@require_GET
def service_worker(request):
    """Servi sous /terrain/ mais valable pour tout le site (`Service-Worker-Allowed: /`) : il voit ainsi la
    déconnexion et chaque page ouverte, occasions d'effacer ou d'envoyer la file. Il ne garde que les pages de
    saisie. Public : le script ne contient aucune donnée ; jamais gardé par le cache HTTP."""
    reponse = HttpResponse(service_worker_source(), content_type="text/javascript; charset=utf-8")
    reponse["Service-Worker-Allowed"] = reverse("accueil")
    reponse["Cache-Control"] = "no-cache"
    return reponse
