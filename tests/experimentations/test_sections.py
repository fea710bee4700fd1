"""Le registre des sections de l'accueil : une app du dessus y ajoute la sienne sans que `experimentations`
l'importe ; une écriture d'un modèle déclaré fait recalculer l'accueil gardé en cache."""

from html import unescape

import pytest

from experimentations import sections
from experimentations.models import Phase
from tests.experimentations.factories import ExperimentationFactory


@pytest.fixture
def section_de_test():
    vues = []

    def fonction(experimentation):
        vues.append(experimentation)
        return sections.Section("includes/pagination.html", {"page": None})

    sections.section_enregistrer("test", fonction, ordre=1, invalidee_par=(Phase,))
    yield vues
    sections.section_retirer("test")


def test_une_section_sans_rien_a_montrer_est_omise():
    sections.section_enregistrer("vide", lambda experimentation: None)
    try:
        assert all(s.contexte.get("vide") is None for s in sections.sections_de(ExperimentationFactory()))
        assert "vide" in sections._SECTIONS
    finally:
        sections.section_retirer("vide")
    assert "vide" not in sections._SECTIONS


def test_l_accueil_appelle_les_sections_enregistrees(client, section_de_test):
    experimentation = ExperimentationFactory()
    assert client.get("/").status_code == 200
    assert section_de_test == [experimentation]


def test_l_accueil_est_recalcule_quand_un_modele_declare_change(client, section_de_test):
    experimentation = ExperimentationFactory(phases_cahors=True)
    client.get("/")
    client.get("/")
    assert len(section_de_test) == 1  # la seconde visite est servie par le cache
    phase = experimentation.phases.first()
    phase.description = "Autre description"
    phase.save()
    assert "Autre description" in unescape(client.get("/").content.decode())
    assert len(section_de_test) == 2


def test_experimentations_n_importe_aucune_app_du_dessus():
    import pathlib

    dossier = pathlib.Path(sections.__file__).parent
    for fichier in dossier.rglob("*.py"):
        texte = fichier.read_text(encoding="utf-8")
        for app in ("ateliers", "promesses", "personas", "irritants", "terrain"):
            assert f"from {app}" not in texte and f"import {app}" not in texte, (fichier, app)
