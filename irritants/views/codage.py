"""Codage des observations en irritants (htmx), publication, fusion et journal : réservés aux facilitateurs.

La file de codage est un flux : une fiche codée se replie en une ligne (avec « Annuler »), le compteur
« N à coder » suit (échange htmx hors cible), le focus passe à la fiche suivante, et la série suivante se
charge quand la page est vide (`static/js/codage.js`, qui porte aussi les raccourcis clavier). Un irritant
créé depuis une fiche apparaît aussitôt dans la liste de toutes les fiches de la page.

Une requête htmx reçoit la seule fiche à remplacer (et ses morceaux hors cible) ; sans JavaScript, les
mêmes formulaires s'envoient normalement et la page redirige vers la file.
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date as date_format
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from commun.pagination import page_numerotee
from commun.permissions import permission_requise
from experimentations.navigation import experimentation_demandee
from irritants import selectors, services
from irritants.filters import ObservationCodageFilter
from irritants.forms import (
    AnnulationForm,
    FusionForm,
    IrritantCreationForm,
    PublicationForm,
    RattachementForm,
    RetraitForm,
)
from irritants.models import Irritant, cle_titre

EVENEMENTS_PAR_PAGE = 50
ACTIONS_CODAGE = ("rattacher", "creer", "retirer", "annuler")
# Les filtres de la file de codage, parmi ceux de la liste des observations (mêmes noms de paramètres).
FILTRES_FILE = ("commune", "type", "source", "origine", "public", "q")
# Les fiches encore à coder d'une page (`fiches=`, envoyées par htmx) : une série et quelques autres, au plus.
FICHES_MAX = 100
facilitateur_requis = permission_requise("irritants.coder")


def _fil(courant: str, *parents: tuple[str, str]) -> dict:
    """Le fil d'Ariane des pages de travail (`{% dsfr_breadcrumb %}`) : Accueil › Irritants › … › courant."""
    liens = [{"url": reverse("irritants:synthese"), "title": "Irritants"}]
    liens += [{"url": url, "title": titre} for titre, url in parents]
    return {"links": liens, "current": courant}


def _identifiants(valeurs, *, sauf: int | None = None) -> list[int]:
    """Les numéros lisibles d'une liste de paramètres (les autres sont ignorés), sans doublon, bornés."""
    vus = []
    for valeur in valeurs:
        if str(valeur).isdigit() and int(valeur) != sauf and int(valeur) not in vus:
            vus.append(int(valeur))
    return vus[:FICHES_MAX]


def _a_coder(nombre: int) -> str:
    return f"{nombre} observation{'s' if nombre > 1 else ''} à coder"


# --- Codage ---------------------------------------------------------------------------------------------


def _contexte_fiche(observation, irritants_par_theme, themes, *, suivant, file=False, **extra):
    """Le contexte d'une fiche d'observation à coder (partagé par la file, la fiche seule et la réponse htmx).

    Chaque thème propose ses irritants auxquels l'observation n'est pas encore rattachée ; un thème vide
    garde sa place (masquée) pour qu'un irritant créé ailleurs sur la page puisse y apparaître.
    """
    attaches = observation.irritants_attaches
    groupes = [
        (groupe.theme, [irritant for irritant in groupe.irritants if irritant.pk not in attaches])
        for groupe in irritants_par_theme
    ]
    return {
        "observation": observation,
        "groupes": groupes,
        "a_proposer": any(irritants for _theme, irritants in groupes),
        "creation_form": extra.pop("creation_form", None)
        or IrritantCreationForm(prefix=f"creer-{observation.pk}", themes=themes),
        "suivant": suivant,
        "file": file,
        "niveau": 3 if file else 2,
        **extra,
    }


def _file_filtree(request, experimentation, donnees: QueryDict):
    """Le filtre de la file (paramètres de la liste des observations) et les observations qu'il retient."""
    filtre = ObservationCodageFilter(
        donnees or None, queryset=selectors.observations_non_codees(experimentation), request=request
    )
    if filtre.is_bound and not filtre.is_valid():
        return filtre, selectors.observations_non_codees(experimentation)
    return filtre, filtre.qs


