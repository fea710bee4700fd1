"""La rafale du séminaire : N participants (500 par défaut) choisissent leur atelier en même temps, par HTTP, avec
leur lien personnel, contre gunicorn et PostgreSQL.

Prépare en base un séminaire de banc (8 ateliers de 40 places, pris parmi les personas de la démo : 320 places pour
500 participants), démarre gunicorn (BENCH_WORKERS workers synchrones, 4 par défaut, réglages de production de
`bench/_serveur.py`), puis chaque participant ouvre sa page (jeton CSRF) et tous envoient leur choix au même
signal, par BENCH_CLIENTS connexions simultanées (64 par défaut). Les ateliers du fil rouge sont les plus demandés ;
un participant sur deux accepte la liste d'attente. La sonde triviale `/sante/` est mesurée dans la même exécution,
de la même façon.

Imprime : acceptés (place obtenue), en liste d'attente, refusés (atelier complet, sans attente), dépassements de
capacité (doit valoir 0, compté en base), p50 et p95 des envois, et leur rapport à la vue triviale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cb_x .venv/bin/python bench/seminaire.py

(base migrée et démo chargée : `manage.py migrate && importer_communes --departement 46 && importer_territoire &&
charger_demo`). Le séminaire de banc (`banc-seminaire`) est recréé à chaque exécution ; rien d'autre n'est touché.
"""

import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _serveur import collectstatic_si_besoin, environnement, gunicorn_lancer  # noqa: E402

