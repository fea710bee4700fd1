"""/api/docs/ : Swagger UI dans la page du site, sans script en ligne, sans cadenas sur les lectures publiques,
avec des exemples tirés de l'expérimentation."""

import json
import re

from django.urls import reverse


def _schema(client) -> dict:
    return json.loads(client.get(reverse("api-schema"), {"format": "json"}).content)


def test_la_documentation_est_dans_la_page_du_site_sans_script_en_ligne(client):
    reponse = client.get("/api/docs/")

    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert 'class="fr-header"' in html and 'id="footer"' in html
    assert "<title>Documentation de l'API — Carte Blanche</title>" in html
    assert 'href="/accessibilite/"' in html
    # Swagger UI servie localement ; l'initialisation dans un fichier statique.
    assert 'src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"' in html
    assert '<script src="/static/js/api-docs.js" defer></script>' in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], "aucun script en ligne"
    assert 'data-schema-url="/api/schema/"' in html


def test_les_lectures_publiques_n_exigent_aucune_identification(client):
    chemins = _schema(client)["paths"]

    for chemin in ("/api/communes/", "/api/epci/", "/api/lieux-accueil/", "/api/irritants/", "/api/irritants/{id}/"):
        assert "security" not in chemins[chemin]["get"], chemin
    # Les observations, elles, demandent une session ou un identifiant.
    for methode in ("get", "post"):
        exigences = chemins["/api/observations/"][methode]["security"]
        assert {"cookieAuth": []} in exigences and {"basicAuth": []} in exigences and {} not in exigences


def test_les_exemples_sont_realistes(client):
    schema = _schema(client)
    liste = schema["paths"]["/api/communes/"]["get"]
    exemple = liste["responses"]["200"]["content"]["application/json"]["examples"]["Cahors"]["value"]

    assert liste["summary"] == "Liste des communes"
    assert exemple["count"] == 63 and exemple["next"] is None
    assert exemple["results"][0]["nom"] == "Cahors"
    irritant = schema["paths"]["/api/irritants/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert irritant["examples"]["Mobilité"]["value"]["gravite_libelle"] == "Critique"
    assert not re.search(r"\d{12,}", json.dumps(schema)), "pas de nombre généré comme 9223372036854776000"
    assert "api.example.org" not in json.dumps(schema)
