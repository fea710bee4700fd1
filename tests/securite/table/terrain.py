"""Le diagnostic de terrain : saisie des agents, listes des facilitateurs, liste et export des observations."""

from tests.securite.table import CONNEXION, Ligne

SAISIE = {"anonyme": CONNEXION, "participant": 403, "agent": 200, "autre_agent": 200, "facilitateur": 200}
FACILITATEUR = {"anonyme": CONNEXION, "participant": 403, "agent": 403, "autre_agent": 403, "facilitateur": 200}
# L'observation de l'agent : un autre agent reçoit 404 (IDOR), comme si elle n'existait pas.
A_L_AGENT = {"anonyme": CONNEXION, "participant": 403, "agent": 200, "autre_agent": 404, "facilitateur": 200}


def _observation(monde):
    return {"pk": monde.observation.pk}


LIGNES = {
    "terrain/": Ligne(**SAISIE),
    "terrain/observations/nouvelle/": Ligne(**SAISIE),
    "terrain/observations/<int:pk>/": Ligne(params=_observation, **A_L_AGENT),
    "terrain/observations/<int:pk>/modifier/": Ligne(params=_observation, **A_L_AGENT),
    # Retrait : facilitateurs, en POST seulement ; sans motif, la fiche revient avec l'erreur.
    "terrain/observations/<int:pk>/retrait/": Ligne(
        params=_observation,
        **{**FACILITATEUR, "facilitateur": 405},
        post=Ligne(**{**FACILITATEUR, "facilitateur": (302, 400, 422)}),
    ),
    "terrain/communes/": Ligne(**SAISIE),
    "terrain/sw.js": Ligne(anonyme=200, participant=200, agent=200, autre_agent=200, facilitateur=200),
    "terrain/hors-ligne/": Ligne(**SAISIE),
    "terrain/entretiens/": Ligne(**FACILITATEUR),
    "terrain/entretiens/<int:pk>/": Ligne(params=lambda monde: {"pk": monde.entretien.pk}, **FACILITATEUR),
    "terrain/immersions/": Ligne(**FACILITATEUR),
    "terrain/immersions/<int:pk>/": Ligne(params=lambda monde: {"pk": monde.immersion.pk}, **FACILITATEUR),
    # Liste des observations (chacun les siennes, le facilitateur toutes) et export (facilitateurs).
    "terrain/observations/": Ligne(**SAISIE),
    "terrain/observations/export.csv": Ligne(**FACILITATEUR),
}