RACINE = Path(__file__).resolve().parents[1]
N = int(os.environ.get("BENCH_N", 500))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 64))
WORKERS = int(os.environ.get("BENCH_WORKERS", 4))
PLACES = int(os.environ.get("BENCH_PLACES", 40))
SLUG = "banc-seminaire"
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def preparer() -> tuple[list[str], list[int]]:
    """Recrée le séminaire de banc ; rend les jetons des participants et les identifiants des ateliers."""
    sys.path.insert(0, str(RACINE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carteblanche.settings.dev")
    import django

    django.setup()
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from ateliers.models import Atelier, Choix, Participant, Seminaire
    from personas.models import Persona

    personas = list(Persona.objects.order_by("-fil_rouge", "ordre", "pk")[:8])
    if len(personas) < 2:
        raise SystemExit("Il faut les personas de la démo : `manage.py charger_demo`.")
    with transaction.atomic():
        ancien = Seminaire.objects.filter(slug=SLUG).first()
        if ancien is not None:
            Choix.objects.filter(participant__seminaire=ancien).delete()
            Participant.objects.filter(seminaire=ancien).delete()
            Atelier.objects.filter(seminaire=ancien).delete()
            ancien.delete()
        maintenant = timezone.now()
        seminaire = Seminaire.objects.create(
            experimentation=personas[0].experimentation,
            titre="Séminaire de banc",
            slug=SLUG,
            date=personas[0].experimentation.date_lancement,
            lieu="Banc",
            capacite=N,
            choix_ouverture=maintenant - datetime.timedelta(hours=1),
            choix_fermeture=maintenant + datetime.timedelta(hours=2),
        )
        ateliers = [
            Atelier.objects.create(seminaire=seminaire, persona=persona, capacite=PLACES, ordre=n)
            for n, persona in enumerate(personas)
        ]
        participants = Participant.objects.bulk_create(
            Participant(seminaire=seminaire, nom=f"Participant {n}", type="agent_public") for n in range(N)
        )
    return [p.jeton for p in participants], [a.pk for a in ateliers]


def compter(ateliers: list[int]) -> dict:
    from django.db.models import Count

    from ateliers.models import Atelier, Choix

    capacites = dict(Atelier.objects.filter(pk__in=ateliers).values_list("pk", "capacite"))
    places = dict(
        Choix.objects.filter(atelier__in=ateliers)
        .values("atelier")
        .annotate(n=Count("pk"))
        .values_list("atelier", "n")
    )
    return {
        "acceptes": sum(places.values()),
        "attente": Choix.objects.filter(atelier_attente__in=ateliers).count(),
        "depassements": sum(max(0, places.get(pk, 0) - capacite) for pk, capacite in capacites.items()),
    }


def demarrer() -> tuple[subprocess.Popen, int]:
    collectstatic_si_besoin()
    return gunicorn_lancer(environnement(), workers=WORKERS, options=("--backlog", "2048"))


class Client:
    """Un participant : sa connexion, ses cookies, son jeton CSRF."""

    def __init__(self, port: int, jeton: str):
        self.port, self.jeton, self.cookies, self.csrf = port, jeton, {}, ""

    def _requete(self, methode: str, url: str, corps: str | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        entetes = {"Host": "127.0.0.1"}
        if self.cookies:
            entetes["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if corps is not None:
            entetes["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(methode, url, body=corps, headers=entetes)
        reponse = conn.getresponse()
        texte = reponse.read().decode("utf-8", "replace")
        for entete, valeur in reponse.getheaders():
            if entete.lower() == "set-cookie":
                nom, _, reste = valeur.partition("=")
                self.cookies[nom] = reste.split(";", 1)[0]
        conn.close()
        return reponse.status, texte

    def ouvrir(self) -> None:
        statut, texte = self._requete("GET", f"/seminaire/invitation/{self.jeton}/")
        if statut != 200:
            raise RuntimeError(f"invitation : HTTP {statut}")
        self.csrf = _CSRF.search(texte).group(1)

    def choisir(self, atelier: int, attendre: bool) -> tuple[int, float]:
        corps = urlencode(
            {"csrfmiddlewaretoken": self.csrf, "atelier": atelier, **({"attendre": "1"} if attendre else {})}
        )
        debut = time.perf_counter()
        statut, _ = self._requete("POST", f"/seminaire/invitation/{self.jeton}/", corps)
        return statut, time.perf_counter() - debut


def rafale(taches, clients: int) -> tuple[list, float]:
    depart = threading.Event()

    def executer(tache):
        depart.wait()
        return tache()

    with ThreadPoolExecutor(max_workers=clients) as pool:
        futurs = [pool.submit(executer, tache) for tache in taches]
        debut = time.perf_counter()
        depart.set()
        resultats = [f.result() for f in futurs]
    return resultats, time.perf_counter() - debut


def sonde(port: int) -> tuple[int, float]:
    debut = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/sante/", headers={"Host": "127.0.0.1"})
    reponse = conn.getresponse()
    reponse.read()
    conn.close()
    return reponse.status, time.perf_counter() - debut


def quantile(valeurs: list[float], q: float) -> float:
    return statistics.quantiles(valeurs, n=100)[int(q) - 1] if len(valeurs) > 1 else valeurs[0]


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Ce banc mesure PostgreSQL : définissez DATABASE_URL=postgres://… (base migrée, démo chargée).")
        return 2
    jetons, ateliers = preparer()
    hasard = random.Random(7)
    # Les ateliers du fil rouge (les trois premiers) attirent la moitié des participants.
    poids = [3, 3, 3] + [1] * (len(ateliers) - 3)
    serveur, port = demarrer()
    try:
        for _ in range(20):
            sonde(port)  # échauffement
        clients = [Client(port, jeton) for jeton in jetons]
        rafale([c.ouvrir for c in clients], CLIENTS)
        demandes = [(c, hasard.choices(ateliers, poids)[0], hasard.random() < 0.5) for c in clients]
        envois, duree = rafale([lambda c=c, a=a, w=w: c.choisir(a, w) for c, a, w in demandes], CLIENTS)
        triviales, duree_triviale = rafale([lambda: sonde(port) for _ in range(N)], CLIENTS)
    finally:
        serveur.terminate()
        serveur.wait()
    erreurs = [statut for statut, _ in envois if statut != 302]
    compte = compter(ateliers)
    latences = [d * 1000 for _, d in envois]
    triviales_ms = [d * 1000 for _, d in triviales]
    refuses = N - compte["acceptes"] - compte["attente"]
    print(
        f"Rafale du séminaire : {N} participants, {len(ateliers)} ateliers de {PLACES} places, "
        f"{CLIENTS} connexions simultanées, gunicorn {WORKERS} workers, réglages de production, PostgreSQL."
    )
    print(
        f"  acceptés : {compte['acceptes']} ; en liste d'attente : {compte['attente']} ; "
        f"refusés (complet, sans attente) : {refuses} ; dépassements de capacité : {compte['depassements']}"
    )
    if erreurs:
        print(f"  réponses inattendues : {len(erreurs)} ({sorted(set(erreurs))})")
    p50, p95 = quantile(latences, 50), quantile(latences, 95)
    t50, t95 = quantile(triviales_ms, 50), quantile(triviales_ms, 95)
    print(f"  choix : p50 {p50:.0f} ms, p95 {p95:.0f} ms, {N / duree:.0f} req/s")
    print(f"  vue triviale /sante/ : p50 {t50:.0f} ms, p95 {t95:.0f} ms, {N / duree_triviale:.0f} req/s")
    print(f"  rapport choix / vue triviale : débit ×{(N / duree) / (N / duree_triviale):.2f}, p95 ×{p95 / t95:.1f}")
    return 1 if compte["depassements"] else 0


if __name__ == "__main__":
    sys.exit(main())
