"""Connexions persistantes contre une connexion par requête, sur PostgreSQL, derrière gunicorn.

Lance gunicorn (2 workers synchrones) deux fois par manche — CONN_MAX_AGE=0 (référence : une
connexion ouverte et fermée à chaque requête) puis CONN_MAX_AGE=60 avec vérification de santé —
et mesure le débit de la sonde /sante/ (une requête SQL) et de la fiche d'une commune avec des
clients HTTP keep-alive sur la boucle locale. Les modes alternent par manche pour que le bruit de
cette machine partagée touche les deux également ; on imprime le rapport médian.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/carteblanche_bench .venv/bin/python bench/connexions.py

(base migrée, territoire importé : `manage.py migrate && manage.py importer_territoire`).
"""

import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _serveur import gunicorn_lancer  # noqa: E402

RACINE = Path(__file__).resolve().parents[1]
MANCHES = int(os.environ.get("BENCH_MANCHES", 5))
DUREE = float(os.environ.get("BENCH_DUREE", 4))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 4))
URLS = ["/sante/", "/territoire/communes/46042/"]


def demarrer(conn_max_age: int) -> tuple[subprocess.Popen, int]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carteblanche.settings.dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_CONN_MAX_AGE": str(conn_max_age),
    }
    return gunicorn_lancer(env)


def debit(port: int, url: str) -> float:
    compte = [0] * CLIENTS
    fin = time.perf_counter() + DUREE

    def client(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.perf_counter() < fin:
            conn.request("GET", url, headers={"Host": "127.0.0.1"})
            reponse = conn.getresponse()
            reponse.read()
            if reponse.status != 200:
                raise RuntimeError(f"{url} : HTTP {reponse.status}")
            compte[i] += 1
        conn.close()

    fils = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    debut = time.perf_counter()
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    return sum(compte) / (time.perf_counter() - debut)


def mesurer(conn_max_age: int) -> dict[str, float]:
    serveur, port = demarrer(conn_max_age)
    try:
        for url in URLS:
            debit(port, url)  # échauffement (chargement du code, premières connexions)
        return {url: debit(port, url) for url in URLS}
    finally:
        serveur.terminate()
        serveur.wait()


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Ce banc mesure PostgreSQL : définissez DATABASE_URL=postgres://… (base migrée, territoire importé).")
        return 2
    reference = {url: [] for url in URLS}
    persistant = {url: [] for url in URLS}
    for _ in range(MANCHES):
        for url, valeur in mesurer(0).items():
            reference[url].append(valeur)
        for url, valeur in mesurer(60).items():
            persistant[url].append(valeur)
    for url in URLS:
        rapport = statistics.median(p / r for p, r in zip(persistant[url], reference[url], strict=True))
        print(
            f"{url:32} une connexion par requête (référence) : {statistics.median(reference[url]):6.0f} req/s ; "
            f"persistante : {statistics.median(persistant[url]):6.0f} req/s ; rapport ×{rapport:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
