"""La gestion du séminaire par les facilitateurs : participants (import CSV, liens, effacement), feuilles
d'invitation PDF, lien de l'écran de salle."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ateliers import selectors, services
from ateliers.documents import SOURCE_INVITATIONS
from ateliers.forms import ImportParticipantsForm
from ateliers.models import Participant
from ateliers.views.communs import fil, seminaire_lire
from commun.pagination import paginer
from commun.permissions import permission_requise
from documents import services as documents_services
from documents.enums import EtatDocument

PAR_PAGE = 50


@require_safe
@permission_requise("ateliers.gerer")
def participants(request, slug):
    seminaire = seminaire_lire(request, slug)
    page = paginer(request, selectors.participants_liste(seminaire), PAR_PAGE)
    for participant in page:
        participant.lien = request.build_absolute_uri(participant.get_invitation_url())
    context = {
        "seminaire": seminaire,
        "page_obj": page,
        "form": ImportParticipantsForm(),
        "url_ecran": request.build_absolute_uri(f"/seminaire/{seminaire.slug}/ecran/{seminaire.jeton_ecran}/"),
        "ouvertures": selectors.ouvertures(seminaire),
        "breadcrumb_data": fil(courant="Participants", seminaire=seminaire),
    }
    return render(request, "ateliers/participants.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_requise("ateliers.gerer")
def participants_importer(request, slug):
    seminaire = seminaire_lire(request, slug)
    rapport = None
    form = ImportParticipantsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        rapport = services.participants_importer(
            acteur=request.user, seminaire=seminaire, contenu=form.cleaned_data["fichier"].read()
        )
    context = {
        "seminaire": seminaire,
        "form": form,
        "rapport": rapport,
        "breadcrumb_data": fil(
            ("Participants", f"/seminaire/{seminaire.slug}/participants/"), courant="Importer", seminaire=seminaire
        ),
    }
    statut = 400 if (request.method == "POST" and (not form.is_valid() or (rapport and rapport.erreur))) else 200
    return render(request, "ateliers/participants_importer.html", context, status=statut)


def _participant(seminaire, pk):
    return get_object_or_404(Participant, pk=pk, seminaire=seminaire)


@require_POST
@permission_requise("ateliers.gerer")
def participant_action(request, slug, pk):
    seminaire = seminaire_lire(request, slug)
    participant = _participant(seminaire, pk)
    action = request.POST.get("action")
    if action == "revoquer":
        services.jeton_revoquer(acteur=request.user, participant=participant)
        messages.success(request, f"Le lien de {participant.nom} est désactivé.")
    elif action == "renouveler":
        services.jeton_renouveler(acteur=request.user, participant=participant)
        messages.success(request, f"{participant.nom} a un nouveau lien ; l'ancien ne marche plus.")
    elif action == "effacer" and request.POST.get("confirmer") == "1":
        nom = participant.nom
        services.participant_effacer(acteur=request.user, participant=participant)
        messages.success(request, f"{nom} et ses données (choix, voix, courriel) sont effacés.")
    else:
        messages.error(request, "Action inconnue : rien n'a changé.")
    return redirect("ateliers:participants", slug=seminaire.slug)


@require_POST
@permission_requise("ateliers.gerer")
def courriels_effacer(request, slug):
    seminaire = seminaire_lire(request, slug)
    nombre = services.courriels_effacer(acteur=request.user, seminaire=seminaire)
    messages.success(request, f"{nombre} courriel{'s' if nombre > 1 else ''} effacé{'s' if nombre > 1 else ''}.")
    return redirect("ateliers:participants", slug=seminaire.slug)


@require_safe
@permission_requise("ateliers.gerer")
def invitations_pdf(request, slug):
    """Les feuilles d'invitation (un QR code par participant), en PDF préparé en arrière-plan."""
    seminaire = seminaire_lire(request, slug)
    document = documents_services.document_demander(
        source=SOURCE_INVITATIONS, objet_id=seminaire.pk, acteur=request.user
    )
    document.refresh_from_db()
    if document.etat == EtatDocument.PRET and document.disponible:
        return redirect(document.url_fichier)
    context = {
        "seminaire": seminaire,
        "document": document,
        "source_pdf": SOURCE_INVITATIONS,
        "titre": "Feuilles d'invitation",
        "breadcrumb_data": fil(courant="Feuilles d'invitation", seminaire=seminaire),
    }
    return render(request, "ateliers/document_attente.html", context)


# --- Ouvrir et fermer le choix et le vote ---------------------------------------------------------------------

ACTIONS_OUVERTURE = {
    "choix_ouvrir": services.choix_ouvrir,
    "choix_fermer": services.choix_fermer,
    "vote_ouvrir": services.vote_ouvrir,
    "vote_fermer": services.vote_fermer,
}


def _confirmation(action: str, resultat: services.Ouverture) -> str:
    seminaire = resultat.seminaire
    if not resultat.change:
        return {
            "choix_ouvrir": "Le choix des ateliers était déjà ouvert : rien n'a changé.",
            "choix_fermer": "Le choix des ateliers n'était pas ouvert : rien n'a changé.",
            "vote_ouvrir": "Le vote était déjà ouvert : rien n'a changé.",
            "vote_fermer": "Le vote n'était pas ouvert : rien n'a changé.",
        }[action]
    if action == "choix_ouvrir":
        message = (
            "Le choix des ateliers est ouvert : chaque participant choisit par son lien personnel, jusqu'au "
            f"{services.heure_lisible(seminaire.choix_fermeture)} (ou jusqu'à ce que vous le fermiez)."
        )
    elif action == "vote_ouvrir":
        message = (
            "Le vote est ouvert : chaque participant donne ses voix par son lien personnel, jusqu'au "
            f"{services.heure_lisible(seminaire.vote_fermeture)} (ou jusqu'à ce que vous le fermiez)."
        )
    elif action == "choix_fermer":
        message = "Le choix des ateliers est fermé : la répartition ne change plus."
    else:
        message = "Le vote est fermé : les voix ne changent plus. Confirmez maintenant les promesses retenues."
    if resultat.liens_prolonges:
        message += f" Liens expirés redevenus valables : {resultat.liens_prolonges}."
    if resultat.liens_desactives:
        message += (
            f" Liens désactivés, qui le restent : {resultat.liens_desactives} (donnez à ces participants un "
            "« Nouveau lien » sur leur ligne)."
        )
    return message


@require_POST
@permission_requise("ateliers.gerer")
def ouverture(request, slug):
    """Ouvrir ou fermer, maintenant, le choix des ateliers ou le vote (boutons de la page des participants et de
    la page du séminaire)."""
    seminaire = seminaire_lire(request, slug)
    action = request.POST.get("action")
    if action not in ACTIONS_OUVERTURE:
        messages.error(request, "Action inconnue : rien n'a changé.")
    else:
        resultat = ACTIONS_OUVERTURE[action](acteur=request.user, seminaire=seminaire)
        messages.success(request, _confirmation(action, resultat))
    suite = request.POST.get("suite", "")
    if not url_has_allowed_host_and_scheme(
        suite, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        suite = reverse("ateliers:participants", kwargs={"slug": seminaire.slug})
    return redirect(suite)
