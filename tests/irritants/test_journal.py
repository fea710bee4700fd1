"""Le journal du codage ne s'efface pas : ni par le code, ni par l'administration, ni par la suppression de ce qu'il
raconte. Un irritant se retire ; une observation qui a servi de preuve se retire."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from commun.journal import JournalInalterable
from irritants import services
from irritants.enums import ActionCodage, StatutIrritant
from irritants.models import EvenementCodage, Irritant, Preuve
from terrain import services as terrain_services
from terrain.models import Observation
from tests.comptes.factories import facilitateur
from tests.irritants.factories import IrritantFactory
from tests.terrain.factories import ObservationFactory


@pytest.fixture
def claire():
    return facilitateur(username="claire")


@pytest.fixture
def code(claire, experimentation):
    """Une observation codée dans un irritant, par les services (journal écrit)."""
    irritant = IrritantFactory(experimentation=experimentation, titre="Sans voiture")
    observation = ObservationFactory(experimentation=experimentation)
    services.preuve_ajouter(acteur=claire, irritant=irritant, observation=observation)
    return irritant, observation


def test_une_ligne_du_journal_ne_se_modifie_ni_ne_se_supprime(code):
    evenement = EvenementCodage.objects.get()

    for ecriture in (evenement.save, evenement.delete, EvenementCodage.objects.all().delete):
        with pytest.raises(JournalInalterable):
            ecriture()
    with pytest.raises(JournalInalterable):
        EvenementCodage.objects.update(action=ActionCodage.DETACHEMENT)
    assert EvenementCodage.objects.get().action == ActionCodage.RATTACHEMENT


def test_ni_l_irritant_ni_l_observation_codee_ne_se_suppriment(code):
    irritant, observation = code

    with pytest.raises(ProtectedError):
        observation.delete()
    with pytest.raises(ProtectedError):
        irritant.delete()
    assert EvenementCodage.objects.count() == 1 and Preuve.objects.count() == 1


def test_retirer_une_observation_la_detache_de_ses_irritants_avec_le_motif_au_journal(claire, code):
    irritant, observation = code

    terrain_services.observation_retirer(acteur=claire, observation=observation, motif="Doublon")

    assert not Preuve.objects.exists()
    detachement = EvenementCodage.objects.get(action=ActionCodage.DETACHEMENT)
    assert (detachement.irritant, detachement.observation, detachement.par) == (irritant, observation, claire)
    assert detachement.motif == "Observation retirée : Doublon"
    assert EvenementCodage.objects.filter(action=ActionCodage.RATTACHEMENT).exists(), "l'histoire reste entière"


def test_retirer_un_irritant_le_sort_de_la_synthese_et_l_ecrit_au_journal(client, claire, code):
    irritant, _observation = code

    services.irritant_retirer(acteur=claire, irritant=irritant, motif="Hors sujet")

    irritant.refresh_from_db()
    assert irritant.statut == StatutIrritant.RETIRE
    assert not Irritant.objects.actifs().exists()
    assert EvenementCodage.objects.filter(action=ActionCodage.RETRAIT, motif="Hors sujet").exists()
    assert client.get(irritant.get_absolute_url()).status_code == 404


# L'administration


def test_l_administration_refuse_de_supprimer_un_irritant_avec_un_message_clair(client, claire, code):
    irritant, _observation = code
    client.force_login(claire)

    reponse = client.post(reverse("admin:irritants_irritant_delete", args=[irritant.pk]), {"post": "yes"}, follow=True)

    assert "Un irritant ne se supprime pas" in reponse.content.decode()
    assert Irritant.objects.filter(pk=irritant.pk).exists()
    assert EvenementCodage.objects.count() == 1
    liste = client.get(reverse("admin:irritants_irritant_changelist")).content.decode()
    assert "delete_selected" not in liste


def test_l_administration_refuse_de_supprimer_une_observation_codee(client, claire, code):
    _irritant, observation = code
    client.force_login(claire)
    url = reverse("admin:terrain_observation_delete", args=[observation.pk])

    reponse = client.post(url, {"post": "yes"}, follow=True)

    assert "elle ne se supprime pas. Retirez-la" in reponse.content.decode()
    assert Observation.objects.filter(pk=observation.pk).exists()
    assert EvenementCodage.objects.count() == 1


def test_l_administration_ne_change_pas_l_experimentation_d_un_irritant(client, claire, code):
    irritant, _observation = code
    client.force_login(claire)

    page = client.get(reverse("admin:irritants_irritant_change", args=[irritant.pk])).content.decode()

    assert 'name="experimentation"' not in page


def test_l_action_de_retrait_de_l_administration_passe_par_le_service(client, claire, code):
    irritant, _observation = code
    client.force_login(claire)

    client.post(
        reverse("admin:irritants_irritant_changelist"),
        {"action": "irritant_retirer", "_selected_action": [irritant.pk]},
    )

    irritant.refresh_from_db()
    assert irritant.statut == StatutIrritant.RETIRE
    assert EvenementCodage.objects.get(action=ActionCodage.RETRAIT).par == claire
