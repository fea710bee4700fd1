"""La feuille DSFR servie (scripts/dsfr_feuille.py) : à jour, et complète pour les classes que le site emploie."""

import importlib.util
import re

import pytest
from django.conf import settings
from dsfr.constants import DsfrStaticAssets

CLASSE = re.compile(r"(?<![\w-])fr-[a-z0-9_-]*[a-z0-9]")


@pytest.fixture(scope="module")
def feuille():
    spec = importlib.util.spec_from_file_location("dsfr_feuille", settings.BASE_DIR / "scripts" / "dsfr_feuille.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def classes_definies(css: str) -> set[str]:
    return set(re.findall(r"\.(fr-[a-z0-9_-]*[a-z0-9])", css))


def test_la_feuille_est_a_jour(feuille):
    assert feuille.SORTIE.read_text() == feuille.construire(), "relancer : .venv/bin/python scripts/dsfr_feuille.py"


def test_chaque_classe_dsfr_employee_par_le_site_est_dans_la_feuille(feuille):
    dist = feuille.dist()
    complet = classes_definies(
        (dist / "dsfr" / "dsfr.min.css").read_text() + (dist / "utility" / "utility.min.css").read_text()
    )
    servies = classes_definies(feuille.SORTIE.read_text())
    employees = {classe for texte in feuille.textes_du_projet() for classe in CLASSE.findall(texte)}

    manquantes = sorted((employees & complet) - servies)

    assert not manquantes, f"classes du DSFR absentes de la feuille servie (voir COMPOSANTS_ECARTES) : {manquantes}"


def test_les_pages_chargent_la_feuille_reduite_et_plus_les_feuilles_completes(client):
    html = client.get("/").content.decode()

    assert "dsfr/dist/carteblanche/dsfr-carteblanche" in html
    assert DsfrStaticAssets.DSFR_CSS not in html and DsfrStaticAssets.DSFR_UTILITY_CSS not in html
    assert "css/dsfr-django-overrides" in html
