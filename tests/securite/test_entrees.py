"""Aucune entrée ne fait d'erreur 500 : champ manquant, octet nul, JSON trop profond, champ démesuré."""

import datetime
import json

import pytest
from rest_framework.test import APIClient

from terrain.models import Observation
from tests.comptes.factories import agent
from tests.experimentations.factories import ExperimentationFactory
from tests.territoire.factories import CommuneFactory, EpciFactory

URL = "/api/observations/"


@pytest.fixture
def experimentation():
    return ExperimentationFactory(
        slug="cahors-2018",
        date_lancement=datetime.date(2017, 12, 15),
        date_echeance_promesses=datetime.date(2018, 12, 31),
    )


@pytest.fixture
def api_agent():
    api = APIClient()
    api.force_authenticate(agent())
    return api


def test_une_observation_sans_nature_ni_source_repond_400_et_non_500(api_agent, experimentation):
    reponse = api_agent.post(
        URL, {"experimentation": "cahors-2018", "date": "2018-01-16", "texte": "x"}, format="json"
    )
    assert reponse.status_code == 400
    assert "source" in reponse.json()
    assert Observation.objects.count() == 0


def test_une_observation_sans_nature_prend_la_nature_par_defaut(api_agent, experimentation):
    reponse = api_agent.post(
        URL, {"experimentation": "cahors-2018", "date": "2018-01-16", "texte": "x", "source": "usager"}, format="json"
    )
    assert reponse.status_code == 201, reponse.content
    assert reponse.json()["type"] == "difficulte"


@pytest.mark.parametrize(
    "url",
    [
        "/api/epci/%00/",
        "/api/communes/%00/",
        "/api/communes/?search=%00",
        "/api/communes/?q=ab%00cd",
        "/territoire/communes/%00/",
        "/terrain/communes/?q=%00",
        "/irritants/?q=%00",
        "/%00",
    ],
)
def test_un_octet_nul_dans_l_adresse_repond_400_en_francais(client, url):
    EpciFactory()
    reponse = client.get(url)
    assert reponse.status_code == 400
    assert "caractère nul" in reponse.content.decode()


def test_un_octet_nul_dans_un_champ_de_formulaire_repond_400(client, experimentation):
    client.force_login(agent())
    reponse = client.post("/terrain/observations/nouvelle/", {"texte": "a\x00b", "communes": "Cahors\x00"})
    assert reponse.status_code == 400
    assert "caractère nul" in reponse.content.decode()


def test_un_octet_nul_dans_du_json_repond_400(api_agent, experimentation):
    CommuneFactory(code_insee="46042")
    donnees = {"experimentation": "cahors\x00", "date": "2018-01-16", "texte": "x", "source": "usager"}
    reponse = api_agent.post(URL, json.dumps(donnees), content_type="application/json")
    assert reponse.status_code == 400
    assert "caractère nul" in reponse.json()["detail"]
    cle_nulle = api_agent.post(URL, json.dumps({"a\x00": 1}), content_type="application/json")
    assert cle_nulle.status_code == 400


@pytest.mark.parametrize("profondeur", [50, 5000, 100_000])
def test_un_json_trop_profond_repond_400(api_agent, experimentation, profondeur):
    corps = "[" * profondeur + "]" * profondeur
    reponse = api_agent.post(URL, corps, content_type="application/json")
    assert reponse.status_code == 400
    assert "imbriqué" in reponse.json()["detail"]


def test_un_json_peu_profond_passe(api_agent, experimentation):
    reponse = api_agent.post(URL, {"experimentation": "cahors-2018", "verbatim": {"texte": ""}}, format="json")
    assert reponse.status_code == 400
    assert "imbriqué" not in json.dumps(reponse.json())
