"""Les pages publiques en cache : une écriture (codage, publication, persona) se voit aussitôt, un visiteur
connecté n'a jamais la page des anonymes, et un succès du cache ne coûte aucune requête SQL."""

import gzip

import brotli
import pytest
from django.test import Client

from irritants import services as irritants_services
from personas import services as personas_services
from tests.comptes.factories import facilitateur
from tests.experimentations.factories import ExperimentationFactory
from tests.irritants.factories import IrritantFactory, PreuveFactory
from tests.irritants.test_services import themes_initiaux
from tests.personas.factories import PersonaFactory
from tests.terrain.factories import ObservationFactory
from tests.territoire.factories import AppartenanceTerritoireFactory, CommuneFactory, TerritoireFactory

TEXTE_INTERNE = "Madame R. attend le bus de 7 h 02 (texte interne)."


@pytest.fixture
def donnees(settings):
    themes_initiaux()
    territoire = TerritoireFactory(nom="Bassin de vie de Cahors", slug="bassin-de-vie-cahors")
    settings.TERRITOIRE_PRINCIPAL = territoire.slug
    experimentation = ExperimentationFactory(nom="Carte Blanche à Cahors", slug="cahors-2018", territoire=territoire)
    cahors = CommuneFactory(code_insee="46042", nom="Cahors")
    AppartenanceTerritoireFactory(territoire=territoire, commune=cahors)
    irritant = IrritantFactory(experimentation=experimentation, titre="Se rendre à la CAF sans voiture")
    observation = ObservationFactory(experimentation=experimentation, texte=TEXTE_INTERNE)
    PreuveFactory(irritant=irritant, observation=observation)
    persona = PersonaFactory(experimentation=experimentation, prenom="Roseline", slug="roseline", irritants=[irritant])
    return {"experimentation": experimentation, "irritant": irritant, "persona": persona, "cahors": cahors}


def pages(donnees):
    irritant, persona = donnees["irritant"], donnees["persona"]
    return [
        "/",
        "/territoire/",
        "/territoire/communes/46042/",
        "/irritants/",
        f"/irritants/{irritant.pk}/",
        "/personas/",
        f"/personas/{persona.slug}/",
        "/api/irritants/",
        f"/api/irritants/{irritant.pk}/",
        "/api/communes/",
        "/api/epci/",
        "/api/lieux-accueil/",
    ]


def lire(url, **entetes):
    reponse = Client(**entetes).get(url)
    assert reponse.status_code == 200, url
    return reponse.content.decode()


def test_un_succes_du_cache_ne_coute_aucune_requete(donnees, django_assert_num_queries):
    for url in pages(donnees):
        premiere = Client().get(url)
        with django_assert_num_queries(0):
            seconde = Client().get(url)
        assert seconde.content == premiere.content, url
        assert "public" in seconde["Cache-Control"], url
        assert "Cookie" in seconde["Vary"], url


def test_une_action_de_codage_se_voit_aussitot(donnees, django_capture_on_commit_callbacks):
    irritant = donnees["irritant"]
    assert "<strong>1</strong> observation" in lire(f"/irritants/{irritant.pk}/")
    assert '"nb_observations":1' in lire(f"/api/irritants/{irritant.pk}/")
    observation = ObservationFactory(experimentation=donnees["experimentation"])

    with django_capture_on_commit_callbacks(execute=True):
        irritants_services.preuve_ajouter(acteur=facilitateur(), irritant=irritant, observation=observation)

    assert "<strong>2</strong> observations" in lire(f"/irritants/{irritant.pk}/")
    assert '"nb_observations":2' in lire(f"/api/irritants/{irritant.pk}/")


def test_une_publication_se_voit_aussitot_et_un_retrait_aussi(donnees, django_capture_on_commit_callbacks):
    brouillon = IrritantFactory(experimentation=donnees["experimentation"], titre="Un guichet fermé", brouillon=True)
    for url in ("/irritants/", "/api/irritants/"):
        assert "Un guichet fermé" not in lire(url)

    with django_capture_on_commit_callbacks(execute=True):
        irritants_services.irritant_publier(acteur=facilitateur(), irritant=brouillon)
    for url in ("/irritants/", "/api/irritants/", f"/irritants/{brouillon.pk}/"):
        assert "Un guichet fermé" in lire(url), url

    with django_capture_on_commit_callbacks(execute=True):
        irritants_services.irritant_depublier(acteur=facilitateur(), irritant=brouillon)
    for url in ("/irritants/", "/api/irritants/"):
        assert "Un guichet fermé" not in lire(url), url


