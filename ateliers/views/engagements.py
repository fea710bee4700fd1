"""Les lettres d'engagement (écrites par l'animateur de l'atelier, enregistrées automatiquement, versionnées),
leurs PDF et le livret, le vote des participants (par leur lien) et la confirmation des promesses retenues."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ateliers import selectors, services
from ateliers.documents import SOURCE_LETTRE, SOURCE_LIVRET
from ateliers.forms import EngagementForm, LettreEngagementForm, RetenirForm, VoteForm
from ateliers.jetons import JetonRefuse, participant_par_jeton
from ateliers.models import Atelier, Engagement, LettreEngagement, VersionLettreEngagement, Vote
from ateliers.views.communs import fil, lien_refuse, seminaire_lire
from commun import versions
from commun.permissions import connexion_requise, permission_requise, refus
from documents import selectors as documents_selectors
from documents import services as documents_services
from documents.enums import EtatDocument
from documents.markdown import markdown_sur


def _atelier(request, slug, pk) -> Atelier:
    seminaire = seminaire_lire(request, slug)
    return get_object_or_404(
        Atelier.objects.select_related("seminaire__experimentation", "persona__commune", "persona__lettre"),
        pk=pk,
        seminaire=seminaire,
    )


def _peut_ecrire(request, atelier) -> bool:
    return request.user.has_perm("ateliers.ecrire_lettre", atelier)


def _lettre(atelier) -> LettreEngagement | None:
    return LettreEngagement.objects.filter(atelier=atelier).first()


@require_safe
def atelier(request, slug, pk):
    atelier = _atelier(request, slug, pk)
    lettre = _lettre(atelier)
    engagements = selectors.engagements_de_lettre(lettre) if lettre else []
    context = {
        "seminaire": atelier.seminaire,
        "atelier": atelier,
        "lettre": lettre,
        "introduction": markdown_sur(lettre.introduction) if lettre else "",
        "engagements": engagements,
        "peut_ecrire": _peut_ecrire(request, atelier),
        "document": documents_selectors.document_pour(source=SOURCE_LETTRE, objet_id=lettre.pk) if lettre else None,
        "breadcrumb_data": fil(courant=f"Atelier de {atelier.persona.prenom}", seminaire=atelier.seminaire),
    }
    return render(request, "ateliers/atelier.html", context)


def _exiger_ecriture(request, atelier):
    if not request.user.is_authenticated:
        return connexion_requise(request)
    if not _peut_ecrire(request, atelier):
        raise PermissionDenied(refus("ateliers.ecrire_lettre"))
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def lettre_modifier(request, slug, pk):
    atelier = _atelier(request, slug, pk)
    if (refuse := _exiger_ecriture(request, atelier)) is not None:
        return refuse
    lettre = _lettre(atelier)
    initial = {"introduction": lettre.introduction, "signataires": lettre.signataires} if lettre else {}
    form = LettreEngagementForm(request.POST or None, initial=initial)
    version, cree = None, False
    if request.method == "POST" and form.is_valid():
        try:
            lettre, version, cree = services.lettre_engagement_enregistrer(
                acteur=request.user, atelier=atelier, **form.cleaned_data
            )
        except ValidationError as erreur:
            for champ, messages_ in erreur.message_dict.items():
                form.add_error(champ if champ in form.fields else None, messages_)
        else:
            if request.htmx:
                return render(
                    request,
                    "ateliers/includes/_enregistrement.html",
                    {"version": version, "cree": cree, "heure": timezone.localtime()},
                )
            messages.success(request, "Lettre enregistrée." if cree else "Rien n'a changé depuis la dernière version.")
            return redirect("ateliers:lettre_modifier", slug=slug, pk=pk)
    if request.htmx and request.method == "POST":
        return render(request, "ateliers/includes/_enregistrement.html", {"erreurs": form.errors}, status=400)
    engagements = selectors.engagements_de_lettre(lettre) if lettre else []
    context = {
        "seminaire": atelier.seminaire,
        "atelier": atelier,
        "lettre": lettre,
        "form": form,
        "formulaires": [
            (e, EngagementForm(atelier=atelier, prefix=f"e{e.pk}", initial=_initial(e))) for e in engagements
        ],
        "nouveau": EngagementForm(atelier=atelier, prefix="nouveau"),
        "derniere": versions.versions_de(VersionLettreEngagement, lettre).first() if lettre else None,
        "breadcrumb_data": fil(
            (f"Atelier de {atelier.persona.prenom}", reverse("ateliers:atelier", args=[slug, pk])),
            courant="Écrire la lettre d'engagement",
            seminaire=atelier.seminaire,
        ),
    }
    return render(request, "ateliers/lettre_formulaire.html", context, status=400 if form.errors else 200)


def _initial(engagement: Engagement) -> dict:
    return {
        "titre": engagement.titre,
        "description": engagement.description,
        "porteur_structure": engagement.porteur_structure_id,
        "porteur_libre": engagement.porteur_libre,
        "echeance": engagement.echeance,
        "irritants": [i.pk for i in engagement.irritants.all()],
    }


@require_POST
def engagement_enregistrer(request, slug, pk, engagement_pk=None):
    atelier = _atelier(request, slug, pk)
    if (refuse := _exiger_ecriture(request, atelier)) is not None:
        return refuse
    engagement = None
    if engagement_pk is not None:
        engagement = get_object_or_404(Engagement, pk=engagement_pk, lettre__atelier=atelier)
    form = EngagementForm(request.POST, atelier=atelier, prefix=f"e{engagement_pk}" if engagement else "nouveau")
    if form.is_valid():
        donnees = dict(form.cleaned_data)
        irritants = list(donnees.pop("irritants"))
        try:
            engagement, cree = services.engagement_enregistrer(
                acteur=request.user, atelier=atelier, engagement=engagement, irritants=irritants, **donnees
            )
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            messages.success(
                request,
                f"Engagement n° {engagement.numero} {'ajouté' if cree else 'enregistré'} : {engagement.titre}.",
            )
    else:
        erreurs = [
            f"{form.fields[c].label if c in form.fields else ''} : {' '.join(m)}" for c, m in form.errors.items()
        ]
        messages.error(request, "L'engagement n'a pas été enregistré. " + " ".join(erreurs))
    return redirect("ateliers:lettre_modifier", slug=slug, pk=pk)


@require_POST
def engagement_retirer(request, slug, pk, engagement_pk):
    atelier = _atelier(request, slug, pk)
    if (refuse := _exiger_ecriture(request, atelier)) is not None:
        return refuse
    engagement = get_object_or_404(Engagement, pk=engagement_pk, lettre__atelier=atelier)
    services.engagement_retirer(acteur=request.user, engagement=engagement)
    messages.success(
        request, f"L'engagement « {engagement.titre} » est retiré de la lettre (il reste à l'historique)."
    )
    return redirect("ateliers:lettre_modifier", slug=slug, pk=pk)


@require_safe
def lettre_versions(request, slug, pk):
    atelier = _atelier(request, slug, pk)
    if (refuse := _exiger_ecriture(request, atelier)) is not None:
        return refuse
    lettre = get_object_or_404(LettreEngagement, atelier=atelier)
    liste = list(versions.versions_de(VersionLettreEngagement, lettre)[:50])
    lignes = []
    for index, version in enumerate(liste):
        precedente = liste[index + 1].contenu if index + 1 < len(liste) else None
        lignes.append((version, versions.differences(precedente, version.contenu, VersionLettreEngagement.LIBELLES)))
    context = {
        "seminaire": atelier.seminaire,
        "atelier": atelier,
        "lignes": lignes,
        "breadcrumb_data": fil(
            (f"Atelier de {atelier.persona.prenom}", reverse("ateliers:atelier", args=[slug, pk])),
            courant="Versions de la lettre",
            seminaire=atelier.seminaire,
        ),
    }
    return render(request, "ateliers/lettre_versions.html", context)


@require_POST
def lettre_restaurer(request, slug, pk, numero):
    atelier = _atelier(request, slug, pk)
    if (refuse := _exiger_ecriture(request, atelier)) is not None:
        return refuse
    lettre = get_object_or_404(LettreEngagement, atelier=atelier)
    try:
        version, cree = services.lettre_engagement_restaurer(acteur=request.user, lettre=lettre, numero=numero)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, f"Version n° {numero} restaurée." if cree else "C'est déjà le contenu actuel.")
    return redirect("ateliers:lettre_modifier", slug=slug, pk=pk)


def _document_ou_attente(request, *, source, objet_id, seminaire, titre):
    document = documents_services.document_demander(source=source, objet_id=objet_id, acteur=request.user)
    document.refresh_from_db()
    if document.etat == EtatDocument.PRET and document.disponible:
        return redirect(document.url_fichier)
    context = {
        "seminaire": seminaire,
        "document": document,
        "source_pdf": source,
        "titre": titre,
        "breadcrumb_data": fil(courant=titre, seminaire=seminaire),
    }
    return render(request, "ateliers/document_attente.html", context)


@require_safe
def lettre_pdf(request, slug, pk):
    atelier = _atelier(request, slug, pk)
    lettre = get_object_or_404(LettreEngagement, atelier=atelier)
    try:
        return _document_ou_attente(
            request,
            source=SOURCE_LETTRE,
            objet_id=lettre.pk,
            seminaire=atelier.seminaire,
            titre=f"Lettre d'engagement à {atelier.persona.prenom} (PDF)",
        )
    except PermissionDenied:
        # Le public ne déclenche pas la mise en page : il attend que l'animateur l'ait demandée.
        document = documents_selectors.document_pour(source=SOURCE_LETTRE, objet_id=lettre.pk)
        if document is not None and document.disponible:
            return redirect(document.url_fichier)
        raise Http404("Le PDF de cette lettre n'est pas encore prêt.") from None


@require_safe
def livret_pdf(request, slug):
    seminaire = seminaire_lire(request, slug)
    return _document_ou_attente(
        request, source=SOURCE_LIVRET, objet_id=seminaire.pk, seminaire=seminaire, titre="Livret du séminaire (PDF)"
    )


# --- Le vote --------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def vote(request, jeton):
    try:
        participant = participant_par_jeton(jeton)
    except JetonRefuse as refuse:
        return lien_refuse(request, refuse.message)
    seminaire = participant.seminaire
    engagements = selectors.engagements_du_seminaire(seminaire)
    actuels = list(Vote.objects.filter(participant=participant).values_list("engagement_id", flat=True))
    form = VoteForm(
        request.POST or None,
        engagements=engagements,
        voix=seminaire.votes_par_participant,
        initial={"engagements": actuels},
    )
    if request.method == "POST" and form.is_valid():
        try:
            _, change = services.vote_enregistrer(
                participant=participant, engagements=form.cleaned_data["engagements"]
            )
        except ValidationError as erreur:
            if hasattr(erreur, "error_dict"):
                for champ, liste in erreur.message_dict.items():
                    form.add_error(champ if champ in form.fields else None, liste)
            else:
                form.add_error(None, erreur.messages)
        else:
            messages.success(request, "Vos voix sont enregistrées." if change else "Vos voix n'ont pas changé.")
            return redirect("ateliers:vote", jeton=jeton)
    context = {
        "participant": participant,
        "seminaire": seminaire,
        "form": form,
        "vote_ouvert": seminaire.vote_ouvert(),
        "pas_encore": seminaire.vote_ouverture and timezone.now() < seminaire.vote_ouverture,
        "nb_actuels": len(actuels),
    }
    reponse = render(request, "ateliers/vote.html", context, status=400 if form.errors else 200)
    reponse["Referrer-Policy"] = "same-origin"
    reponse["Cache-Control"] = "no-store"
    return reponse


@require_http_methods(["GET", "HEAD", "POST"])
@permission_requise("ateliers.gerer")
def resultats(request, slug):
    seminaire = seminaire_lire(request, slug)
    engagements = selectors.engagements_du_seminaire(seminaire)
    resultats_ = sorted(engagements, key=lambda e: -e.nb_voix)
    form = RetenirForm(
        request.POST or None,
        engagements=engagements,
        initial={"engagements": [e.pk for e in resultats_ if e.retenu]},
    )
    if request.method == "POST" and form.is_valid():
        ordre = {e.pk: rang for rang, e in enumerate(resultats_)}
        choisis = sorted(form.cleaned_data["engagements"], key=lambda e: ordre.get(e.pk, 0))
        try:
            services.promesses_retenir(acteur=request.user, seminaire=seminaire, engagements=choisis)
        except ValidationError as erreur:
            for liste in erreur.message_dict.values():
                form.add_error("engagements", liste)
        else:
            messages.success(request, "Les promesses retenues sont confirmées ; leurs équipes sont créées.")
            return redirect("ateliers:resultats", slug=slug)
    context = {
        "seminaire": seminaire,
        "resultats": resultats_,
        "nb_votants": selectors.nb_votants(seminaire),
        "form": form,
        "breadcrumb_data": fil(courant="Vote et promesses retenues", seminaire=seminaire),
    }
    return render(request, "ateliers/resultats.html", context, status=400 if form.errors else 200)