@facilitateur_requis
@require_safe
def codage(request):
    """La file : GET affiche la page ; en htmx (cible `file-codage`), la série suivante seule, sans les
    fiches déjà sur la page (`fiches=`)."""
    liste, experimentation = experimentation_demandee(request)
    context = {"experimentations": liste, "experimentation": experimentation, "breadcrumb_data": _fil("Codage")}
    if experimentation is None:
        return render(request, "irritants/codage.html", context)
    donnees = request.GET.copy()
    affichees = _identifiants(donnees.pop("fiches", []))
    filtre, observations = _file_filtree(request, experimentation, donnees)
    statut = 400 if filtre.is_bound and not filtre.is_valid() else 200
    file = selectors.file_codage(observations, exclure=affichees)
    filtre.preparer_affichage()
    par_theme = selectors.irritants_par_theme(experimentation)
    themes = [groupe.theme for groupe in par_theme]
    serie_suivante = bool(request.htmx) and request.htmx.target == "file-codage"
    etat_serie = "nouvelle" if serie_suivante else ""
    # Les formulaires reviennent à la file telle qu'affichée (ses filtres, sans la liste des fiches).
    suivant = f"{request.path}?{donnees.urlencode()}" if donnees else request.path
    context.update(
        filtre=filtre,
        champs_filtre=[filtre.form[nom] for nom in FILTRES_FILE],
        file=file,
        reste=max(file.total - len(affichees) - len(file.observations), 0),
        suivant=suivant,
        fiches=[
            _contexte_fiche(
                observation, par_theme, themes, suivant=suivant, file=True, ouverte=rang == 0, etat=etat_serie
            )
            for rang, observation in enumerate(file.observations)
        ],
        filtre_actif=filtre.actifs and set(donnees) - {"experimentation"},
        brouillons=sum(1 for groupe in par_theme for irritant in groupe.irritants if not irritant.est_publie),
    )
    if serie_suivante:
        return render(request, "irritants/includes/_file_suite.html", context, status=statut)
    return render(request, "irritants/codage.html", context, status=statut)


