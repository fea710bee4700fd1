"""Vues des comptes : arrivée après connexion, limites de la connexion et de la réinitialisation du mot de passe.

La connexion (formulaire, administration, HTTP Basic de l'API) est limitée par django-axes (réglages
`AXES_*`) : `verrouillage` est la réponse française qu'il renvoie. La demande de réinitialisation du
mot de passe est limitée ici, par adresse électronique et par adresse IP.
"""

import hashlib

from axes.helpers import get_client_ip_address, get_cool_off
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import redirect, render

from commun.securite import MESSAGE_VERROU
from comptes.enums import Role

MESSAGE_TROP_DE_DEMANDES = (
    "Trop de demandes de réinitialisation pour cette adresse ou depuis ce poste : réessayez dans une heure, "
    "ou demandez à un facilitateur de l'expérimentation."
)


@login_required
def apres_connexion(request):
    """Après connexion (sans `next`), chacun arrive là où il travaille : l'agent sur sa saisie de terrain."""
    if request.user.has_role(Role.AGENT) and not request.user.has_role(Role.FACILITATEUR):
        return redirect("terrain:accueil")
    if request.user.has_role(Role.PARTICIPANT) and not request.user.has_role(Role.FACILITATEUR):
        return redirect("pages:espace_participant")  # sa page à lui, plutôt que l'accueil public
    return redirect("accueil")


def duree_du_blocage(request) -> str:
    delai = get_cool_off(request)
    if not delai:
        return "jusqu'à son déblocage"
    minutes = max(1, round(delai.total_seconds() / 60))
    if minutes < 120:
        return f"pendant {minutes} minutes"
    return f"pendant {round(minutes / 60)} heures"


def verrouillage(request, original_response=None, credentials=None):
    """La réponse de django-axes (AXES_LOCKOUT_CALLABLE) : 429, en JSON pour l'API, en page DSFR sinon."""
    message = MESSAGE_VERROU.format(duree=duree_du_blocage(request))
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429, json_dumps_params={"ensure_ascii": False})
    return render(request, "registration/verrouille.html", {"duree": duree_du_blocage(request)}, status=429)


def _compter(cle: str, fenetre: int) -> int:
    """Compte une demande de plus dans une fenêtre fixe ; renvoie le total de la fenêtre."""
    if cache.add(cle, 1, fenetre):
        return 1
    try:
        return cache.incr(cle)
    except ValueError:  # expirée entre les deux appels
        cache.set(cle, 1, fenetre)
        return 1


class ReinitialisationLimitee(auth_views.PasswordResetView):
    """La demande de lien de réinitialisation, limitée par adresse électronique et par adresse IP.

    Au-delà de REINITIALISATION_DEMANDES_MAX dans la fenêtre, la page répond 429 avec un message
    français et n'envoie rien ; la limite vaut pour toute adresse, connue ou non (rien ne se déduit).
    """

    def form_valid(self, form):
        fenetre = settings.REINITIALISATION_FENETRE_SECONDES
        courriel = form.cleaned_data["email"].strip().lower()
        empreinte = hashlib.sha256(courriel.encode()).hexdigest()[:32]
        compte = _compter(f"reinitialisation:courriel:{empreinte}", fenetre)
        poste = _compter(f"reinitialisation:ip:{get_client_ip_address(self.request)}", fenetre)
        if max(compte, poste) > settings.REINITIALISATION_DEMANDES_MAX:
            form.add_error(None, MESSAGE_TROP_DE_DEMANDES)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
