"""Irritants : synthèse publique, codage et publication par les facilitateurs."""

from tests.securite.table import CONNEXION, Ligne, partout

FACILITATEUR = {"anonyme": CONNEXION, "participant": 403, "agent": 403, "autre_agent": 403, "facilitateur": 200}

LIGNES = {
    "irritants/": partout(200),
    "irritants/<int:pk>/": partout(200, params=lambda monde: {"pk": monde.irritant.pk}),
    "irritants/<int:pk>/publication/": Ligne(
        params=lambda monde: {"pk": monde.irritant.pk},
        **{**FACILITATEUR, "facilitateur": 405},
        post=Ligne(**{**FACILITATEUR, "facilitateur": (302, 400)}),
    ),
    "irritants/codage/": Ligne(**FACILITATEUR),
    "irritants/codage/observations/<int:pk>/": Ligne(
        params=lambda monde: {"pk": monde.observation.pk}, **FACILITATEUR
    ),
    "irritants/fusion/": Ligne(**FACILITATEUR),
    "irritants/journal/": Ligne(**FACILITATEUR),
}
