"""La pile docker-compose reste valide et conforme à ce que le README promet."""

from pathlib import Path

import yaml

RACINE = Path(__file__).resolve().parents[2]


def charger_compose() -> dict:
    return yaml.safe_load((RACINE / "docker-compose.yml").read_text())


def test_chaque_service_durable_a_une_sonde_de_sante():
    services = charger_compose()["services"]
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    for nom in ("web", "worker", "beat", "postgres", "redis"):
        assert "healthcheck" in services[nom], f"{nom} n'a pas de sonde de santé"


def test_web_et_worker_se_multiplient():
    services = charger_compose()["services"]
    for nom in ("web", "worker"):
        service = services[nom]
        assert "container_name" not in service, f"{nom} : un nom de conteneur fixe empêche --scale"
        for port in service.get("ports", []):
            assert ":" not in str(port), f"{nom} : un port hôte fixe empêche --scale"
        env = service["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://")


def test_versions_des_services():
    services = charger_compose()["services"]
    assert int(services["postgres"]["image"].split(":")[1]) >= 15
    assert services["redis"]["image"].split(":")[1].startswith("7")


def test_gunicorn_lit_ses_reglages_et_gele_les_objets_du_demarrage():
    """gunicorn charge ./gunicorn.conf.py d'office : après le chargement de l'application, chaque worker gèle les
    objets du démarrage et espace les collectes (la queue des latences de l'API venait des collectes complètes)."""
    import gc

    from gunicorn.app.base import Application
    from gunicorn.config import Config

    cfg = Config()
    assert cfg.settings["config"].default == "./gunicorn.conf.py"
    for nom, valeur in Application.get_config_from_filename(None, str(RACINE / "gunicorn.conf.py")).items():
        if nom in cfg.settings:
            cfg.set(nom, valeur)  # comme gunicorn : chaque réglage est validé (un crochet doit prendre 1 argument)
    seuils, geles = gc.get_threshold(), gc.get_freeze_count()
    try:
        cfg.post_worker_init(None)
        assert gc.get_threshold() == (50_000, 20, 100)
        assert gc.get_freeze_count() > geles
    finally:
        gc.unfreeze()
        gc.set_threshold(*seuils)
