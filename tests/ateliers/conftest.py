import pytest

from tests.ateliers.factories import AtelierFactory, ParticipantFactory, SeminaireFactory


@pytest.fixture
def seminaire():
    return SeminaireFactory()


@pytest.fixture
def ateliers(seminaire):
    """Trois ateliers de deux places."""
    return [AtelierFactory(seminaire=seminaire, capacite=2) for _ in range(3)]


@pytest.fixture
def participants(seminaire):
    return [ParticipantFactory(seminaire=seminaire) for _ in range(6)]
