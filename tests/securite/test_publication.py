"""Publication des verbatims et preuves codées : chaque chemin d'écriture (API, formulaire, administration).

Règles vérifiées (déjà portées par terrain/services.py et terrain/rules.py) : un agent saisit « interne »
et ne change jamais le statut ; un verbatim retiré le reste quoi qu'on modifie ; chaque changement de
statut est journalisé (`ChangementStatutVerbatim`) ; une observation codée en preuve ne change pas
d'expérimentation et ne se supprime pas (PROTECT), l'entretien d'une observation non plus.
"""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from irritants.models import Preuve
from terrain.enums import StatutPublication
from terrain.models import ChangementStatutVerbatim, Entretien, Observation, Verbatim
from tests.comptes.factories import agent, facilitateur
from tests.experimentations.factories import ExperimentationFactory
from tests.irritants.factories import IrritantFactory, PreuveFactory
from tests.terrain.factories import EntretienFactory, ObservationFactory, VerbatimFactory


@pytest.fixture
def experimentation():
    return ExperimentationFactory(
        slug="cahors-2018",
        date_lancement=datetime.date(2017, 12, 15),
        date_echeance_promesses=datetime.date(2018, 12, 31),
    )


@pytest.fixture
def moi():
    return agent()


@pytest.fixture
def verbatim(experimentation, moi):
    observation = ObservationFactory(experimentation=experimentation, auteur=moi)
    return VerbatimFactory(observation=observation, statut=StatutPublication.INTERNE)


def _api(utilisateur):
    api = APIClient()
    api.force_authenticate(utilisateur)
    return api


def test_un_agent_ne_publie_pas_par_l_api(verbatim, moi):
    url = f"/api/observations/{verbatim.observation_id}/"
    reponse = _api(moi).patch(url, {"verbatim": {"texte": "x", "statut": "publiable"}}, format="json")
    assert reponse.status_code == 400
    assert "facilitateurs" in str(reponse.json()["verbatim"]["statut"])
    verbatim.refresh_from_db()
    assert verbatim.statut == StatutPublication.INTERNE
    assert not ChangementStatutVerbatim.objects.exists()


def test_un_agent_ne_remet_pas_en_ligne_un_verbatim_retire_par_l_api(verbatim, moi):
    fac = facilitateur()
    from terrain.services import verbatim_statut_changer

    verbatim_statut_changer(acteur=fac, verbatim=verbatim, statut=StatutPublication.RETIRE)
    url = f"/api/observations/{verbatim.observation_id}/"
    assert _api(moi).patch(url, {"verbatim": {"statut": "publiable"}}, format="json").status_code == 400
    # Modifier le texte sans statut : le verbatim reste retiré.
    assert _api(moi).patch(url, {"verbatim": {"texte": "Nouveau texte."}}, format="json").status_code == 200
    verbatim.refresh_from_db()
    assert (verbatim.texte, verbatim.statut) == ("Nouveau texte.", StatutPublication.RETIRE)
    assert list(ChangementStatutVerbatim.objects.values_list("nouveau", "par")) == [("retire", fac.pk)]


def test_le_formulaire_de_l_agent_n_a_pas_de_statut_et_l_ignore(client, verbatim, moi):
    client.force_login(moi)
    url = reverse("terrain:observation_modifier", args=[verbatim.observation_id])
    assert "verbatim_statut" not in client.get(url).content.decode()
    observation = verbatim.observation
    client.post(
        url,
        {
            "experimentation": observation.experimentation_id,
            "date": "2018-01-16",
            "texte": "Texte modifié.",
            "type": observation.type,
            "source": observation.source,
            "verbatim_texte": "Mots modifiés.",
            "verbatim_statut": "publiable",
        },
    )
    verbatim.refresh_from_db()
    assert verbatim.statut == StatutPublication.INTERNE


def test_un_facilitateur_publie_par_l_api_et_c_est_journalise(verbatim):
    fac = facilitateur()
    url = f"/api/observations/{verbatim.observation_id}/"
    assert _api(fac).patch(url, {"verbatim": {"statut": "publiable"}}, format="json").status_code == 200
    changement = ChangementStatutVerbatim.objects.get()
    assert (changement.ancien, changement.nouveau, changement.par) == ("interne", "publiable", fac)


def test_l_administration_publie_par_une_action_journalisee_et_pas_par_le_formulaire(client, verbatim):
    fac = facilitateur()
    client.force_login(fac)
    reponse = client.post(
        reverse("admin:terrain_verbatim_changelist"),
        {"action": "verbatims_publiable", "_selected_action": [verbatim.pk]},
    )
    assert reponse.status_code == 302
    verbatim.refresh_from_db()
    assert verbatim.statut == StatutPublication.PUBLIABLE
    assert ChangementStatutVerbatim.objects.filter(verbatim=verbatim, par=fac).count() == 1
    formulaire = client.get(reverse("admin:terrain_verbatim_change", args=[verbatim.pk])).content.decode()
    assert 'name="statut"' not in formulaire


def test_une_preuve_codee_ne_change_pas_d_experimentation_par_l_api(verbatim, moi):
    observation = verbatim.observation
    PreuveFactory(irritant=IrritantFactory(experimentation=observation.experimentation), observation=observation)
    autre = ExperimentationFactory(
        slug="autre", date_lancement=datetime.date(2017, 1, 1), date_echeance_promesses=datetime.date(2019, 1, 1)
    )
    for utilisateur in (moi, facilitateur()):
        reponse = _api(utilisateur).patch(
            f"/api/observations/{observation.pk}/", {"experimentation": autre.slug}, format="json"
        )
        assert reponse.status_code == 400
        assert "ne change pas d'expérimentation" in str(reponse.json())
    observation.refresh_from_db()
    assert observation.experimentation_id != autre.pk
    assert Preuve.objects.filter(observation=observation).count() == 1


def test_l_administration_ne_supprime_ni_une_preuve_codee_ni_l_entretien_d_une_observation(client, experimentation):
    fac = facilitateur()
    entretien = EntretienFactory(experimentation=experimentation)
    observation = ObservationFactory(experimentation=experimentation, entretien=entretien)
    PreuveFactory(irritant=IrritantFactory(experimentation=experimentation), observation=observation)
    client.force_login(fac)
    for modele, objet in (("observation", observation), ("entretien", entretien)):
        url = reverse(f"admin:terrain_{modele}_delete", args=[objet.pk])
        assert client.get(url).status_code < 500
        assert client.post(url, {"post": "yes"}).status_code < 500
    assert Observation.objects.filter(pk=observation.pk).exists()
    assert Entretien.objects.filter(pk=entretien.pk).exists()
    assert Verbatim.objects.count() == 0
