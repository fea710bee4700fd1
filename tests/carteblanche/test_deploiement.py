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
