"""Pages publiques contre la sonde de santé, avec et sans le cache des pages (commun.cache).

Deux gunicorn (2 workers synchrones chacun, réglages de production, PostgreSQL, Redis, données de
démonstration) tournent côte à côte : l'un avec le cache des pages, l'autre avec
`CARTEBLANCHE_CACHE_PAGES=false`. Quatre clients HTTP keep-alive (en-tête `Accept-Encoding` d'un
navigateur) frappent, en manches alternées — /sante/ puis la page, sur le même serveur — chaque page
publique. On imprime pour chaque page et chaque mode le débit (req/s), les latences p50/p95 et le
rapport au débit de /sante/ (médiane des rapports par manche : cette machine partagée est bruyante,
les rapports tiennent mieux que les valeurs absolues). Cibles : rapport ≥ 0,5 avec le cache, p95 sans
cache < 150 ms.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cb_perf REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/pages.py

(la base doit contenir la démonstration : `manage.py migrate && importer_communes --departement 46 &&
importer_territoire && charger_demo` ; le banc lance `collectstatic`, que les réglages de production
exigent, s'il n'a jamais tourné ou si `BENCH_COLLECTSTATIC=1`). `BENCH_MANCHES`, `BENCH_DUREE` (secondes
par mesure), `BENCH_CLIENTS`, `BENCH_PAGES` (adresses séparées par des virgules) changent la mesure.
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
from _serveur import collectstatic_si_besoin, environnement, gunicorn_lancer  # noqa: E402

RACINE = Path(__file__).resolve().parents[1]
MANCHES = int(os.environ.get("BENCH_MANCHES", 3))
DUREE = float(os.environ.get("BENCH_DUREE", 1.5))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 4))
CIBLE_RAPPORT = 0.5
CIBLE_P95_MS = 150
SANTE = "/sante/"
ENTETES = {
    "Host": "127.0.0.1",
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Encoding": "gzip, deflate, br",
}
# Un client de l'API demande du JSON (un navigateur reçoit l'API navigable, propre à chaque requête, jamais gardée).
ENTETES_API = {**ENTETES, "Accept": "application/json"}


def demarrer(**extra) -> tuple[subprocess.Popen, int]:
    return gunicorn_lancer(environnement(**extra))


def frapper(port: int, url: str, duree: float) -> tuple[float, list[float]]:
    """CLIENTS connexions keep-alive pendant `duree` secondes : (req/s, latences en ms)."""
    latences: list[list[float]] = [[] for _ in range(CLIENTS)]
    erreurs: list[str] = []
    fin = time.perf_counter() + duree

    def client(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            while time.perf_counter() < fin:
                t0 = time.perf_counter()
                conn.request("GET", url, headers=ENTETES_API if url.startswith("/api/") else ENTETES)
                reponse = conn.getresponse()
                reponse.read()
                if reponse.status != 200:
                    erreurs.append(f"{url} : HTTP {reponse.status}")
                    return
                latences[i].append((time.perf_counter() - t0) * 1000)
        except OSError as exc:  # délai dépassé, connexion coupée : la mesure ne vaut rien, on le dit
            erreurs.append(f"{url} : {exc!r}")
        finally:
            conn.close()

    fils = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    debut = time.perf_counter()
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    if erreurs:
        raise RuntimeError(erreurs[0])
    toutes = [x for liste in latences for x in liste]
    return len(toutes) / (time.perf_counter() - debut), toutes


def quantile(valeurs: list[float], q: int) -> float:
    return statistics.quantiles(valeurs, n=100, method="inclusive")[q - 1] if len(valeurs) > 1 else valeurs[0]


def pages_publiques() -> list[str]:
    if choisies := os.environ.get("BENCH_PAGES"):
        return choisies.split(",")
    sys.path.insert(0, str(RACINE))
    os.environ.update(environnement())
    import django

    django.setup()
    from irritants.models import Irritant
    from personas.models import Persona
    from territoire.models import Commune

    irritant = Irritant.objects.publies().order_by("pk").first()
    persona = Persona.objects.filter(statut="publie").order_by("pk").first()
    commune = Commune.objects.filter(nom="Cahors").order_by("pk").first()
    if not (irritant and persona and commune):
        raise SystemExit("Base sans démonstration : migrate, importer_communes, importer_territoire, charger_demo.")
    return [
        "/",
        "/territoire/",
        f"/territoire/communes/{commune.code_insee}/",
        "/irritants/",
        f"/irritants/{irritant.pk}/",
        "/personas/",
        f"/personas/{persona.slug}/",
        "/api/irritants/",
        "/api/communes/",
        "/api/epci/",
        "/api/lieux-accueil/",
    ]


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        print("Ce banc demande PostgreSQL et Redis : définissez DATABASE_URL=postgres://… et REDIS_URL=redis://…")
        return 2
    pages = pages_publiques()
    collectstatic_si_besoin()
    charge_debut = os.getloadavg()
    modes = {"cache": {}, "sans cache": {"CARTEBLANCHE_CACHE_PAGES": "false"}}
    serveurs = {mode: demarrer(**extra) for mode, extra in modes.items()}
    # mesures[mode][url] = liste de (req/s de la page, req/s de /sante/ dans la même manche, latences)
    mesures = {mode: {url: [] for url in pages} for mode in modes}
    try:
        for _mode, (_serveur, port) in serveurs.items():
            for url in [SANTE, *pages]:
                frapper(port, url, 0.3)  # échauffement : code chargé, connexions ouvertes, cache rempli
        for _ in range(MANCHES):
            for url in pages:
                for mode, (_serveur, port) in serveurs.items():
                    sante, _ = frapper(port, SANTE, DUREE)
                    debit, latences = frapper(port, url, DUREE)
                    mesures[mode][url].append((debit, sante, latences))
    finally:
        for serveur, _port in serveurs.values():
            serveur.terminate()
            serveur.wait()

    print(
        f"{MANCHES} manches de {DUREE:g} s par mesure, {CLIENTS} clients keep-alive, gunicorn 2 workers "
        f"(réglages de production, PostgreSQL, Redis), {os.cpu_count()} cœurs partagés"
    )
    entete = f"{'page':34} {'mode':10} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'/sante/ req/s':>13} {'rapport':>8}"
    print(entete)
    print("-" * len(entete))
    echecs = []
    for url in pages:
        for mode in modes:
            lignes = mesures[mode][url]
            latences = [x for _d, _s, liste in lignes for x in liste]
            debit = statistics.median(d for d, _s, _l in lignes)
            sante = statistics.median(s for _d, s, _l in lignes)
            rapport = statistics.median(d / s for d, s, _l in lignes)
            p50, p95 = quantile(latences, 50), quantile(latences, 95)
            if mode == "cache" and rapport < CIBLE_RAPPORT:
                echecs.append(f"{url} avec cache : rapport {rapport:.2f} < {CIBLE_RAPPORT}")
            if mode == "sans cache" and p95 >= CIBLE_P95_MS:
                echecs.append(f"{url} sans cache : p95 {p95:.0f} ms ≥ {CIBLE_P95_MS} ms")
            print(f"{url:34} {mode:10} {debit:7.0f} {p50:7.1f} {p95:7.1f} {sante:13.0f} {rapport:8.2f}")
    print(f"charge de la machine (1, 5, 15 min) au début : {charge_debut} ; à la fin : {os.getloadavg()}")
    for echec in echecs:
        print(f"hors cible : {echec}")
    return 1 if echecs else 0


if __name__ == "__main__":
    sys.exit(main())
