"""Ce que partagent les vues des ateliers : le fil d'Ariane, la page « lien non valable » (404)."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ateliers import selectors
from ateliers.models import Seminaire
from commun.fil_ariane import fil_ariane


def fil(*parents: tuple[str, str], courant: str, seminaire: Seminaire | None = None) -> dict:
    racine = [("Séminaire", reverse("ateliers:seminaire_courant"))]
    if seminaire is not None:
        racine = [(seminaire.titre, seminaire.get_absolute_url())]
    return fil_ariane(*racine, *parents, courant=courant)


def lien_refuse(request, message: str):
    """Un lien personnel qui ne mène à rien : 404, avec la raison en français (jamais une erreur 500)."""
    return render(request, "ateliers/lien_refuse.html", {"message": message}, status=404)


def seminaire_lire(request, slug: str) -> Seminaire:
    voir_tout = request.user.has_perm("ateliers.gerer")
    return get_object_or_404(selectors.seminaires_visibles(voir_tout=voir_tout), slug=slug)
