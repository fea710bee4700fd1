"""La co-construction (équipes, cycles, pistes, maquettes, tests terrain, décisions) et le laboratoire ouvert au
public (sessions, inscription sans compte, liste d'attente, annulation, fichier .ics)."""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from icalendar import Calendar, Event

from ateliers import selectors, services
from ateliers.enums import EtatInscription
from ateliers.forms import (
    CycleForm,
    InscriptionLaboForm,
    MaquetteForm,
    MembreEquipeForm,
    PisteForm,
    SessionLaboForm,
    TestTerrainForm,
)
from ateliers.models import Cycle, InscriptionLabo, MembreEquipe, SessionLabo
from commun.fil_ariane import fil_ariane
from commun.permissions import connexion_requise, permission_requise, refus
from documents.markdown import markdown_sur


def _voir_tout(request) -> bool:
    return request.user.has_perm("ateliers.gerer")


def _equipe(request, slug):
    equipe = selectors.equipe_lire(slug, voir_tout=True)
    if equipe is None:
        raise Http404("Cette équipe n'existe pas.")
    peut_modifier = request.user.has_perm("ateliers.modifier_equipe", equipe)
    if not equipe.publiee and not peut_modifier:
        raise Http404("Cette équipe n'existe pas, ou sa page n'est pas publiée.")
    return equipe, peut_modifier


@require_safe
def equipes(request):
    """La co-construction : les équipes des trois promesses retenues et leur avancée."""
    context = {
        "equipes": selectors.equipes_progression(voir_tout=_voir_tout(request)),
        "breadcrumb_data": fil_ariane(courant="La co-construction"),
    }
    return render(request, "ateliers/equipes.html", context)


@require_safe
def equipe(request, slug):
    equipe, peut_modifier = _equipe(request, slug)
    voir_tout = peut_modifier
    cycles = selectors.cycles_de(equipe, voir_tout=voir_tout)
    context = {
        "equipe": equipe,
        "presentation": markdown_sur(equipe.presentation),
        "membres": list(equipe.membres.select_related("participant").all()),
        "cycles": cycles,
        "peut_modifier": peut_modifier,
        "peut_publier": request.user.has_perm("ateliers.publier"),
        "form_cycle": CycleForm() if peut_modifier else None,
        "peut_composer": request.user.has_perm("ateliers.composer_equipe", equipe),
        "form_membre": None,
        "sessions": list(equipe.sessions.filter(publiee=True).order_by("date")[:10]),
        "breadcrumb_data": fil_ariane(("La co-construction", reverse("ateliers:equipes")), courant=equipe.nom),
    }
    if context["peut_composer"]:
        context["form_membre"] = MembreEquipeForm(equipe=equipe, prefix="membre")
        context["peut_retirer_compte"] = request.user.has_perm("ateliers.gerer")
    return render(request, "ateliers/equipe.html", context)


@require_POST
def membre_ajouter(request, slug):
    """Ajouter un membre à l'équipe (facilitateurs et membres) : un participant du séminaire ou un nom libre."""
    equipe, _ = _equipe(request, slug)
    if not request.user.is_authenticated:
        return connexion_requise(request)
    if not request.user.has_perm("ateliers.composer_equipe", equipe):
        raise PermissionDenied(refus("ateliers.composer_equipe"))
    form = MembreEquipeForm(request.POST, equipe=equipe, prefix="membre")
    if form.is_valid():
        try:
            membre = services.membre_ajouter(acteur=request.user, equipe=equipe, **form.cleaned_data)
        except ValidationError as erreur:
            messages.error(request, "Le membre n'a pas été ajouté : " + _erreurs(erreur))
        else:
            messages.success(request, f"{membre.nom} fait maintenant partie de l'équipe.")
    else:
        messages.error(
            request,
            "Le membre n'a pas été ajouté : " + " ".join(m for liste in form.errors.values() for m in liste),
        )
    return redirect(reverse("ateliers:equipe", kwargs={"slug": slug}) + "#membres")


