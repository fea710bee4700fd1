"""Le séminaire côté public et côté participant (sans compte, par son lien personnel), et l'écran de salle.

- `/seminaire/` et `/seminaire/<slug>/` : programme, ateliers, places restantes (public) ;
- `/seminaire/invitation/<jeton>/` : le choix d'un atelier par un participant, modifiable jusqu'à la clôture ;
  les places restantes se mettent à jour toutes les 5 s (htmx, partiel `places/`) ;
- `/seminaire/<slug>/ecran/<jeton>/` : l'écran projeté dans la salle, ouvert par le lien d'un facilitateur.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ateliers import selectors, services
from ateliers.jetons import RELATIONS_PAGE, JetonRefuse, ecran_verifier, participant_par_jeton
from ateliers.views.communs import lien_refuse, seminaire_lire
from commun.fil_ariane import fil_ariane
from documents.markdown import markdown_sur

ACTUALISATION_S = 5


@require_safe
def seminaire_courant(request):
    seminaire = selectors.seminaire_courant(voir_tout=request.user.has_perm("ateliers.gerer"))
    if seminaire is None:
        raise Http404("Aucun séminaire n'est encore annoncé.")
    return _page_seminaire(request, seminaire)


@require_safe
def seminaire(request, slug):
    return _page_seminaire(request, seminaire_lire(request, slug))


def _page_seminaire(request, seminaire):
    ateliers = selectors.ateliers_places(seminaire)
    context = {
        "seminaire": seminaire,
        "programme": markdown_sur(seminaire.programme),
        "ateliers": ateliers,
        "totaux": selectors.totaux(ateliers),
        "gerer": request.user.has_perm("ateliers.gerer"),
        "ouvertures": selectors.ouvertures(seminaire),
        "choix_ouvert": seminaire.choix_ouvert(),
        "equipes": selectors.equipes_publiques(seminaire, voir_tout=request.user.has_perm("ateliers.gerer")),
        "breadcrumb_data": fil_ariane(courant=seminaire.titre),
    }
    return render(request, "ateliers/seminaire.html", context)


@require_safe
def places_publiques(request, slug):
    """Le partiel des places restantes (htmx) de la page publique."""
    seminaire = seminaire_lire(request, slug)
    ateliers = selectors.ateliers_places(seminaire)
    return render(request, "ateliers/includes/_places_oob.html", {"ateliers": ateliers})


def _participant(jeton, relations=RELATIONS_PAGE):
    """(participant, None) ou (None, message) pour la page 404 expliquée."""
    try:
        return participant_par_jeton(jeton, relations=relations), None
    except JetonRefuse as refus:
        return None, refus.message


AUTRE_SEMINAIRE = "Cet atelier est celui d'un autre séminaire : votre lien n'ouvre pas ce choix."


def _choix_envoye(request, jeton):
    """L'envoi d'un choix, chemin de la rafale du séminaire : la vue ne lit que l'atelier demandé (et ses inscrits,
    pour refuser vite un atelier complet) ; le service lit et verrouille le participant de son jeton."""
    if request.POST.get("action") == "quitter_attente":
        participant, refus = _participant(jeton, ("seminaire",))
        if participant is None:
            return lien_refuse(request, refus)
        try:
            services.attente_quitter(participant=participant)
            messages.success(request, "Vous avez quitté la liste d'attente.")
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        return redirect("ateliers:invitation", jeton=jeton)
    atelier = selectors.atelier_a_choisir(request.POST.get("atelier", ""))
    if atelier is None:
        participant, refus = _participant(jeton, ("seminaire",))
        if participant is None:
            return lien_refuse(request, refus)
        messages.error(request, "Choisissez un atelier dans la liste.")
        return redirect("ateliers:invitation", jeton=jeton)
    try:
        choix, resultat = services.choix_enregistrer(
            jeton=jeton, atelier=atelier, attendre=request.POST.get("attendre") == "1"
        )
    except JetonRefuse as refus:
        return lien_refuse(request, refus.message)
    except ValidationError as erreur:
        codes = [e.code for e in getattr(erreur, "error_dict", {}).get("atelier", [])]
        if services.AUTRE_SEMINAIRE in codes:
            return lien_refuse(request, AUTRE_SEMINAIRE)
        messages.error(request, " ".join(erreur.messages))
    else:
        prenom = atelier.persona.prenom
        if resultat == services.Resultat.PLACE:
            messages.success(request, f"C'est noté : vous participez à l'atelier de {prenom}.")
        elif resultat == services.Resultat.ATTENTE:
            messages.info(
                request,
                f"L'atelier de {prenom} est complet : vous êtes sur sa liste d'attente, au rang "
                f"{choix.position_attente()}. Vous y entrerez dès qu'une place se libère"
                + (", et vous gardez votre place actuelle d'ici là." if choix.atelier_id else "."),
            )
        elif resultat == services.Resultat.COMPLET:
            messages.error(
                request,
                f"L'atelier de {prenom} vient d'être complet : votre choix n'a pas changé. Rejoignez sa liste "
                "d'attente ou choisissez un autre atelier.",
            )
        else:
            messages.info(request, f"Rien n'a changé : votre choix était déjà l'atelier de {prenom}.")
    return redirect("ateliers:invitation", jeton=jeton)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, jeton):
    if request.method == "POST":
        return _choix_envoye(request, jeton)
    participant, refus = _participant(jeton)
    if participant is None:
        return lien_refuse(request, refus)
    seminaire = participant.seminaire
    ateliers = selectors.ateliers_places(seminaire)
    choix = selectors.choix_du_participant(participant)
    context = {
        "participant": participant,
        "seminaire": seminaire,
        "ateliers": ateliers,
        "choix": choix,
        "position": choix.position_attente() if choix else None,
        "choix_ouvert": seminaire.choix_ouvert(),
        "pas_encore": timezone.now() < seminaire.choix_ouverture,
        "vote_ouvert": seminaire.vote_ouvert(),
        "actualisation": ACTUALISATION_S,
    }
    reponse = render(request, "ateliers/invitation.html", context)
    reponse["Referrer-Policy"] = "same-origin"  # le jeton est dans l'adresse : il ne part pas vers d'autres sites
    reponse["Cache-Control"] = "no-store"
    return reponse


@require_safe
def invitation_places(request, jeton):
    """Le partiel des places restantes (htmx, toutes les 5 s) de la page de choix."""
    participant, refus = _participant(jeton)
    if participant is None:
        return lien_refuse(request, refus)
    ateliers = selectors.ateliers_places(participant.seminaire)
    reponse = render(request, "ateliers/includes/_places_oob.html", {"ateliers": ateliers})
    reponse["Cache-Control"] = "no-store"
    return reponse


# --- L'écran de salle -------------------------------------------------------------------------------------------


def _ecran_contexte(request, slug, jeton):
    seminaire = get_object_or_404(selectors.seminaires_visibles(voir_tout=True), slug=slug)
    ecran_verifier(seminaire, jeton)
    vue = request.GET.get("vue")
    if vue not in ("choix", "vote"):
        # Le choix rouvert (par un facilitateur) passe avant les résultats d'un vote d'avant.
        vote_passe = seminaire.vote_ouverture and timezone.now() >= seminaire.vote_ouverture
        vue = "vote" if seminaire.vote_ouvert() or (vote_passe and not seminaire.choix_ouvert()) else "choix"
    context = {"seminaire": seminaire, "vue": vue, "jeton": jeton}
    if vue == "vote":
        context["resultats"] = selectors.resultats_vote(seminaire)
        context["nb_votants"] = selectors.nb_votants(seminaire)
        context["max_voix"] = max((e.nb_voix for e in context["resultats"]), default=0) or 1
    else:
        context["ateliers"] = selectors.ateliers_places(seminaire)
        context["totaux"] = selectors.totaux(context["ateliers"])
    return context


@require_safe
def ecran(request, slug, jeton):
    try:
        context = _ecran_contexte(request, slug, jeton)
    except JetonRefuse as refus:
        return lien_refuse(request, refus.message)
    gabarit = "ateliers/includes/_ecran.html" if request.htmx else "ateliers/ecran.html"
    reponse = render(request, gabarit, context)
    reponse["Referrer-Policy"] = "same-origin"
    reponse["Cache-Control"] = "no-store"
    return reponse
