"""Le mode embarqué et le mode production-like se choisissent par l'environnement seul."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[2]

SONDE = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"],
    "conn_max_age": db["CONN_MAX_AGE"],
    "health_checks": db["CONN_HEALTH_CHECKS"],
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "cache": settings.CACHES["default"]["BACKEND"],
    "demo": settings.DEMO_ACCOUNTS_ENABLED,
}))
"""


def lire_reglages(module: str, **env) -> dict:
    environnement = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "DJANGO_"))}
    environnement.update(DJANGO_SETTINGS_MODULE=module, **env)
    sortie = subprocess.run(
        [sys.executable, "-c", SONDE], cwd=RACINE, env=environnement, capture_output=True, text=True, check=True
    )
    return json.loads(sortie.stdout.strip().splitlines()[-1])


def test_sans_environnement_la_plateforme_est_embarquee():
    reglages = lire_reglages("carteblanche.settings.dev")
    assert reglages["engine"] == "django.db.backends.sqlite3"
    assert reglages["eager"] is True
    assert reglages["broker"] == "memory://"
    assert reglages["cache"].endswith("LocMemCache")


def test_avec_postgresql_et_redis_la_plateforme_les_utilise():
    reglages = lire_reglages(
        "carteblanche.settings.dev",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/carteblanche",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert reglages["engine"] == "django.db.backends.postgresql"
    assert reglages["conn_max_age"] == 60
    assert reglages["health_checks"] is True
    assert reglages["eager"] is False
    assert reglages["broker"] == "redis://127.0.0.1:6379/0"
    assert reglages["cache"].endswith("RedisCache")


def test_la_production_n_a_jamais_de_comptes_de_demo():
    reglages = lire_reglages(
        "carteblanche.settings.prod",
        DJANGO_SECRET_KEY="secret-de-test",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/carteblanche",
    )
    assert reglages["demo"] is False


def test_la_production_refuse_de_demarrer_sans_cle_secrete():
    with pytest.raises(subprocess.CalledProcessError) as erreur:
        lire_reglages("carteblanche.settings.prod", DATABASE_URL="postgres://postgres@127.0.0.1:5432/x")
    assert "DJANGO_SECRET_KEY" in erreur.value.stderr
