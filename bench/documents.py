"""Lettres PDF : rendu WeasyPrint brut contre le chemin complet par Celery (vrai worker, broker Redis).

Dans la même exécution, en alternance lettre par lettre (cette machine partagée est bruyante) :
- référence — le rendu brut : `documents.pdf.html_en_pdf(html)` dans ce processus, moteur chaud
  (polices et feuille de style réutilisées), sur K lettres d'exemple distinctes ;
- Celery, lettre par lettre — la requête POST /documents/demander/ (client de test Django, middleware
  compris : rendu du HTML, empreinte, écriture de la ligne, mise en file au commit), puis l'attente
  jusqu'à ce que le worker ait publié le PDF. L'attente ne coûte rien : un déclencheur PostgreSQL posé
  par le banc (et retiré à la fin) notifie le passage à « prêt » (LISTEN/NOTIFY). C'est le
  temps qu'attend un utilisateur, surcoûts compris (broker, prise en charge, HTML rendu une seconde
  fois par la tâche, écriture atomique du fichier, publication sous verrou) ;
- Celery, en rafale — K requêtes d'affilée puis l'attente des K PDF : le coût par lettre quand les
  demandes s'accumulent (les requêtes et le worker se partagent alors les deux cœurs).

Le worker est un vrai `celery worker` prefork à un enfant, préchauffé dans le parent (voir
documents/worker.py). On imprime les médianes par lettre, leurs rapports à la référence (médiane des
rapports des paires brut/Celery ; pour la rafale, médiane des rapports par manche), le p95 de la
requête qui met en file, le nombre de dossiers `weasyprint-*` laissés après l'arrêt du worker
(SIGTERM) et la charge de la machine : les durées absolues n'ont de sens que sur une machine calme.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cb_documents REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/documents.py

(la base est migrée par le banc ; les lignes et fichiers créés sont effacés à la fin).
"""

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
MANCHES = int(os.environ.get("BENCH_MANCHES", 5))
LETTRES = int(os.environ.get("BENCH_LETTRES", 8))
CIBLE_RAPPORT = 1.15
CIBLE_P95_MS = 50


DECLENCHEUR = """
CREATE OR REPLACE FUNCTION bench_documents_notifier() RETURNS trigger AS $$
BEGIN PERFORM pg_notify('bench_documents', NEW.id || ':' || NEW.etat); RETURN NEW; END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS bench_documents_notifier ON documents_document;
CREATE TRIGGER bench_documents_notifier AFTER UPDATE OF etat ON documents_document
FOR EACH ROW WHEN (NEW.etat IN ('pret', 'echec')) EXECUTE FUNCTION bench_documents_notifier();
"""
RETRAIT_DECLENCHEUR = """
DROP TRIGGER IF EXISTS bench_documents_notifier ON documents_document;
DROP FUNCTION IF EXISTS bench_documents_notifier();
"""