@require_POST
def membre_retirer(request, slug, pk):
    equipe, _ = _equipe(request, slug)
    if not request.user.is_authenticated:
        return connexion_requise(request)
    if not request.user.has_perm("ateliers.composer_equipe", equipe):
        raise PermissionDenied(refus("ateliers.composer_equipe"))
    membre = get_object_or_404(MembreEquipe, pk=pk, equipe=equipe)
    services.membre_retirer(acteur=request.user, membre=membre)
    messages.success(request, f"{membre.nom} ne fait plus partie de l'équipe.")
    return redirect(reverse("ateliers:equipe", kwargs={"slug": slug}) + "#membres")


def _exiger(request, equipe):
    if not request.user.is_authenticated:
        return connexion_requise(request)
    if not request.user.has_perm("ateliers.modifier_equipe", equipe):
        raise PermissionDenied(refus("ateliers.modifier_equipe"))
    return None


def _erreurs(erreur: ValidationError) -> str:
    return " ".join(erreur.messages)


@require_POST
def cycle_ajouter(request, slug):
    equipe, _ = _equipe(request, slug)
    if (refuse := _exiger(request, equipe)) is not None:
        return refuse
    form = CycleForm(request.POST)
    if form.is_valid():
        try:
            cycle, _ = services.cycle_enregistrer(acteur=request.user, equipe=equipe, **form.cleaned_data)
        except ValidationError as erreur:
            messages.error(request, "Le cycle n'a pas été enregistré : " + _erreurs(erreur))
        else:
            messages.success(request, f"Cycle n° {cycle.numero} ajouté.")
            return redirect("ateliers:cycle", slug=slug, numero=cycle.numero)
    else:
        messages.error(
            request,
            "Le cycle n'a pas été enregistré : " + " ".join(m for liste in form.errors.values() for m in liste),
        )
    return redirect("ateliers:equipe", slug=slug)


@require_http_methods(["GET", "HEAD", "POST"])
def cycle(request, slug, numero):
    """La page d'un cycle pour l'équipe : objectif et décision, pistes, maquettes, tests terrain."""
    equipe, _ = _equipe(request, slug)
    if (refuse := _exiger(request, equipe)) is not None:
        return refuse
    cycle = get_object_or_404(Cycle, equipe=equipe, numero=numero)
    experimentation = equipe.engagement.lettre.atelier.seminaire.experimentation
    formulaires = {
        "cycle": CycleForm(
            initial={
                "date_debut": cycle.date_debut,
                "date_fin": cycle.date_fin,
                "objectif": cycle.objectif,
                "decision": cycle.decision,
                "decision_motif": cycle.decision_motif,
            },
            prefix="cycle",
        ),
        "piste": PisteForm(prefix="piste"),
        "maquette": MaquetteForm(prefix="maquette"),
        "test": TestTerrainForm(prefix="test", experimentation=experimentation),
    }
    if request.method == "POST":
        quoi = request.POST.get("quoi")
        classes = {"cycle": CycleForm, "piste": PisteForm, "maquette": MaquetteForm, "test": TestTerrainForm}
        if quoi not in classes:
            raise Http404("Formulaire inconnu.")
        extra = {"experimentation": experimentation} if quoi == "test" else {}
        form = classes[quoi](request.POST, request.FILES, prefix=quoi, **extra)
        formulaires[quoi] = form
        if form.is_valid():
            donnees = form.cleaned_data
            try:
                if quoi == "cycle":
                    services.cycle_enregistrer(acteur=request.user, equipe=equipe, cycle=cycle, **donnees)
                elif quoi == "piste":
                    services.piste_ajouter(acteur=request.user, cycle=cycle, **donnees)
                elif quoi == "maquette":
                    services.maquette_ajouter(acteur=request.user, cycle=cycle, **donnees)
                else:
                    services.test_terrain_ajouter(acteur=request.user, cycle=cycle, **donnees)
            except ValidationError as erreur:
                for champ, liste in erreur.message_dict.items():
                    form.add_error(champ if champ in form.fields else None, liste)
            else:
                messages.success(request, "C'est enregistré.")
                return redirect("ateliers:cycle", slug=slug, numero=numero)
    cycle = selectors.cycles_de(equipe, voir_tout=True)
    cycle = next(c for c in cycle if c.numero == numero)
    context = {
        "equipe": equipe,
        "cycle": cycle,
        "formulaires": formulaires,
        "breadcrumb_data": fil_ariane(
            ("La co-construction", reverse("ateliers:equipes")),
            (equipe.nom, equipe.get_absolute_url()),
            courant=f"Cycle n° {numero}",
        ),
    }
    statut = 400 if any(f.is_bound and f.errors for f in formulaires.values()) else 200
    return render(request, "ateliers/cycle.html", context, status=statut)


