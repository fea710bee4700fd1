"""Banc du tableau de bord des promesses : 50 expérimentations × 100 promesses × 20 points d'avancement.

Charge les données une fois (bulk_create, quelques secondes ; rien n'est refait si elles sont là), lance gunicorn
(2 workers synchrones, réglages de production de `bench/_serveur.py`, PostgreSQL + Redis) et mesure dans une même
exécution, en alternant les pages par manche pour que le bruit de cette machine partagée les touche toutes
également :

- la vue triviale `/sante/` (une requête SQL et un aller-retour Redis : le plafond de ce serveur) ;
- le tableau de bord `/promesses/?experimentation=…`, la page d'une promesse, l'export CSV ;
- chacune « en cache » (visiteur sans session : `commun.cache.page_publique`) et « sans cache » (un cookie de
  session, si bien que la page est recalculée à chaque requête, comme pour un visiteur connecté).

Imprime req/s, p50 et p95 (ms) et le rapport du débit à celui de la vue triviale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cb_promesses_bench REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/promesses.py

La base est créée et migrée au besoin. Variables : BENCH_MANCHES (3), BENCH_DUREE (3 s), BENCH_CLIENTS (4).
"""

import datetime
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(RACINE / "bench"))

MANCHES = int(os.environ.get("BENCH_MANCHES", 3))
DUREE = float(os.environ.get("BENCH_DUREE", 3))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 4))
NB_EXPERIMENTATIONS, NB_PROMESSES, NB_POINTS = 50, 100, 20
PREFIXE = "bench-promesses"


