from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from comptes.enums import Role


@login_required
def apres_connexion(request):
    """Après connexion (sans `next`), chacun arrive là où il travaille : l'agent sur sa saisie de terrain."""
    if request.user.has_role(Role.AGENT) and not request.user.has_role(Role.FACILITATEUR):
        return redirect("terrain:accueil")
    if request.user.has_role(Role.PARTICIPANT) and not request.user.has_role(Role.FACILITATEUR):
        return redirect("pages:espace_participant")  # sa page à lui, plutôt que l'accueil public
    return redirect("accueil")
