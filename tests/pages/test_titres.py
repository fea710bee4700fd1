"""Un seul motif de titre : « Page — Section — Carte Blanche », le nom du site une seule fois."""

from html import unescape

import pytest

from pages.templatetags.titres import titre_du_site
from tests.comptes.factories import facilitateur
from tests.experimentations.factories import ExperimentationFactory
from tests.irritants.factories import IrritantFactory


def _titre(reponse) -> str:
    html = unescape(reponse.content.decode())
    return html[html.index("<title>") + len("<title>") : html.index("</title>")]


@pytest.mark.parametrize(
    ("brut", "attendu"),
    [
        ("Accueil", "Accueil — Carte Blanche"),
        ("Irritants — Carte Blanche — bassin de vie de Cahors", "Irritants — bassin de vie de Cahors — Carte Blanche"),
        ("  Plan\n  du site ", "Plan du site — Carte Blanche"),
        ("Carte Blanche", "Carte Blanche"),
    ],
)
def test_le_filtre_ne_repete_pas_le_nom_du_site(brut, attendu):
    assert titre_du_site(brut) == attendu


def test_les_pages_principales_nomment_le_site_une_seule_fois(client):
    experimentation = ExperimentationFactory(nom="Carte Blanche — bassin de vie de Cahors", phases_cahors=True)
    irritant = IrritantFactory(experimentation=experimentation, titre="Les horaires sont trop courts")
    chemins = [
        "/",
        "/territoire/",
        "/irritants/",
        irritant.get_absolute_url(),
        "/personas/",
        "/plan-du-site/",
        "/accessibilite/",
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/comptes/login/",
    ]
    client.force_login(facilitateur())
    chemins += ["/terrain/", "/terrain/observations/", "/irritants/codage/"]
    for chemin in chemins:
        titre = _titre(client.get(chemin))
        assert titre.endswith(" — Carte Blanche"), (chemin, titre)
        assert titre.count("Carte Blanche") == 1, (chemin, titre)
