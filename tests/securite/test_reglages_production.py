"""Réglages et en-têtes de production : check --deploy sans avertissement, HSTS, CSP, cache, compose, sonde."""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import yaml
from django.db import connection
from django.urls import reverse

from tests.comptes.factories import agent, facilitateur
from tests.terrain.factories import ObservationFactory

RACINE = Path(__file__).resolve().parents[2]


def _environnement(**autres) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="carteblanche.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL="sqlite:////tmp/check-deploy.sqlite3",
        **autres,
    )
    return env


def test_check_deploy_passe_sans_avertissement_ni_silence():
    sortie = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=RACINE,
        env=_environnement(),
        capture_output=True,
        text=True,
    )
    assert sortie.returncode == 0, sortie.stdout + sortie.stderr
    assert "0 silenced" in sortie.stdout + sortie.stderr


def test_sans_preload_check_deploy_le_signale():
    sortie = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=RACINE,
        env=_environnement(DJANGO_SECURE_HSTS_PRELOAD="false"),
        capture_output=True,
        text=True,
    )
    assert sortie.returncode != 0
    assert "security.W021" in sortie.stdout + sortie.stderr


def test_hsts_d_un_an_avec_sous_domaines_en_production():
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD, "
        "settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )
    sortie = subprocess.run(
        [sys.executable, "-c", code], cwd=RACINE, env=_environnement(), capture_output=True, text=True, check=True
    )
    assert sortie.stdout.split() == ["31536000", "True", "True", "True", "True", "True"]


def test_la_politique_de_securite_du_contenu_interdit_les_scripts_en_ligne(client):
    reponse = client.get("/")
    politique = reponse["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in politique.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in politique and "unsafe-eval" not in politique
    assert directives["worker-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert reponse["Referrer-Policy"] == "same-origin"


def test_aucun_gabarit_ne_contient_de_script_en_ligne():
    en_ligne = []
    for gabarit in (RACINE / "templates").rglob("*.html"):
        texte = gabarit.read_text()
        for balise in __import__("re").findall(r"<script\b[^>]*>", texte):
            if "src=" not in balise and 'type="application/json"' not in balise:
                en_ligne.append(f"{gabarit.relative_to(RACINE)} : {balise}")
        if __import__("re").search(r"\son(click|load|change|submit|input)=", texte):
            en_ligne.append(f"{gabarit.relative_to(RACINE)} : gestionnaire d'événement en ligne")
    assert not en_ligne, "\n".join(en_ligne)


def test_les_pages_d_une_personne_connectee_ne_restent_dans_aucun_cache(client):
    moi = agent()
    observation = ObservationFactory(auteur=moi)
    client.force_login(moi)
    for url in ("/terrain/", f"/terrain/observations/{observation.pk}/", "/terrain/observations/", "/"):
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, (url, cache_control)


def test_l_export_csv_ne_reste_dans_aucun_cache(client):
    client.force_login(facilitateur())
    reponse = client.get(reverse("observations:export"))
    assert reponse.status_code == 200
    assert "no-store" in reponse["Cache-Control"] and "private" in reponse["Cache-Control"]


def test_la_page_de_connexion_ne_reste_dans_aucun_cache(client):
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]


def test_une_page_publique_anonyme_reste_cachable(client):
    assert "no-store" not in client.get("/territoire/").get("Cache-Control", "")


def test_la_sonde_de_sante_ne_dit_pas_le_nom_de_l_exception(client):
    with mock.patch.object(connection, "cursor", side_effect=RuntimeError("mot de passe : hunter2")):
        reponse = client.get("/sante/")
    assert reponse.status_code == 503
    assert reponse.json()["base"] == "erreur"
    assert "RuntimeError" not in reponse.content.decode() and "hunter2" not in reponse.content.decode()


def test_docker_compose_n_a_ni_mot_de_passe_par_defaut_ni_https_desactive():
    texte = (RACINE / "docker-compose.yml").read_text()
    compose = yaml.safe_load(texte)
    assert "POSTGRES_PASSWORD:-" not in texte
    assert "${POSTGRES_PASSWORD:?" in compose["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"]
    assert compose["x-app"]["environment"]["DJANGO_SECURE_SSL_REDIRECT"].endswith(":-true}")
