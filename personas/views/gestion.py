"""Pages des facilitateurs : créer un persona (en le dérivant d'irritants), le modifier, le publier ; écrire sa
lettre, voir ses versions et en restaurer une.

Dériver un persona : on coche des irritants (`/personas/nouveau/`), puis le formulaire s'ouvre prérempli de ce
que leurs preuves désignent (publics, commune la plus citée, verbatim publiable), chaque choix avec son nombre
d'observations (`personas.selectors.propositions`).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from commun import versions
from commun.permissions import permission_requise
from documents.markdown import markdown_sur
from experimentations.navigation import experimentation_demandee
from personas import selectors, services
from personas.forms import ChoixIrritantsForm, LettreForm, PersonaForm, PublicationForm
from personas.models import LettreInterpellation, Persona, VersionLettre
from personas.views.publiques import fil
from terrain.models import Verbatim

gestion_requise = permission_requise("personas.gerer")
DESTINATAIRE_PAR_DEFAUT = "Mesdames et Messieurs les responsables\ndes services publics du bassin de vie"
POLITESSE_PAR_DEFAUT = "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées."


def _persona(slug) -> Persona:
    return get_object_or_404(Persona.objects.select_related("experimentation", "commune"), slug=slug)


# --- Créer, dériver, modifier ----------------------------------------------------------------------------------


@gestion_requise
@require_http_methods(["GET", "HEAD", "POST"])
def creer(request):
    experimentations, experimentation = experimentation_demandee(request)
    context = {
        "experimentations": experimentations,
        "experimentation": experimentation,
        "breadcrumb_data": fil(courant="Nouveau persona"),
    }
    if experimentation is None:
        return render(request, "personas/choix_irritants.html", context)

    choisis = [valeur for valeur in request.GET.getlist("irritants") if valeur]
    if request.method != "POST" and not choisis and "vide" not in request.GET:
        choix = ChoixIrritantsForm(experimentation=experimentation)
        context.update(choix=choix, groupes=selectors.irritants_a_choisir(experimentation))
        return render(request, "personas/choix_irritants.html", context)
    ids = []
    if choisis:
        choix = ChoixIrritantsForm({"irritants": choisis}, experimentation=experimentation)
        if not choix.is_valid():
            context.update(choix=choix, groupes=selectors.irritants_a_choisir(experimentation))
            return render(request, "personas/choix_irritants.html", context, status=400)
        ids = [int(pk) for pk in choisis]
    propositions = selectors.propositions(experimentation, ids) if ids else None
    verbatims = [p.objet for p in propositions.verbatims] if propositions else []
    if request.method == "POST":
        form = PersonaForm(
            request.POST,
            request.FILES,
            experimentation=experimentation,
            verbatims=_verbatims_postes(request, verbatims),
            propositions=propositions,
        )
        if form.is_valid():
            try:
                persona = services.persona_creer(
                    acteur=request.user, experimentation=experimentation, **form.donnees_service()
                )
            except ValidationError as erreur:
                form.erreurs_du_service(erreur)
            else:
                messages.success(
                    request,
                    f"Le persona {persona.prenom} est créé en brouillon. Écrivez sa lettre d'interpellation, puis "
                    "publiez-le quand il est prêt.",
                )
                return redirect(persona)
        status = 400
    else:
        initial = {"publics": propositions.publics_proposes() if propositions else []}
        if propositions:
            initial["commune"] = propositions.commune_proposee()
            initial["citation_verbatim"] = propositions.verbatim_propose()
        form = PersonaForm(
            initial=initial,
            experimentation=experimentation,
            irritants_initiaux=propositions.irritants if propositions else [],
            verbatims=verbatims,
            propositions=propositions,
        )
        status = 200
    context.update(form=form, propositions=propositions, titre="Nouveau persona")
    return render(request, "personas/formulaire.html", context, status=status)


def _verbatims_postes(request, verbatims):
    """Les verbatims proposés, plus celui qu'un formulaire renvoyé a choisi (il reste valide s'il est publiable)."""
    choisi = request.POST.get("citation_verbatim", "")
    if choisi.isdigit() and int(choisi) not in {v.pk for v in verbatims}:
        return [*verbatims, *Verbatim.objects.publiables().filter(pk=int(choisi))]
    return verbatims


@gestion_requise
@require_http_methods(["GET", "HEAD", "POST"])
def modifier(request, slug):
    persona = _persona(slug)
    fondements = list(persona.fondements.select_related("irritant").order_by("ordre", "pk"))
    verbatims = selectors.verbatims_du_persona(persona)
    options = {"experimentation": persona.experimentation, "verbatims": verbatims}
    if request.method == "POST":
        options["verbatims"] = _verbatims_postes(request, verbatims)
        form = PersonaForm(request.POST, request.FILES, instance=persona, **options)
        if form.is_valid():
            try:
                persona, changes = services.persona_modifier(
                    acteur=request.user, persona=persona, **form.donnees_service()
                )
            except ValidationError as erreur:
                form.erreurs_du_service(erreur)
            else:
                if changes:
                    messages.success(request, f"Modifications enregistrées : {', '.join(changes)}.")
                else:
                    messages.info(request, "Aucune modification : rien n'a été enregistré.")
                return redirect(persona)
        status = 400
    else:
        form = PersonaForm(instance=persona, irritants_initiaux=[f.irritant for f in fondements], **options)
        status = 200
    context = {
        "form": form,
        "persona": persona,
        "titre": f"Modifier {persona.prenom}",
        "breadcrumb_data": fil(courant="Modifier", persona=persona),
    }
    return render(request, "personas/formulaire.html", context, status=status)


@permission_requise("personas.publier")
@require_POST
def publication(request, slug):
    persona = _persona(slug)
    form = PublicationForm(request.POST)
    if not form.is_valid():
        for erreur in [e for liste in form.errors.values() for e in liste]:
            messages.error(request, erreur)
        return redirect(persona)
    try:
        if form.cleaned_data["action"] == "publier":
            services.persona_publier(acteur=request.user, persona=persona)
            messages.success(request, f"Le persona {persona.prenom} est publié : le public voit sa page et sa lettre.")
        else:
            services.persona_depublier(acteur=request.user, persona=persona)
            messages.success(
                request, f"Le persona {persona.prenom} est revenu en brouillon : le public ne le voit plus."
            )
    except ValidationError as erreur:
        for texte in erreur.messages:
            messages.error(request, texte)
    return redirect(persona)


# --- La lettre ------------------------------------------------------------------------------------------------


def _lettre_initiale(persona: Persona) -> dict:
    return {
        "objet": f"Mes difficultés avec les services publics du {persona.experimentation.territoire.nom}"[:200],
        "destinataire": DESTINATAIRE_PAR_DEFAUT,
        "date_lettre": min(timezone.localdate(), persona.experimentation.date_echeance_promesses),
        "appel": "Madame, Monsieur,",
        "politesse": POLITESSE_PAR_DEFAUT,
    }


@gestion_requise
@require_http_methods(["GET", "HEAD", "POST"])
def lettre_modifier(request, slug):
    persona = _persona(slug)
    lettre = LettreInterpellation.objects.filter(persona=persona).first()
    if lettre is not None:
        cites = [c.irritant for c in lettre.citations.select_related("irritant").order_by("ordre", "pk")]
    else:
        cites = [f.irritant for f in persona.fondements.select_related("irritant").order_by("ordre", "pk")]
    apercu = None
    status = 200
    if request.method == "POST":
        form = LettreForm(request.POST, instance=lettre, persona=persona)
        if form.is_valid():
            donnees = form.donnees_service()
            if request.POST.get("action") == "apercu":
                notes = {str(n): str(n) for n in range(1, len(donnees["irritants"]) + 1)}
                apercu = markdown_sur(donnees["corps"], notes=notes)
            else:
                try:
                    lettre, version, cree = services.lettre_enregistrer(
                        acteur=request.user, persona=persona, **donnees
                    )
                except ValidationError as erreur:
                    form.erreurs_du_service(erreur)
                else:
                    if cree:
                        messages.success(request, f"Lettre enregistrée (version n° {version.numero}).")
                    else:
                        messages.info(request, "La lettre n'a pas changé : aucune nouvelle version.")
                    return redirect("personas:lettre", slug=persona.slug)
        if form.errors:
            status = 400
    else:
        form = LettreForm(
            instance=lettre,
            initial=None if lettre else _lettre_initiale(persona),
            persona=persona,
            irritants_initiaux=cites,
        )
    context = {
        "form": form,
        "persona": persona,
        "lettre": lettre,
        "apercu": apercu,
        "breadcrumb_data": fil(courant="Écrire sa lettre", persona=persona),
    }
    return render(request, "personas/lettre_formulaire.html", context, status=status)


@gestion_requise
@require_http_methods(["GET", "HEAD"])
def lettre_versions(request, slug):
    persona = _persona(slug)
    lettre = LettreInterpellation.objects.filter(persona=persona).first()
    if lettre is None:
        raise Http404("Ce persona n'a pas encore de lettre.")
    liste = list(versions.versions_de(VersionLettre, lettre))
    # Chaque version comparée à la précédente (la plus ancienne à rien) ; une lettre sans version n'en montre aucune.
    for rang, version in enumerate(liste):
        precedente = liste[rang + 1] if rang + 1 < len(liste) else None
        version.differences = versions.differences(
            precedente.contenu if precedente else None, version.contenu, VersionLettre.LIBELLES
        )
        version.est_actuelle = version is liste[0]
    lettre_url = reverse("personas:lettre", kwargs={"slug": persona.slug})
    context = {
        "persona": persona,
        "lettre": lettre,
        "versions": liste,
        "breadcrumb_data": fil(("Sa lettre", lettre_url), courant="Versions", persona=persona),
    }
    return render(request, "personas/lettre_versions.html", context)


@gestion_requise
@require_POST
def lettre_restaurer(request, slug, numero):
    persona = _persona(slug)
    lettre = get_object_or_404(LettreInterpellation, persona=persona)
    try:
        version, cree = services.lettre_restaurer(acteur=request.user, lettre=lettre, numero=numero)
    except ValidationError as erreur:
        for texte in erreur.messages:
            messages.error(request, texte)
        return redirect("personas:lettre_versions", slug=slug)
    if cree:
        messages.success(request, f"Version n° {numero} restaurée : elle devient la version n° {version.numero}.")
    else:
        messages.info(request, f"La lettre est déjà dans l'état de la version n° {numero} : rien n'a changé.")
    return redirect("personas:lettre", slug=slug)
