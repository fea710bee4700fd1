"""Personas : pages publiques (persona publié), gestion par les facilitateurs."""

from tests.securite.table import CONNEXION, Ligne, partout

FACILITATEUR = {"anonyme": CONNEXION, "participant": 403, "agent": 403, "autre_agent": 403, "facilitateur": 200}


def _persona(monde):
    return {"slug": monde.persona.slug}


LIGNES = {
    "personas/": partout(200),
    "personas/nouveau/": Ligne(**FACILITATEUR),
    # Le dossier PDF est produit en tâche de fond : la page renvoie vers son état (302) ou le sert.
    "personas/dossier.pdf": partout((200, 302)),
    "personas/<slug:slug>/": partout(200, params=_persona),
    "personas/<slug:slug>/modifier/": Ligne(params=_persona, **FACILITATEUR),
    "personas/<slug:slug>/publication/": Ligne(
        params=_persona,
        **{**FACILITATEUR, "facilitateur": 405},
        post=Ligne(**{**FACILITATEUR, "facilitateur": (302, 400)}),
    ),
    "personas/<slug:slug>/lettre/": partout(200, params=_persona),
    "personas/<slug:slug>/lettre/imprimer/": partout(200, params=_persona),
    "personas/<slug:slug>/lettre/modifier/": Ligne(params=_persona, **FACILITATEUR),
    "personas/<slug:slug>/lettre/versions/": Ligne(params=_persona, **FACILITATEUR),
    "personas/<slug:slug>/lettre/versions/<int:numero>/restaurer/": Ligne(
        params=lambda monde: {"slug": monde.persona.slug, "numero": 1},
        **{**FACILITATEUR, "facilitateur": 405},
    ),
}
