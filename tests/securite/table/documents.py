"""Documents PDF : un document inconnu ou invisible répond 404 à tous ; la demande se fait en POST."""

import uuid

from tests.securite.table import partout

INCONNU = uuid.UUID("00000000-0000-4000-8000-000000000000")

LIGNES = {
    "documents/demander/": partout(405, post=partout((400, 404))),
    "documents/<uuid:uuid>/": partout(404, params=lambda monde: {"uuid": INCONNU}),
    "documents/<uuid:uuid>/relancer/": partout(405, params=lambda monde: {"uuid": INCONNU}, post=partout(404)),
    "documents/<uuid:uuid>/<str:nom_fichier>": partout(
        404, params=lambda monde: {"uuid": INCONNU, "nom_fichier": "dossier.pdf"}
    ),
}
