def test_une_page_introuvable_est_une_page_dsfr_en_francais(client):
    reponse = client.get("/territoire/communes/99999/")
    assert reponse.status_code == 404
    html = reponse.content.decode()
    assert "Page introuvable" in html
    assert "fr-header" in html  # la page garde l'en-tête de l'État


def test_une_url_inconnue_repond_404_et_non_500(client):
    for chemin in ("/nimporte-quoi/", "/territoire/communes/<script>/", "/territoire/communes/" + "9" * 5000 + "/"):
        assert client.get(chemin).status_code == 404


def test_l_en_tete_et_le_pied_de_page_ne_coutent_aucune_requete(client, django_assert_num_queries):
    """La configuration du site vient des réglages, pas de la base (contrairement à dsfr.site_config)."""
    with django_assert_num_queries(0):
        reponse = client.get("/comptes/login/")
    assert reponse.status_code == 200
    assert "Carte Blanche" in reponse.content.decode()
