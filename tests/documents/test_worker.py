"""Avec un vrai worker Celery et Redis (CI) : la demande revient tout de suite, le worker publie.

Ces tests demandent REDIS_URL et PostgreSQL (DATABASE_URL) : le worker tourne dans un autre fil
(ou un autre processus) et lit la base par sa propre connexion.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import signals
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse

from documents import exemple, pdf, services, tasks
from documents.enums import EtatDocument
from documents.models import Document
from tests.comptes.factories import facilitateur
from tests.documents.conftest import SOURCE, TEXTES

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HTMX = {"HTTP_HX_REQUEST": "true"}
RACINE = Path(__file__).resolve().parents[2]


def attendre(condition, delai=40.0, pas=0.05):
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        valeur = condition()
        if valeur:
            return valeur
        time.sleep(pas)
    raise AssertionError("condition non remplie à temps")


def etat(document) -> str:
    return Document.objects.values_list("etat", flat=True).get(pk=document.pk)


@pytest.fixture
def livraisons():
    """Ce que le worker a reçu du broker : (est-ce une exécution sur place ?, clé de routage)."""
    recues = []

    def noter(task=None, **kwargs):
        if task is not None and task.name == "documents.generer":
            recues.append((task.request.is_eager, (task.request.delivery_info or {}).get("routing_key")))

    signals.task_prerun.connect(noter, weak=False)
    yield recues
    signals.task_prerun.disconnect(noter)


def test_la_demande_revient_tout_de_suite_et_le_worker_publie(client, worker_celery, livraisons):
    TEXTES["1"] = "Le bus pour Cahors ne passe que deux fois par jour."
    client.force_login(facilitateur())
    with worker_celery():
        reponse = client.post(reverse("documents:demander"), {"source": SOURCE, "objet_id": "1"}, **HTMX)
        assert reponse.status_code == 200
        assert 'hx-trigger="every 2s"' in reponse.content.decode()  # pas encore prêt : la zone s'interroge
        document = Document.objects.get()

        def fragment_final():
            fragment = client.get(document.get_absolute_url(), **HTMX)
            return fragment if fragment.status_code == 286 else None

        fragment = attendre(fragment_final)
    assert "Prêt" in fragment.content.decode()
    assert livraisons == [(False, "celery")]  # livrée par Redis à un worker, pas exécutée sur place
    octets = b"".join(client.get(document.url_fichier).streaming_content)
    assert octets.startswith(b"%PDF-") and octets.rstrip().endswith(b"%%EOF")


def test_un_echec_sur_le_worker_est_reessaye_puis_relance(client, worker_celery, monkeypatch, settings):
    settings.DOCUMENTS_DELAI_ESSAI = 1  # 1, 2 puis 4 s au plus entre les essais
    TEXTES["1"] = "Texte."
    essais = []

    def panne(html):
        essais.append(time.monotonic())
        raise OSError(28, "No space left on device")

    client.force_login(facilitateur())
    with worker_celery():  # (démarré avant la panne : son préchauffage rend une lettre)
        monkeypatch.setattr(pdf, "html_en_pdf", panne)
        client.post(reverse("documents:demander"), {"source": SOURCE, "objet_id": "1"})
        document = Document.objects.get()
        attendre(lambda: etat(document) == EtatDocument.ECHEC)
        document.refresh_from_db()
        assert document.tentatives == 4 and len(essais) == 4
        assert document.erreur == "Le fichier PDF n'a pas pu être enregistré sur le serveur."
        fragment = client.get(document.get_absolute_url(), **HTMX)
        assert fragment.status_code == 286 and "Relancer la génération du PDF" in fragment.content.decode()

        monkeypatch.undo()
        client.post(reverse("documents:relancer", args=[document.uuid]), **HTMX)
        attendre(lambda: etat(document) == EtatDocument.PRET)
    document.refresh_from_db()
    assert document.tentatives == 1 and document.erreur == ""


def test_deux_workers_sur_le_meme_document_ne_publient_qu_un_fichier(worker_celery):
    TEXTES["1"] = "Texte."
    with worker_celery(pool="threads", concurrency=2):
        document = services.document_demander(source=SOURCE, objet_id="1")  # mise en file au commit
        tasks.document_generer_tache.delay(document.pk, str(document.jeton))  # le même message, relivré
        attendre(lambda: etat(document) == EtatDocument.PRET)
        document.refresh_from_db()
        dossier = f"documents/{document.uuid}"
        # Le perdant efface son propre fichier après le commit du gagnant.
        attendre(lambda: default_storage.listdir(dossier)[1] == [os.path.basename(document.fichier.name)])
    assert Document.objects.count() == 1


def _worker_prefork(tmp_path, media: Path) -> subprocess.Popen:
    base = django_settings.DATABASES["default"]
    environnement = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carteblanche.settings.dev",
        "DATABASE_URL": f"postgres://{base['USER']}@{base['HOST']}:{base['PORT']}/{base['NAME']}",
        "DJANGO_MEDIA_ROOT": str(media),
        "TMPDIR": str(tmp_path / "tmp"),
        "CELERY_SKIP_CHECKS": "1",
    }
    (tmp_path / "tmp").mkdir()
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "carteblanche", "worker", "-P", "prefork", "-c", "2",
         "-I", "documents.exemple.source", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-l", "WARNING"],
        cwd=RACINE, env=environnement, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def test_un_worker_prefork_prechauffe_dans_le_parent_et_ne_laisse_aucun_dossier_de_polices(tmp_path, stockage_disque):
    """Le parent rend une lettre avant le fork : ses deux enfants partagent un seul dossier weasyprint-*,
    effacé à l'arrêt (SIGTERM) ; sans cela, chaque enfant en laissait un par exécution (mesuré)."""
    from carteblanche.celery import app

    app.conf.update(broker_url=django_settings.REDIS_URL, task_always_eager=False)
    try:
        app.control.purge()
        worker = _worker_prefork(tmp_path, stockage_disque)
        try:
            dossiers = lambda: sorted((tmp_path / "tmp").glob("weasyprint-*"))  # noqa: E731
            attendre(dossiers, delai=60)  # le préchauffage du parent a copié les polices
            connection.close()
            document = services.document_demander(source=exemple.NOM_SOURCE, objet_id="EX-PREFORK")
            attendre(lambda: etat(document) == EtatDocument.PRET, delai=60)
            document.refresh_from_db()
            with document.fichier.open("rb") as fichier:
                assert fichier.read(5) == b"%PDF-"
            assert len(dossiers()) == 1  # un seul dossier, celui du parent, partagé par les enfants
        finally:
            worker.send_signal(signal.SIGTERM)
            _sortie, erreurs = worker.communicate(timeout=60)
        assert worker.returncode == 0, erreurs.decode()[-2000:]
        assert dossiers() == []
    finally:
        app.conf.update(task_always_eager=True)
