import datetime
import zoneinfo
from html import unescape

import pytest
import time_machine

from experimentations.enums import StatutPhase
from tests.experimentations.factories import ExperimentationFactory


@pytest.fixture
def cahors():
    return ExperimentationFactory(
        nom="Carte Blanche — bassin de vie de Cahors",
        question="Comment favoriser la rencontre entre les usagers et un service public adapté ?",
        phases_cahors=True,
    )


def test_l_accueil_presente_l_experimentation_et_sa_frise(client, cahors):
    reponse = client.get("/")
    assert reponse.status_code == 200
    html = unescape(reponse.content.decode())
    assert "Carte Blanche — bassin de vie de Cahors" in html
    assert "Comment favoriser la rencontre" in html
    for phase in ("Diagnostic de terrain", "Séminaire d'orientation", "Co-construction des solutions"):
        assert phase in html
    assert "7 février 2018" in html
    assert "31 décembre 2018" in html
    # Aujourd'hui (après 2018), l'expérimentation est terminée et le dit.
    assert "L'expérimentation est terminée" in html
    # Les pages publiques sont à un clic : le territoire et la synthèse des irritants.
    assert 'href="/territoire/"' in html and 'href="/irritants/"' in html


def test_la_phase_courante_est_celle_du_jour(cahors):
    phases = list(cahors.phases.all())
    seminaire = datetime.date(2018, 2, 7)
    assert cahors.phase_courante(phases, seminaire).nom == "Séminaire d'orientation"
    assert cahors.phase_courante(phases, datetime.date(2018, 2, 9)) is None  # entre deux phases
    assert cahors.statut(datetime.date(2017, 12, 1)) == StatutPhase.A_VENIR
    assert cahors.statut(seminaire) == StatutPhase.EN_COURS


def test_l_accueil_montre_la_phase_en_cours_le_jour_du_seminaire(client, cahors):
    with time_machine.travel(datetime.datetime(2018, 2, 7, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")), tick=False):
        html = unescape(client.get("/").content.decode())
    assert "Phase en cours" in html
    assert 'aria-current="step"' in html


def test_l_accueil_sans_experimentation_explique_quoi_faire(client):
    reponse = client.get("/")
    assert reponse.status_code == 200
    assert "Aucune expérimentation pour l'instant" in unescape(reponse.content.decode())


def test_l_accueil_fait_un_nombre_borne_de_requetes(client, cahors, django_assert_max_num_queries):
    for _ in range(5):
        ExperimentationFactory(phases_cahors=True)
    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200