def charger() -> dict:
    """Les données du banc (une fois). Renvoie les adresses à mesurer."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carteblanche.settings.dev")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from experimentations.models import Experimentation

    derniere = f"{PREFIXE}-{NB_EXPERIMENTATIONS - 1:02d}"
    if not Experimentation.objects.filter(slug=derniere).exists():
        _charger_tout()
    return _adresses()


def _charger_tout():
    from django.db import transaction

    from ateliers.models import Atelier, Engagement, LettreEngagement, Seminaire
    from experimentations.models import Experimentation
    from irritants.models import Irritant, Theme
    from personas.models import Persona
    from promesses.models import InstantanePromesse, PointAvancement, Promesse
    from territoire.models import Commune, Territoire

    debut = time.perf_counter()
    with transaction.atomic():
        commune, _ = Commune.objects.get_or_create(code_insee="46042", type="COM", defaults={"nom": "Cahors"})
        theme = Theme.objects.order_by("pk").first() or Theme.objects.create(nom="Thème", slug="theme")
        for e in range(NB_EXPERIMENTATIONS):
            slug = f"{PREFIXE}-{e:02d}"
            territoire = Territoire.objects.create(nom=f"Territoire {slug}", slug=slug, millesime_geographie=2016)
            experimentation = Experimentation.objects.create(
                nom=f"Banc {e}",
                slug=slug,
                territoire=territoire,
                date_lancement=datetime.date(2017, 12, 15) - datetime.timedelta(days=e),
                date_echeance_promesses=datetime.date(2018, 12, 31),
            )
            seminaire = Seminaire.objects.create(
                experimentation=experimentation,
                titre="Séminaire",
                slug=slug,
                date=datetime.date(2018, 2, 7),
                lieu="Cahors",
                capacite=60,
                choix_ouverture=datetime.datetime(2018, 2, 1, tzinfo=datetime.UTC),
                choix_fermeture=datetime.datetime(2018, 2, 7, tzinfo=datetime.UTC),
                publie=True,
            )
            personas = Persona.objects.bulk_create(
                Persona(
                    experimentation=experimentation,
                    prenom=f"Persona {p}",
                    slug=f"{slug}-persona-{p}",
                    age=40 + p,
                    situation_familiale="seul",
                    situation_professionnelle="retraité",
                    commune=commune,
                    mobilite="proches",
                    autonomie_numerique="eloignee",
                    portrait="Portrait.",
                    besoins="Besoins.",
                    attentes="Attentes.",
                    freins="Freins.",
                    statut="publie",
                    fil_rouge=p < 3,
                    ordre=p,
                )
                for p in range(8)
            )
            ateliers = Atelier.objects.bulk_create(
                Atelier(seminaire=seminaire, persona=persona, capacite=8, ordre=n)
                for n, persona in enumerate(personas)
            )
            lettres = LettreEngagement.objects.bulk_create(LettreEngagement(atelier=a) for a in ateliers)
            irritants = Irritant.objects.bulk_create(
                Irritant(experimentation=experimentation, titre=f"Irritant {i}", theme=theme, statut="publie")
                for i in range(NB_PROMESSES)
            )
            engagements = Engagement.objects.bulk_create(
                Engagement(
                    lettre=lettres[n % 8],
                    numero=n // 8 + 1,
                    titre=f"Promesse {n} de {slug}",
                    porteur_libre=f"Porteur {n % 7}",
                    echeance=datetime.date(2018, 12, 31),
                    retenu=n < 3,
                    ordre_retenu=n + 1 if n < 3 else None,
                )
                for n in range(NB_PROMESSES)
            )
            Engagement.irritants.through.objects.bulk_create(
                Engagement.irritants.through(engagement=engagement, irritant=irritant)
                for engagement, irritant in zip(engagements, irritants, strict=True)
            )
            promesses = Promesse.objects.bulk_create(
                Promesse(engagement=engagement, statut="en_cours", statut_declare="en_cours", avancement=(n * 7) % 100)
                for n, engagement in enumerate(engagements)
            )
            dates = [datetime.date(2018, 2, 15) + datetime.timedelta(days=15 * k) for k in range(NB_POINTS)]
            PointAvancement.objects.bulk_create(
                [
                    PointAvancement(
                        promesse=promesse,
                        date=date,
                        avancement=min(100, 5 * k),
                        statut="en_cours",
                        commentaire="Point du banc.",
                        auteur_nom="Porteur",
                    )
                    for promesse in promesses
                    for k, date in enumerate(dates)
                ],
                batch_size=5000,
            )
            InstantanePromesse.objects.bulk_create(
                [
                    InstantanePromesse(promesse=promesse, date=date, avancement=min(100, 5 * k), statut="en_cours")
                    for promesse in promesses
                    for k, date in enumerate(dates)
                ],
                batch_size=5000,
            )
        print(f"Données chargées en {time.perf_counter() - debut:.1f} s.")


def _adresses() -> dict:
    from django.db import connection

    from ateliers.models import Seminaire

    # Les séminaires du banc sont publiés (une base chargée par une version antérieure du banc ne l'était pas).
    Seminaire.objects.filter(slug__startswith=PREFIXE, publie=False).update(publie=True)

    from promesses.models import InstantanePromesse, PointAvancement, Promesse

    with connection.cursor() as curseur:
        curseur.execute("ANALYZE")
    milieu = f"{PREFIXE}-{NB_EXPERIMENTATIONS // 2:02d}"
    promesse = Promesse.objects.filter(engagement__lettre__atelier__seminaire__experimentation__slug=milieu).last()
    print(
        f"{Promesse.objects.count()} promesses, {PointAvancement.objects.count()} points d'avancement, "
        f"{InstantanePromesse.objects.count()} instantanés."
    )
    return {
        "vue triviale (/sante/)": "/sante/",
        "tableau de bord": f"/promesses/?experimentation={milieu}",
        "page d'une promesse": f"/promesses/{promesse.pk}/",
        "export CSV (100 promesses)": f"/promesses/export.csv?experimentation={milieu}",
    }


def demarrer() -> tuple[subprocess.Popen, int]:
    from _serveur import collectstatic_si_besoin, environnement, gunicorn_lancer

    collectstatic_si_besoin()
    return gunicorn_lancer(environnement(), port=int(os.environ.get("BENCH_PORT") or 0) or None)


def mesurer(port: int, url: str, *, cache: bool) -> tuple[float, list[float]]:
    """(débit en req/s, latences en ms) pendant DUREE secondes avec CLIENTS clients keep-alive."""
    entetes = {"Host": "127.0.0.1"}
    if not cache:
        entetes["Cookie"] = "sessionid=banc-sans-cache"  # une session (inconnue) : la page est recalculée
    latences: list[list[float]] = [[] for _ in range(CLIENTS)]
    fin = time.perf_counter() + DUREE

    def client(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < fin:
            t0 = time.perf_counter()
            conn.request("GET", url, headers=entetes)
            reponse = conn.getresponse()
            reponse.read()
            latences[i].append((time.perf_counter() - t0) * 1000)
            if reponse.status != 200:
                raise RuntimeError(f"{url} : HTTP {reponse.status}")
        conn.close()

    fils = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    debut = time.perf_counter()
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    toutes = [x for liste in latences for x in liste]
    return len(toutes) / (time.perf_counter() - debut), toutes


def centile(valeurs: list[float], q: float) -> float:
    valeurs = sorted(valeurs)
    return valeurs[min(len(valeurs) - 1, int(q * len(valeurs)))] if valeurs else float("nan")


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        print("Ce banc mesure PostgreSQL + Redis : définissez DATABASE_URL=postgres://… et REDIS_URL=redis://…")
        return 2
    pages = charger()
    cas = [
        (nom, url, cache) for nom, url in pages.items() for cache in ((True,) if "triviale" in nom else (True, False))
    ]
    debits: dict[tuple, list[float]] = {c: [] for c in cas}
    latences: dict[tuple, list[float]] = {c: [] for c in cas}
    serveur, port = demarrer()
    try:
        for _nom, url, cache in cas:
            mesurer(port, url, cache=cache)  # échauffement : code chargé, cache rempli
        for manche in range(MANCHES):
            ordre = cas if manche % 2 == 0 else list(reversed(cas))
            for c in ordre:
                debit, lat = mesurer(port, c[1], cache=c[2])
                debits[c].append(debit)
                latences[c].extend(lat)
    finally:
        serveur.terminate()
        serveur.wait()
    plafond = statistics.median(debits[cas[0]])
    print(f"\ngunicorn 2 workers, {CLIENTS} clients, {MANCHES} manches de {DUREE:g} s par page (médiane des manches)")
    print(f"{'page':30} {'mode':10} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'/ trivial':>10}")
    for c in cas:
        nom, url, cache = c
        debit = statistics.median(debits[c])
        print(
            f"{nom:30} {('cache' if cache else 'sans cache'):10} {debit:8.0f} {centile(latences[c], 0.5):8.1f} "
            f"{centile(latences[c], 0.95):8.1f} {debit / plafond:10.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
