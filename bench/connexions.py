"""Connexions persistantes contre une connexion par requête, sur PostgreSQL.

Mesure le débit de requêtes HTTP traitées par Django (client de test, en processus) sur la
sonde /sante/ (une requête SQL) et sur la page d'accueil, en alternant les deux modes par
manches pour que le bruit de cette machine partagée touche les deux également. Affiche des
rapports contre la référence mesurée dans le même passage (CONN_MAX_AGE=0).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/carteblanche .venv/bin/python bench/connexions.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carteblanche.settings.dev")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

MANCHES = int(os.environ.get("BENCH_MANCHES", 5))
REQUETES = int(os.environ.get("BENCH_REQUETES", 200))


def debit(client: Client, url: str, conn_max_age: int) -> float:
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = conn_max_age
    debut = time.perf_counter()
    for _ in range(REQUETES):
        reponse = client.get(url)
        assert reponse.status_code == 200, reponse.status_code
    return REQUETES / (time.perf_counter() - debut)


def main() -> int:
    if connection.vendor != "postgresql":
        print("Ce banc mesure PostgreSQL : définissez DATABASE_URL=postgres://… (base migrée).")
        return 2
    client = Client()
    for url in ("/sante/", "/"):
        client.get(url)  # échauffement
        reference, persistant = [], []
        for _ in range(MANCHES):
            reference.append(debit(client, url, 0))
            persistant.append(debit(client, url, 60))
        rapport = statistics.median(p / r for p, r in zip(persistant, reference, strict=True))
        print(
            f"{url:10} connexion par requête (référence) : {statistics.median(reference):7.0f} req/s ; "
            f"persistante : {statistics.median(persistant):7.0f} req/s ; rapport ×{rapport:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
