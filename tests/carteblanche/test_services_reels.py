"""Les services réels (PostgreSQL, Redis, worker Celery) quand l'environnement les fournit."""

import pytest
from django.core.cache import caches
from django.db import connection


@pytest.mark.postgres
def test_la_base_est_postgresql_avec_connexions_persistantes(settings):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


@pytest.mark.redis
def test_le_cache_redis_stocke_et_relit(settings):
    from django.core.cache.backends.redis import RedisCache

    cache = RedisCache(settings.REDIS_URL, {})
    cache.set("carteblanche-test", {"communes": 63}, 10)
    assert cache.get("carteblanche-test") == {"communes": 63}
    cache.delete("carteblanche-test")
    assert caches  # le module de cache reste importable


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