def p95(valeurs: list[float]) -> float:
    return statistics.quantiles(valeurs, n=20, method="inclusive")[18]


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        print("Ce banc demande PostgreSQL et Redis : définissez DATABASE_URL=postgres://… et REDIS_URL=redis://…")
        return 2
    charge_debut = os.getloadavg()  # machine partagée : un banc sous forte charge se relance plus tard
    dossier = Path(tempfile.mkdtemp(prefix="bench-documents-"))
    (dossier / "tmp").mkdir()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="carteblanche.settings.dev",
        DJANGO_DEBUG="false",
        DJANGO_MEDIA_ROOT=str(dossier / "media"),
    )
    sys.path.insert(0, str(RACINE))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from carteblanche.celery import app
    from documents import exemple, pdf
    from documents.enums import EtatDocument
    from documents.models import Document

    call_command("migrate", verbosity=0)
    exemple.enregistrer()
    import psycopg
    from django.db import connection

    with connection.cursor() as curseur:
        curseur.execute(DECLENCHEUR)
    ecoute = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    ecoute.execute("LISTEN bench_documents")
    app.control.purge()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "carteblanche", "worker", "-P", "prefork", "-c", "1",
         "-I", "documents.exemple.source", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-l", "WARNING"],
        cwd=RACINE, env={**os.environ, "TMPDIR": str(dossier / "tmp"), "CELERY_SKIP_CHECKS": "1"},
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    client = Client(HTTP_HOST="localhost")
    sequence = iter(range(10**9))
    requetes: list[float] = []

    def attendre(ids: list[int]) -> None:
        restants = {str(i) for i in ids}
        while restants:
            for notification in ecoute.notifies(timeout=60, stop_after=1):
                identifiant, _, etat = notification.payload.partition(":")
                if etat == EtatDocument.ECHEC:
                    raise RuntimeError("une lettre a échoué : voir le journal du worker")
                restants.discard(identifiant)
                break
            else:
                raise RuntimeError(f"aucune lettre publiée en 60 s (restent {sorted(restants)})")

    def demander() -> int:
        objet_id = f"bench-{os.getpid()}-{next(sequence)}"
        debut = time.perf_counter()
        reponse = client.post("/documents/demander/", {"source": exemple.NOM_SOURCE, "objet_id": objet_id})
        requetes.append(time.perf_counter() - debut)
        if reponse.status_code != 302:
            raise RuntimeError(f"POST /documents/demander/ : HTTP {reponse.status_code}")
        return Document.objects.values_list("pk", flat=True).get(source=exemple.NOM_SOURCE, objet_id=objet_id)

    def brut_une() -> float:
        html = exemple.contenu(f"brut-{next(sequence)}").rendre()
        debut = time.perf_counter()
        pdf.html_en_pdf(html)
        return time.perf_counter() - debut

    def celery_une() -> float:
        debut = time.perf_counter()
        attendre([demander()])
        return time.perf_counter() - debut

    def celery_en_rafale() -> float:
        debut = time.perf_counter()
        attendre([demander() for _ in range(LETTRES)])
        return (time.perf_counter() - debut) / LETTRES

    try:
        for _ in range(200):  # le worker répond quand le parent a préchauffé WeasyPrint et forké
            if app.control.ping(timeout=0.5):
                break
        else:
            raise RuntimeError("le worker Celery n'a pas démarré")
        for _ in range(3):  # échauffement : premières connexions, caches
            brut_une(), celery_une()
        requetes.clear()
        # Lettre par lettre, les deux modes alternent à chaque lettre : la charge de la machine, qui
        # varie d'une seconde à l'autre, touche chaque paire également. La rafale suit chaque manche.
        paires, reference, rafale = [], [], []
        for _ in range(MANCHES):
            manche = []
            for _ in range(LETTRES):
                r, c = brut_une(), celery_une()
                manche.append(r)
                paires.append((r, c))
            reference.append(statistics.median(manche))
            rafale.append(celery_en_rafale())
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
        restes = list((dossier / "tmp").glob("weasyprint-*"))
        Document.objects.filter(source=exemple.NOM_SOURCE, objet_id__startswith="bench-").delete()
        with connection.cursor() as curseur:
            curseur.execute(RETRAIT_DECLENCHEUR)
        ecoute.close()
        pdf.nettoyer()
        shutil.rmtree(dossier, ignore_errors=True)

    rapport_unitaire = statistics.median(c / r for r, c in paires)
    rapport_rafale = statistics.median(c / r for c, r in zip(rafale, reference, strict=True))
    print(f"{MANCHES} manches de {LETTRES} lettres d'exemple (3 pages A4, ~930 mots, notes, numéros de page)")
    ms = {"ref": statistics.median(r for r, _ in paires) * 1000, "u": statistics.median(c for _, c in paires) * 1000}
    ms["r"] = statistics.median(rafale) * 1000
    print(f"rendu WeasyPrint brut, moteur chaud (référence)     : {ms['ref']:6.0f} ms par lettre")
    print(
        f"Celery lettre par lettre, de la demande au PDF publié : {ms['u']:6.0f} ms par lettre ; "
        f"rapport ×{rapport_unitaire:.2f} (cible ≤ ×{CIBLE_RAPPORT})"
    )
    print(
        f"Celery en rafale de {LETTRES} demandes                 : {ms['r']:6.0f} ms par lettre ; "
        f"rapport ×{rapport_rafale:.2f}"
    )
    print(
        f"requête qui met en file (POST /documents/demander/) : p95 {p95(requetes) * 1000:.1f} ms, "
        f"médiane {statistics.median(requetes) * 1000:.1f} ms sur {len(requetes)} (cible p95 < {CIBLE_P95_MS} ms)"
    )
    print(f"dossiers weasyprint-* laissés par le worker après SIGTERM : {len(restes)}")
    print(f"charge de la machine (1, 5, 15 min) au début : {charge_debut} ; à la fin : {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
