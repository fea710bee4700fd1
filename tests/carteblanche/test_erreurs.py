def test_une_page_introuvable_est_une_page_dsfr_en_francais(client):
    reponse = client.get("/territoire/communes/99999/")
    assert reponse.status_code == 404
    html = reponse.content.decode()
    assert "Page introuvable" in html
    assert "fr-header" in html  # la page garde l'en-tête de l'État


def test_une_url_inconnue_repond_404_et_non_500(client):
    for chemin in ("/nimporte-quoi/", "/territoire/communes/<script>/", "/territoire/communes/" + "9" * 5000 + "/"):
        assert client.get(chemin).status_code == 404