def test_la_modification_d_un_persona_se_voit_aussitot(donnees, django_capture_on_commit_callbacks):
    persona = donnees["persona"]
    assert "Roseline vit seule depuis six ans." in lire("/personas/roseline/")
    lire("/personas/")

    with django_capture_on_commit_callbacks(execute=True):
        personas_services.persona_modifier(
            acteur=facilitateur(), persona=persona, portrait="Roseline a retrouvé un voisin."
        )

    assert "Roseline a retrouvé un voisin." in lire("/personas/roseline/")
    assert "Roseline vit seule depuis six ans." not in lire("/personas/roseline/")


def test_une_commune_renommee_se_voit_sur_le_territoire(donnees, django_capture_on_commit_callbacks):
    cahors = donnees["cahors"]
    assert "Cahors" in lire("/territoire/communes/46042/")
    assert "Cahors-sur-Lot" not in lire(f"/api/communes/{cahors.pk}/")
    cahors.nom = "Cahors-sur-Lot"
    with django_capture_on_commit_callbacks(execute=True):
        cahors.save()
    assert "Cahors-sur-Lot" in lire("/territoire/communes/46042/")
    assert "Cahors-sur-Lot" in lire(f"/api/communes/{cahors.pk}/")


def test_un_visiteur_connecte_n_a_jamais_la_page_des_anonymes(donnees):
    irritant = donnees["irritant"]
    anonyme = lire(f"/irritants/{irritant.pk}/")
    assert TEXTE_INTERNE not in anonyme

    connecte = Client()
    connecte.force_login(facilitateur())
    reponse = connecte.get(f"/irritants/{irritant.pk}/")

    assert TEXTE_INTERNE in reponse.content.decode(), "la facilitatrice voit ses observations, pas la page en cache"
    assert "private" in reponse["Cache-Control"] and "Cookie" in reponse["Vary"]
    assert TEXTE_INTERNE not in lire(f"/irritants/{irritant.pk}/"), "et sa page n'est pas servie aux anonymes"


def test_l_api_en_http_basic_n_est_jamais_servie_du_cache(donnees, django_assert_max_num_queries):
    lire("/api/irritants/")
    facilitateur(username="claire", password="mot-de-passe-solide-123")

    with django_assert_max_num_queries(20) as requetes:
        reponse = Client().get("/api/irritants/", HTTP_AUTHORIZATION="Basic Y2xhaXJlOm1vdC1kZS1wYXNzZS1zb2xpZGUtMTIz")

    assert reponse.status_code == 200
    assert len(requetes) > 0, "l'utilisateur authentifié est servi par la vue, pas par le cache des anonymes"
    assert "private" in reponse["Cache-Control"]


def test_la_page_en_cache_est_servie_compressee(donnees):
    complete = Client().get("/irritants/").content
    en_gzip = Client(HTTP_ACCEPT_ENCODING="gzip").get("/irritants/")
    en_brotli = Client(HTTP_ACCEPT_ENCODING="gzip, deflate, br").get("/irritants/")

    assert en_gzip["Content-Encoding"] == "gzip" and gzip.decompress(en_gzip.content) == complete
    assert en_brotli["Content-Encoding"] == "br" and brotli.decompress(en_brotli.content) == complete
    assert len(en_brotli.content) < len(complete) / 3
    assert len({en_gzip["ETag"], en_brotli["ETag"], Client().get("/irritants/")["ETag"]}) == 3
    assert "Accept-Encoding" in en_gzip["Vary"]


def test_les_pages_non_gardees_sont_compressees_par_le_middleware(donnees):
    connecte = Client(HTTP_ACCEPT_ENCODING="gzip")
    connecte.force_login(facilitateur())

    reponse = connecte.get("/irritants/")

    assert reponse["Content-Encoding"] == "gzip"
    assert TEXTE_INTERNE.encode() in gzip.decompress(reponse.content)


def test_le_reglage_coupe_le_cache(donnees, settings, django_assert_max_num_queries):
    settings.PAGES_PUBLIQUES_EN_CACHE = False
    lire("/irritants/")
    with django_assert_max_num_queries(20) as requetes:
        lire("/irritants/")
    assert len(requetes) > 0