def _suivant(request) -> str:
    suivant = request.POST.get("suivant") or request.GET.get("suivant") or ""
    if url_has_allowed_host_and_scheme(suivant, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return suivant
    return reverse("irritants:codage")


def _nombre_a_coder(request, experimentation, suivant: str) -> int:
    """Ce qu'il reste à coder dans la file d'où vient le formulaire (ses filtres sont dans l'adresse `suivant`)."""
    donnees = QueryDict(urlsplit(suivant).query, mutable=True)
    donnees.pop("fiches", None)
    _filtre, observations = _file_filtree(request, experimentation, donnees)
    return observations.count()


def _noms(irritants) -> str:
    return ", ".join(f"« {irritant.titre} »" for irritant in irritants)


def _erreurs_creation(creation_form, erreur: ValidationError) -> list[str]:
    """Range les erreurs du service sous les champs du formulaire de création ; renvoie les autres."""
    if not hasattr(erreur, "error_dict"):
        return list(erreur.messages)
    autres = []
    for champ, liste in erreur.error_dict.items():
        if champ in creation_form.fields:
            creation_form.add_error(champ, liste)
        else:
            autres += ValidationError(liste).messages
    return autres


@facilitateur_requis
@require_http_methods(["GET", "HEAD", "POST"])
def codage_observation(request, pk):
    """La fiche d'une observation : GET l'affiche ; POST rattache, crée un irritant, détache ou annule (action=…)."""
    observation = selectors.observation_a_coder(pk)
    if observation is None:
        raise Http404("Cette observation n'existe pas.")
    suivant = _suivant(request)
    if request.method != "POST":
        return _rendre_fiche(request, observation, suivant=suivant)

    file = bool(request.htmx) and request.POST.get("file") == "1"
    action = request.POST.get("action", "")
    if action not in ACTIONS_CODAGE:
        return _rendre_fiche(
            request,
            observation,
            suivant=suivant,
            file=file,
            erreurs=["Action inconnue : rechargez la page."],
            etat="erreur",
            status=400,
        )
    acteur = request.user
    creation_form = None
    erreurs: list[str] = []
    proches: list[Irritant] = []
    attaches: list[Irritant] = []
    cree = None
    message = ""
    try:
        if action == "rattacher":
            form = RattachementForm(request.POST, observation=observation)
            if form.is_valid():
                irritants = list(form.cleaned_data["irritants"])
                services.preuves_ajouter(acteur=acteur, observation=observation, irritants=irritants)
                attaches = irritants
                message = f"Observation rattachée à {_noms(irritants)}."
            else:
                erreurs = [erreur for liste in form.errors.values() for erreur in liste]
        elif action == "creer":
            creation_form = IrritantCreationForm(request.POST, prefix=f"creer-{observation.pk}")
            if creation_form.is_valid():
                donnees = creation_form.cleaned_data
                cree = services.irritant_creer(
                    acteur=acteur,
                    experimentation=observation.experimentation,
                    titre=donnees["titre"],
                    theme=donnees["theme"],
                    gravite=donnees["gravite"],
                    description=donnees["description"],
                    observation=observation,
                    # « Créer quand même » confirme le titre montré avec ses voisins, pas un autre tapé depuis.
                    malgre_proches=request.POST.get("confirmer_titre") == cle_titre(donnees["titre"]),
                )
                creation_form = None
                attaches = [cree]
                message = f"Irritant {_noms([cree])} créé en brouillon, et l'observation y est rattachée."
            else:
                erreurs = ["L'irritant n'a pas été créé : corrigez le formulaire ci-dessous."]
        elif action == "annuler":
            form = AnnulationForm(request.POST)
            if form.is_valid():
                detaches = services.preuves_retirer(
                    acteur=acteur,
                    observation=observation,
                    irritants=form.cleaned_data["irritants"],
                    motif="Annulé depuis la file de codage",
                )
                message = (
                    f"Codage annulé : l'observation est détachée de {_noms(detaches)}."
                    if detaches
                    else "L'observation n'était plus rattachée à ces irritants."
                )
            else:
                erreurs = [erreur for liste in form.errors.values() for erreur in liste]
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
    except services.IrritantsProches as erreur:
        proches = erreur.proches
        erreurs = ["L'irritant n'a pas été créé : un irritant au titre proche existe déjà (voir ci-dessous)."]
    except ValidationError as erreur:
        if creation_form is not None:
            erreurs = ["L'irritant n'a pas été créé : corrigez le formulaire ci-dessous."]
            erreurs += _erreurs_creation(creation_form, erreur)
            if any(e.code == "titre_existant" for e in getattr(erreur, "error_dict", {}).get("titre", [])):
                titre = creation_form.data.get(f"creer-{observation.pk}-titre", "")
                proches = selectors.irritants_proches(observation.experimentation, titre)
                erreurs[0] = "L'irritant n'a pas été créé : un irritant porte déjà ce titre (voir ci-dessous)."
        else:
            erreurs = list(erreur.messages)

    if erreurs:
        return _rendre_fiche(
            request,
            observation,
            suivant=suivant,
            file=file,
            erreurs=erreurs,
            creation_form=creation_form,
            creation_ouverte=creation_form is not None,
            proches=proches,
            confirmer_titre=cle_titre(creation_form.data.get(f"creer-{observation.pk}-titre", ""))
            if proches and not any(irritant.identique for irritant in proches)
            else "",
            ouverte=True,
            etat="erreur",
            status=400,
        )
    if file:
        return _rendre_flux(request, observation, suivant=suivant, action=action, attaches=attaches, cree=cree)
    if request.htmx:
        selectors.preuves_afficher(observation)
        return _rendre_fiche(request, observation, suivant=suivant, message=message, apres_action=True)
    fiche = reverse("irritants:codage_observation", kwargs={"pk": observation.pk})
    messages.success(request, format_html('{} <a href="{}">Voir la fiche et annuler</a>', message, fiche))
    return redirect(suivant)


def _rendre_fiche(request, observation, *, suivant, status=200, **extra):
    par_theme = selectors.irritants_par_theme(observation.experimentation)
    fiche = _contexte_fiche(observation, par_theme, [groupe.theme for groupe in par_theme], suivant=suivant, **extra)
    if request.htmx:
        return render(request, "irritants/includes/_fiche_observation.html", {"fiche": fiche}, status=status)
    context = {
        "fiche": fiche,
        "breadcrumb_data": _fil(
            f"Observation du {date_format(observation.date, 'j F Y')}", ("Codage", reverse("irritants:codage"))
        ),
    }
    return render(request, "irritants/codage_observation.html", context, status=status)


def _rendre_flux(request, observation, *, suivant, action, attaches, cree):
    """La réponse htmx de la file : la fiche repliée (ou rouverte après « Annuler »), le compteur, l'annonce
    aux lecteurs d'écran et, après une création, le nouvel irritant dans la liste des autres fiches."""
    selectors.preuves_afficher(observation)
    nombre = _nombre_a_coder(request, observation.experimentation, suivant)
    date = date_format(observation.date, "j F Y")
    filtres = set(QueryDict(urlsplit(suivant).query)) - {"experimentation", "fiches"}
    context = {"nombre": nombre, "a_coder": _a_coder(nombre), "suivant": suivant, "filtre_actif": bool(filtres)}
    if action in ("rattacher", "creer"):
        nouveaux = {irritant.pk for irritant in attaches}
        context.update(
            observation=observation,
            preuves=[preuve for preuve in observation.preuves_affichees if preuve.irritant_id in nouveaux],
            annonce=f"Observation du {date} rattachée à {_noms(attaches)}. {_a_coder(nombre)}.",
        )
        if cree is not None:
            cree.nb_observations = 1
            context.update(
                irritant_cree=cree,
                autres_fiches=_identifiants(request.POST.getlist("fiches"), sauf=observation.pk),
            )
        return render(request, "irritants/includes/_reponse_codage.html", context)
    par_theme = selectors.irritants_par_theme(observation.experimentation)
    context.update(
        fiche=_contexte_fiche(
            observation,
            par_theme,
            [g.theme for g in par_theme],
            suivant=suivant,
            file=True,
            ouverte=True,
            etat="annulee",
        ),
        annonce=f"Codage annulé : l'observation du {date} revient dans la file. {_a_coder(nombre)}.",
    )
    return render(request, "irritants/includes/_reponse_codage.html", context)


# --- Publication ---------------------------------------------------------------------------------------


@permission_requise("irritants.publier")
@require_POST
def publication(request, pk):
    """Publier, remettre en brouillon ou retirer un irritant ; toujours journalisé.

    Depuis sa page, la page revient ; depuis une fiche de la file (htmx), seul l'état de l'irritant est
    remplacé ; sans JavaScript, un formulaire qui donne `suivant` (la file, la synthèse) y revient.
    """
    irritant = get_object_or_404(Irritant.objects.actifs(), pk=pk)
    form = PublicationForm(request.POST)
    retour = _suivant(request) if request.POST.get("suivant") else irritant.get_absolute_url()
    erreurs, succes = [], ""
    if not form.is_valid():
        erreurs = form.non_field_errors() or [e for liste in form.errors.values() for e in liste]
    else:
        action = form.cleaned_data["action"]
        try:
            if action == "publier":
                irritant = services.irritant_publier(acteur=request.user, irritant=irritant)
                succes = f"« {irritant.titre} » est publié : le public le voit sur la synthèse."
            elif action == "depublier":
                irritant = services.irritant_depublier(acteur=request.user, irritant=irritant)
                succes = f"« {irritant.titre} » est revenu en brouillon : le public ne le voit plus."
            else:
                services.irritant_retirer(acteur=request.user, irritant=irritant, motif=form.cleaned_data["motif"])
                messages.success(request, f"« {irritant.titre} » est retiré de la synthèse et du codage.")
                return redirect("irritants:synthese")
        except ValidationError as erreur:
            erreurs = erreur.messages
    if request.htmx:
        context = {"irritant": irritant, "erreurs": erreurs, "message": succes, "suivant": retour}
        return render(request, "irritants/includes/_etat_irritant.html", context, status=400 if erreurs else 200)
    for texte in erreurs:
        messages.error(request, texte)
    if succes:
        messages.success(request, succes)
    return redirect(retour)


# --- Fusion ---------------------------------------------------------------------------------------------


@facilitateur_requis
@require_http_methods(["GET", "HEAD", "POST"])
def fusion(request):
    """Choisir deux irritants (GET), confirmer (POST sans `confirmer`), fusionner (POST avec `confirmer`).

    Chaque irritant est montré avec son numéro, son thème, son état, ses observations et sa date de création :
    deux titres pareils se distinguent ; les paires aux titres proches sont proposées d'office.
    """
    liste, experimentation = experimentation_demandee(request)
    context = {"experimentations": liste, "experimentation": experimentation, "breadcrumb_data": _fil("Fusion")}
    if experimentation is None:
        return render(request, "irritants/fusion.html", context)
    if request.method != "POST":
        context.update(
            form=FusionForm(initial=request.GET.dict(), experimentation=experimentation),
            doublons=selectors.doublons_possibles(experimentation),
        )
        return render(request, "irritants/fusion.html", context)

    form = FusionForm(request.POST, experimentation=experimentation)
    context["form"] = form
    if not form.is_valid():
        return render(request, "irritants/fusion.html", context, status=400)
    source, cible = form.cleaned_data["source"], form.cleaned_data["cible"]
    if "confirmer" not in request.POST:
        # Les deux irritants viennent du choix du formulaire, déjà annotés (thème, nombre d'observations).
        context.update(source=source, cible=cible)
        return render(request, "irritants/fusion_confirmation.html", context)
    try:
        services.irritants_fusionner(acteur=request.user, source=source, cible=cible)
    except ValidationError as erreur:
        for texte in erreur.messages:
            form.add_error(None, texte)
        return render(request, "irritants/fusion.html", context, status=400)
    messages.success(
        request,
        f"« {source.titre} » (n° {source.pk}) a été fusionné dans « {cible.titre} » (n° {cible.pk}) : "
        "toutes ses observations y sont passées.",
    )
    return redirect(cible.get_absolute_url())


# --- Journal --------------------------------------------------------------------------------------------


@facilitateur_requis
@require_safe
def journal(request):
    liste, experimentation = experimentation_demandee(request)
    context = {
        "experimentations": liste,
        "experimentation": experimentation,
        "page_obj": None,
        "breadcrumb_data": _fil("Journal du codage"),
    }
    if experimentation is not None:
        paginator = Paginator(selectors.journal(experimentation), EVENEMENTS_PAR_PAGE)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage as erreur:
            raise Http404("Cette page du journal n'existe pas.") from erreur
        context["page_obj"] = page_numerotee(page)
    return render(request, "irritants/journal.html", context)
