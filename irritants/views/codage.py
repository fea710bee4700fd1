"""Codage des observations en irritants (htmx), publication, fusion et journal : réservés aux facilitateurs.

Une requête htmx (`request.htmx`) reçoit la seule fiche à remplacer ; sans JavaScript, les mêmes
formulaires s'envoient normalement et la page redirige.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from commun.pagination import page_numerotee
from commun.permissions import permission_requise
from irritants import selectors, services
from irritants.filters import ObservationCodageFilter
from irritants.forms import FusionForm, IrritantCreationForm, PublicationForm, RattachementForm, RetraitForm
from irritants.models import Irritant
from irritants.views.publiques import experimentation_demandee

EVENEMENTS_PAR_PAGE = 50
ACTIONS_CODAGE = ("rattacher", "creer", "retirer")
# Les filtres de la file de codage, parmi ceux de la liste des observations (mêmes noms de paramètres).
FILTRES_FILE = ("commune", "type", "source", "origine", "public", "q")
facilitateur_requis = permission_requise("irritants.coder")


# --- Codage ---------------------------------------------------------------------------------------------


def _contexte_fiche(observation, irritants_par_theme, themes, *, suivant, **extra):
    """Le contexte d'une fiche d'observation à coder (partagé par la file et la réponse htmx).

    Chaque thème propose ses irritants auxquels l'observation n'est pas encore rattachée ; un thème
    sans irritant à proposer n'apparaît pas.
    """
    attaches = observation.irritants_attaches
    groupes = [
        (groupe.theme, [irritant for irritant in groupe.irritants if irritant.pk not in attaches])
        for groupe in irritants_par_theme
    ]
    return {
        "observation": observation,
        "groupes_proposes": [(theme, irritants) for theme, irritants in groupes if irritants],
        "creation_form": extra.pop("creation_form", None)
        or IrritantCreationForm(prefix=f"creer-{observation.pk}", themes=themes),
        "suivant": suivant,
        **extra,
    }


@facilitateur_requis
@require_safe
def codage(request):
    liste, experimentation = experimentation_demandee(request)
    context = {"experimentations": liste, "experimentation": experimentation}
    if experimentation is None:
        return render(request, "irritants/codage.html", context)
    filtre = ObservationCodageFilter(
        request.GET or None, queryset=selectors.observations_non_codees(experimentation), request=request
    )
    statut = 200
    if filtre.is_bound and not filtre.is_valid():
        statut = 400
        file = selectors.file_codage(selectors.observations_non_codees(experimentation))
    else:
        file = selectors.file_codage(filtre.qs)
    filtre.preparer_affichage()
    par_theme = selectors.irritants_par_theme(experimentation)
    themes = [groupe.theme for groupe in par_theme]
    suivant = request.get_full_path()
    context.update(
        filtre=filtre,
        champs_filtre=[filtre.form[nom] for nom in FILTRES_FILE],
        file=file,
        fiches=[_contexte_fiche(observation, par_theme, themes, suivant=suivant) for observation in file.observations],
        filtre_actif=filtre.actifs and set(request.GET) - {"experimentation"},
    )
    return render(request, "irritants/codage.html", context, status=statut)


def _suivant(request) -> str:
    suivant = request.POST.get("suivant") or request.GET.get("suivant") or ""
    if url_has_allowed_host_and_scheme(suivant, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return suivant
    return reverse("irritants:codage")


def _noms(irritants) -> str:
    return ", ".join(f"« {irritant.titre} »" for irritant in irritants)


@facilitateur_requis
@require_http_methods(["GET", "HEAD", "POST"])
def codage_observation(request, pk):
    """La fiche d'une observation : GET l'affiche ; POST rattache, crée un irritant ou détache (action=…)."""
    observation = selectors.observation_a_coder(pk)
    if observation is None:
        raise Http404("Cette observation n'existe pas.")
    suivant = _suivant(request)
    if request.method != "POST":
        return _rendre_fiche(request, observation, suivant=suivant)

    action = request.POST.get("action", "")
    if action not in ACTIONS_CODAGE:
        return _rendre_fiche(
            request, observation, suivant=suivant, erreurs=["Action inconnue : rechargez la page."], status=400
        )
    acteur = request.user
    creation_form = None
    erreurs: list[str] = []
    message = ""
    try:
        if action == "rattacher":
            form = RattachementForm(request.POST, observation=observation)
            if form.is_valid():
                irritants = list(form.cleaned_data["irritants"])
                services.preuves_ajouter(acteur=acteur, observation=observation, irritants=irritants)
                message = f"Observation rattachée à {_noms(irritants)}."
            else:
                erreurs = [erreur for liste in form.errors.values() for erreur in liste]
        elif action == "creer":
            creation_form = IrritantCreationForm(request.POST, prefix=f"creer-{observation.pk}")
            if creation_form.is_valid():
                donnees = creation_form.cleaned_data
                irritant = services.irritant_creer(
                    acteur=acteur,
                    experimentation=observation.experimentation,
                    titre=donnees["titre"],
                    theme=donnees["theme"],
                    gravite=donnees["gravite"],
                    description=donnees["description"],
                    observation=observation,
                )
                creation_form = None
                message = f"Irritant {_noms([irritant])} créé, et l'observation y est rattachée."
            else:
                erreurs = ["L'irritant n'a pas été créé : corrigez le formulaire ci-dessous."]
        else:
            form = RetraitForm(request.POST)
            if form.is_valid():
                irritant = form.cleaned_data["irritant"]
                if services.preuve_retirer(acteur=acteur, irritant=irritant, observation=observation):
                    message = f"Observation détachée de {_noms([irritant])}."
                else:
                    message = f"L'observation n'était plus rattachée à {_noms([irritant])}."
            else:
                erreurs = [erreur for liste in form.errors.values() for erreur in liste]
    except ValidationError as erreur:
        erreurs = list(erreur.messages)

    if erreurs:
        return _rendre_fiche(
            request,
            observation,
            suivant=suivant,
            erreurs=erreurs,
            creation_form=creation_form,
            creation_ouverte=creation_form is not None,
            status=400,
        )
    if request.htmx:
        selectors.preuves_afficher(observation)
        return _rendre_fiche(request, observation, suivant=suivant, message=message, apres_action=True)
    fiche = reverse("irritants:codage_observation", kwargs={"pk": observation.pk})
    messages.success(request, format_html('{} <a href="{}">Voir la fiche et annuler</a>', message, fiche))
    return redirect(suivant)


def _rendre_fiche(request, observation, *, suivant, status=200, **extra):
    par_theme = selectors.irritants_par_theme(observation.experimentation)
    context = _contexte_fiche(observation, par_theme, [groupe.theme for groupe in par_theme], suivant=suivant, **extra)
    if request.htmx:
        return render(request, "irritants/includes/_fiche_observation.html", context, status=status)
    return render(request, "irritants/codage_observation.html", context, status=status)


# --- Publication ---------------------------------------------------------------------------------------


@permission_requise("irritants.publier")
@require_POST
def publication(request, pk):
    """Publier, remettre en brouillon ou retirer un irritant (bouton de sa page) ; toujours journalisé."""
    irritant = get_object_or_404(Irritant.objects.actifs(), pk=pk)
    form = PublicationForm(request.POST)
    if not form.is_valid():
        for erreur in form.non_field_errors() or [e for liste in form.errors.values() for e in liste]:
            messages.error(request, erreur)
        return redirect(irritant)
    action = form.cleaned_data["action"]
    try:
        if action == "publier":
            services.irritant_publier(acteur=request.user, irritant=irritant)
            messages.success(request, f"« {irritant.titre} » est publié : le public le voit sur la synthèse.")
        elif action == "depublier":
            services.irritant_depublier(acteur=request.user, irritant=irritant)
            messages.success(request, f"« {irritant.titre} » est revenu en brouillon : le public ne le voit plus.")
        else:
            services.irritant_retirer(acteur=request.user, irritant=irritant, motif=form.cleaned_data["motif"])
            messages.success(request, f"« {irritant.titre} » est retiré de la synthèse et du codage.")
            return redirect("irritants:synthese")
    except ValidationError as erreur:
        for texte in erreur.messages:
            messages.error(request, texte)
    return redirect(irritant)


# --- Fusion ---------------------------------------------------------------------------------------------


@facilitateur_requis
@require_http_methods(["GET", "HEAD", "POST"])
def fusion(request):
    """Choisir deux irritants (GET), confirmer (POST sans `confirmer`), fusionner (POST avec `confirmer`)."""
    liste, experimentation = experimentation_demandee(request)
    if experimentation is None:
        return render(request, "irritants/fusion.html", {"experimentations": liste, "experimentation": None})
    if request.method != "POST":
        form = FusionForm(initial=request.GET.dict(), experimentation=experimentation)
        return render(
            request,
            "irritants/fusion.html",
            {"form": form, "experimentations": liste, "experimentation": experimentation},
        )

    form = FusionForm(request.POST, experimentation=experimentation)
    context = {"form": form, "experimentations": liste, "experimentation": experimentation}
    if not form.is_valid():
        return render(request, "irritants/fusion.html", context, status=400)
    source, cible = form.cleaned_data["source"], form.cleaned_data["cible"]
    if "confirmer" not in request.POST:
        annotes = selectors.irritants_annotes().in_bulk([source.pk, cible.pk])
        context.update(source=annotes[source.pk], cible=annotes[cible.pk])
        return render(request, "irritants/fusion_confirmation.html", context)
    try:
        services.irritants_fusionner(acteur=request.user, source=source, cible=cible)
    except ValidationError as erreur:
        for texte in erreur.messages:
            form.add_error(None, texte)
        return render(request, "irritants/fusion.html", context, status=400)
    messages.success(
        request, f"« {source.titre} » a été fusionné dans « {cible.titre} » : toutes ses observations y sont passées."
    )
    return redirect(cible.get_absolute_url())


# --- Journal --------------------------------------------------------------------------------------------


@facilitateur_requis
@require_safe
def journal(request):
    liste, experimentation = experimentation_demandee(request)
    context = {"experimentations": liste, "experimentation": experimentation, "page_obj": None}
    if experimentation is not None:
        paginator = Paginator(selectors.journal(experimentation), EVENEMENTS_PAR_PAGE)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage as erreur:
            raise Http404("Cette page du journal n'existe pas.") from erreur
        context["page_obj"] = page_numerotee(page)
    return render(request, "irritants/journal.html", context)
