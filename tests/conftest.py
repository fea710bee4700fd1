"""Configuration commune des tests.

- Chaque test a accès à la base (marqueur `django_db` ajouté automatiquement, comme les-emplois).
- Les tests marqués `postgres`, `redis`, `browser` ou `weasyprint` s'exécutent quand le service est
  là (DATABASE_URL PostgreSQL, REDIS_URL, binaire chromium, paquets système de WeasyPrint) et sont
  signalés « skipped » avec la raison sinon ; `.ci/run` échoue s'il reste un test ignoré.
"""

import functools
import os
import shutil

import pytest
from django.conf import settings

from scripts import paquets_systeme

MARQUEURS_DE_SERVICE = ("postgres", "redis", "browser", "weasyprint")


@functools.cache
def absence_weasyprint() -> str | None:
    # Décidé sur les paquets déclarés (scripts/paquets_systeme.py), pas sur WeasyPrint lui-même : quand
    # ils sont installés, le test tourne et échoue si la liste ne suffit pas à WeasyPrint.
    manquants = paquets_systeme.paquets_manquants([paquets_systeme.PDF])
    if manquants:
        return (
            f"paquets système de WeasyPrint absents ({' '.join(manquants)}) : "
            "`make systeme` les installe ou donne la commande"
        )
    if manquants is None:  # hors Debian/Ubuntu : on ne sait que tenter le chargement.
        try:
            import weasyprint  # noqa: F401
        except OSError as exc:
            bibliotheque = str(exc).split(":")[0]
            return f"bibliothèques de WeasyPrint absentes ({bibliotheque}) : voir {paquets_systeme.DOC_WEASYPRINT}"
    return None


def _absence(marker_name: str) -> str | None:
    """La raison d'ignorer un test qui demande ce service, ou None si le service est là."""
    if marker_name == "postgres" and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "PostgreSQL absent : définir DATABASE_URL=postgres://… pour exécuter ce test"
    if marker_name == "redis" and not os.environ.get("REDIS_URL"):
        return "Redis absent : définir REDIS_URL=redis://… pour exécuter ce test"
    if marker_name == "browser" and not shutil.which("chromium"):
        return "Chromium absent : installer le paquet Debian « chromium » pour exécuter ce test"
    if marker_name == "weasyprint":
        return absence_weasyprint()
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # Avant le tri de pytest-django (tryfirst) : les tests du navigateur, transactionnels, passent
    # après tous les autres (la base est vidée après chacun d'eux ; tests/browser/conftest.py
    # y remet les données des migrations).
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.django_db(transaction=True))
        elif not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db)
        for name in MARQUEURS_DE_SERVICE:
            if item.get_closest_marker(name) and (reason := _absence(name)):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def experimentation():
    from tests.experimentations.factories import ExperimentationFactory

    return ExperimentationFactory(nom="Carte Blanche à Cahors", slug="cahors-2018")


@pytest.fixture
def fac(client):
    """Une facilitatrice connectée."""
    from tests.comptes.factories import facilitateur

    utilisateur = facilitateur(first_name="Claire", last_name="Facilitatrice")
    client.force_login(utilisateur)
    return utilisateur


@pytest.fixture(autouse=True)
def _sans_weasyprint_ignorer(monkeypatch):
    """Sans les bibliothèques de WeasyPrint (Pango…), un test qui met vraiment un PDF en page est ignoré, avec
    la raison et la commande qui installe les paquets, au lieu d'échouer ; les autres tests tournent.

    Le marqueur `weasyprint` ignore d'avance les modules entiers ; ce garde couvre les tests dont un service
    produit un PDF en passant (génération immédiate sans Redis). L'exception de `pytest.skip` n'est pas une
    `Exception` : les services qui rattrapent les échecs de génération ne l'avalent pas.
    """
    raison = absence_weasyprint()
    if raison is None:
        return
    from documents import pdf

    def ignorer(*args, **kwargs):
        pytest.skip(raison)

    monkeypatch.setattr(pdf.Moteur, "__init__", ignorer)


@pytest.fixture(autouse=True)
def _cache_vide():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def pytest_sessionfinish(session, exitstatus):
    """En CI (PYTEST_INTERDIRE_IGNORES=1), un test ignoré fait échouer la suite.

    Rien n'est compté réussi sans avoir tourné.
    """
    if not os.environ.get("PYTEST_INTERDIRE_IGNORES"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    ignores = reporter.stats.get("skipped", []) if reporter else []
    if ignores:
        reporter.write_line(
            f"ÉCHEC : {len(ignores)} test(s) ignoré(s) alors que la CI exige qu'aucun ne le soit.", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def worker_celery(settings):
    """Démarre un vrai worker Celery (dans un fil du processus de test) qui consomme la file Redis.

        def test_x(worker_celery):
            with worker_celery(pool="threads", concurrency=2):
                ...

    Les tâches ne sont plus exécutées sur place : elles passent par le broker (REDIS_URL). À utiliser
    avec `@pytest.mark.redis` et une base que le fil du worker voit (PostgreSQL, transaction=True).
    La file est vidée avant le démarrage (restes d'une exécution interrompue).
    """
    from contextlib import contextmanager

    from celery.contrib.testing.worker import start_worker

    from carteblanche.celery import app

    @contextmanager
    def demarrer(pool="solo", concurrency=1):
        ancien = {cle: app.conf[cle] for cle in ("broker_url", "result_backend", "task_always_eager")}
        app.conf.update(broker_url=settings.REDIS_URL, result_backend=settings.REDIS_URL, task_always_eager=False)
        try:
            app.control.purge()
            with start_worker(
                app, pool=pool, concurrency=concurrency, perform_ping_check=False, shutdown_timeout=20
            ) as worker:
                yield worker
        finally:
            app.conf.update(ancien)

    return demarrer