@require_POST
@permission_requise("ateliers.publier")
def publier(request, quoi, pk):
    modeles = {"equipe": ("ateliers.Equipe", "publiee"), "cycle": ("ateliers.Cycle", "publie")}
    if quoi not in modeles:
        raise Http404
    modele = apps.get_model(modeles[quoi][0])
    objet = get_object_or_404(modele, pk=pk)
    publie = request.POST.get("publie") == "1"
    services.publication_changer(acteur=request.user, objet=objet, publie=publie)
    messages.success(request, "Publié : le public le voit." if publie else "Retiré du public.")
    suite = request.POST.get("suite", "")
    if not url_has_allowed_host_and_scheme(
        suite, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        suite = reverse("ateliers:equipes")
    return redirect(suite)


# --- Le laboratoire -------------------------------------------------------------------------------------------


@require_safe
def laboratoire(request):
    voir_tout = _voir_tout(request)
    context = {
        "sessions": selectors.sessions_a_venir(voir_tout=voir_tout),
        "passees": selectors.sessions_passees(voir_tout=voir_tout),
        "gerer": voir_tout,
        "breadcrumb_data": fil_ariane(courant="Le laboratoire"),
    }
    return render(request, "ateliers/laboratoire.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def session(request, pk):
    session = selectors.session_lire(pk, voir_tout=_voir_tout(request))
    if session is None:
        raise Http404("Cette session n'existe pas, ou elle n'est pas publiée.")
    form = InscriptionLaboForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            inscription = services.inscription_labo_creer(session=session, **form.cleaned_data)
        except ValidationError as erreur:
            erreurs = erreur.message_dict.items() if hasattr(erreur, "error_dict") else [(None, erreur.messages)]
            for champ, liste in erreurs:
                form.add_error(champ if champ in form.fields else None, liste)
        else:
            return redirect("ateliers:inscription", jeton=inscription.jeton_annulation)
    context = {
        "session": session,
        "form": form,
        "passee": session.debut <= timezone.now(),
        "gerer": _voir_tout(request),
        "breadcrumb_data": fil_ariane(("Le laboratoire", reverse("ateliers:laboratoire")), courant=session.theme),
    }
    return render(request, "ateliers/session.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def inscription(request, jeton):
    """La page d'une inscription (lien personnel, à garder) : état, rang d'attente, annulation, calendrier."""
    inscription = InscriptionLabo.objects.select_related("session").filter(jeton_annulation=jeton).first()
    if inscription is None:
        return render(
            request,
            "ateliers/lien_refuse.html",
            {"message": "Ce lien d'inscription n'existe pas : vérifiez qu'il est complet."},
            status=404,
        )
    if request.method == "POST":
        services.inscription_labo_annuler(jeton=jeton)
        messages.success(
            request, "Votre inscription est annulée ; votre courriel est effacé. Merci de nous avoir prévenus."
        )
        return redirect("ateliers:inscription", jeton=jeton)
    context = {
        "inscription": inscription,
        "session": inscription.session,
        "position": services.inscription_position(inscription),
        "annulee": inscription.etat == EtatInscription.ANNULEE,
    }
    reponse = render(request, "ateliers/inscription.html", context)
    reponse["Referrer-Policy"] = "same-origin"
    reponse["Cache-Control"] = "no-store"
    return reponse


@require_safe
def session_ics(request, pk):
    session = get_object_or_404(SessionLabo, pk=pk, publiee=True)
    calendrier = Calendar()
    calendrier.add("prodid", "-//Carte Blanche//Laboratoire//FR")
    calendrier.add("version", "2.0")
    evenement = Event()
    evenement.add("uid", f"session-labo-{session.pk}@carteblanche")
    evenement.add("summary", f"Laboratoire Carte Blanche : {session.theme}")
    evenement.add("dtstart", session.debut)
    evenement.add("dtend", session.fin)
    evenement.add("dtstamp", session.debut)
    evenement.add("location", session.lieu)
    evenement.add("description", session.description or session.theme)
    evenement.add("url", request.build_absolute_uri(session.get_absolute_url()))
    calendrier.add_component(evenement)
    reponse = HttpResponse(calendrier.to_ical(), content_type="text/calendar; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="laboratoire-{session.date:%Y-%m-%d}-{session.pk}.ics"'
    return reponse


def _session_erreurs(form, erreur: ValidationError) -> None:
    erreurs = erreur.message_dict.items() if hasattr(erreur, "error_dict") else [(None, erreur.messages)]
    for champ, liste in erreurs:
        form.add_error(champ if champ in form.fields else None, liste)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_requise("ateliers.gerer")
def session_nouvelle(request):
    """Programmer une séance du laboratoire (facilitateurs)."""
    experimentation = selectors.experimentation_par_defaut()
    form = SessionLaboForm(
        request.POST or None,
        initial={"experimentation": experimentation, "lieu": SessionLabo._meta.get_field("lieu").default},
    )
    if request.method == "POST" and form.is_valid():
        try:
            session, _ = services.session_labo_enregistrer(acteur=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            _session_erreurs(form, erreur)
        else:
            etat = "publiée : le public peut s'inscrire" if session.publiee else "pas encore publiée"
            messages.success(request, f"La séance « {session.theme} » est programmée ({etat}).")
            return redirect("ateliers:session_modifier", pk=session.pk)
    context = {
        "form": form,
        "titre": "Programmer une séance",
        "breadcrumb_data": fil_ariane(("Le laboratoire", reverse("ateliers:laboratoire")), courant="Nouvelle séance"),
    }
    return render(request, "ateliers/session_formulaire.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_requise("ateliers.gerer")
def session_modifier(request, pk):
    """Modifier une séance et voir ses inscrits, liste d'attente comprise (facilitateurs ; jamais le public)."""
    session = get_object_or_404(SessionLabo, pk=pk)
    initial = {champ: getattr(session, champ) for champ in services.CHAMPS_SESSION}
    form = SessionLaboForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session, _ = services.session_labo_enregistrer(acteur=request.user, session=session, **form.cleaned_data)
        except ValidationError as erreur:
            _session_erreurs(form, erreur)
        else:
            messages.success(request, f"La séance « {session.theme} » est enregistrée.")
            return redirect("ateliers:session_modifier", pk=session.pk)
    session = selectors.session_lire(pk, voir_tout=True)
    inscriptions = services.inscriptions_de_session(acteur=request.user, session=session)
    context = {
        "form": form,
        "session": session,
        "titre": f"Modifier la séance « {session.theme} »",
        "confirmees": [i for i in inscriptions if i.etat == EtatInscription.CONFIRMEE],
        "attente": [i for i in inscriptions if i.etat == EtatInscription.ATTENTE],
        "annulees": sum(1 for i in inscriptions if i.etat == EtatInscription.ANNULEE),
        "breadcrumb_data": fil_ariane(
            ("Le laboratoire", reverse("ateliers:laboratoire")),
            (session.theme, session.get_absolute_url()),
            courant="Modifier",
        ),
    }
    return render(request, "ateliers/session_formulaire.html", context, status=400 if form.errors else 200)
