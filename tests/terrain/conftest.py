"""Données partagées par les tests du terrain."""

import pytest

from tests.comptes.factories import facilitateur
from tests.experimentations.factories import ExperimentationFactory


@pytest.fixture
def experimentation():
    return ExperimentationFactory(nom="Carte Blanche à Cahors", slug="cahors-2018")


@pytest.fixture
def fac(client):
    """Une facilitatrice connectée."""
    utilisateur = facilitateur(first_name="Claire", last_name="Facilitatrice")
    client.force_login(utilisateur)
    return utilisateur
