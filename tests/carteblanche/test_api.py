import yaml

from tests.territoire.factories import CommuneFactory


def test_la_racine_de_l_api_liste_les_ressources(client):
    reponse = client.get("/api/", HTTP_ACCEPT="application/json")
    assert reponse.status_code == 200
    assert {"communes", "epci", "lieux-accueil"} <= set(reponse.json())


def test_le_schema_openapi_3_decrit_les_communes(client):
    reponse = client.get("/api/schema/")
    assert reponse.status_code == 200
    schema = yaml.safe_load(reponse.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/communes/" in schema["paths"]


def test_la_documentation_interactive_ne_depend_d_aucun_cdn(client):
    reponse = client.get("/api/docs/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html and "unpkg" not in html


def test_l_api_des_communes_est_publique_et_en_lecture_seule(client):
    CommuneFactory(code_insee="46042", nom="Cahors")
    reponse = client.get("/api/communes/?format=json")
    assert reponse.status_code == 200
    assert [c["nom"] for c in reponse.json()["results"]] == ["Cahors"]
    assert client.post("/api/communes/", {"nom": "Pirate"}).status_code in (401, 403)
