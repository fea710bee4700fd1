"""Réglages de gunicorn, lus d'office depuis le dossier courant (docker-compose, Dockerfile, bancs de bench/).

Le ramasse-miettes de Python faisait la queue des latences : une collecte complète parcourait tous les objets de
Django chargés au démarrage (modules, modèles, gabarits, ~160 000 objets) et coûtait 70 à 130 ms, toutes les
dizaine de requêtes d'API sans cache (`/api/communes/` : p50 11 ms, p95 122 ms en processus ; bench/pages.py).
Une fois l'application chargée dans le worker, on gèle ces objets (génération permanente, plus jamais parcourue)
et on espace les collectes : p95 13 à 20 ms, sans collecte complète sur 120 requêtes.
"""

import gc

SEUILS_RAMASSE_MIETTES = (50_000, 20, 100)


def post_worker_init(worker):
    gc.freeze()
    gc.set_threshold(*SEUILS_RAMASSE_MIETTES)
