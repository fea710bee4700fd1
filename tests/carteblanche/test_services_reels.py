"""Les services réels (PostgreSQL, Redis, worker Celery) quand l'environnement les fournit."""

import pytest
from django.core.cache import cache, caches
from django.core.signals import request_finished, request_started
from django.db import connection


def _pid_pendant_une_requete() -> int:
    """Le processus PostgreSQL qui sert une requête, entre les signaux de début et de fin (comme sous gunicorn)."""
    request_started.send(sender=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    request_finished.send(sender=None)
    return pid


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("conn_max_age, meme_connexion", [(0, False), (60, True)])
def test_la_connexion_postgresql_survit_d_une_requete_a_l_autre(conn_max_age, meme_connexion):
    """CONN_MAX_AGE=60 (réglage de base) garde la connexion entre deux requêtes ; 0 en rouvre une à chaque fois."""
    ancien = connection.settings_dict["CONN_MAX_AGE"]
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = conn_max_age
    try:
        premiere, seconde = _pid_pendant_une_requete(), _pid_pendant_une_requete()
    finally:
        connection.close()
        connection.settings_dict["CONN_MAX_AGE"] = ancien
    assert connection.vendor == "postgresql"
    assert (premiere == seconde) is meme_connexion


@pytest.mark.redis
def test_le_cache_configure_est_redis_et_relit_ce_qu_il_stocke():
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], RedisCache)
    cache.set("carteblanche-test", {"communes": 63}, 10)
    assert cache.get("carteblanche-test") == {"communes": 63}
    cache.delete("carteblanche-test")
    assert cache.get("carteblanche-test") is None


@pytest.mark.redis
def test_un_worker_celery_consomme_la_file_redis(settings):
    from celery.contrib.testing.worker import start_worker

    from carteblanche.celery import app
    from carteblanche.tasks import ping

    ancien = dict(app.conf)
    app.conf.update(
        broker_url=settings.REDIS_URL,
        result_backend=settings.REDIS_URL,
        task_always_eager=False,
    )
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
            resultat = ping.delay()
            assert resultat.get(timeout=20) == "pong"
    finally:
        app.conf.update(
            broker_url=ancien["broker_url"],
            result_backend=ancien["result_backend"],
            task_always_eager=ancien["task_always_eager"],
        )


def test_la_sonde_de_sante_repond(client):
    reponse = client.get("/sante/")
    assert reponse.status_code == 200
    assert reponse.json() == {"base": "ok", "cache": "ok"}
