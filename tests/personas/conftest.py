import pytest

from tests.irritants.test_services import themes_initiaux


@pytest.fixture(autouse=True)
def _themes():
    return themes_initiaux()


@pytest.fixture
def camille():
    from tests.comptes.factories import facilitateur

    return facilitateur(username="camille", first_name="Camille", last_name="Durand")
