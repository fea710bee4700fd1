"""« Mes promesses » dans un vrai Chromium, à 1280 et 360 px : le porteur connecté voit ses promesses, sans erreur,
sans requête vers un autre site, sans violation axe-core, sans défilement horizontal ; il y arrive par le lien de
l'en-tête (le menu, sur mobile) et de là met une promesse à jour. La page de mise à jour par le lien personnel,
ouverte par un facilitateur porteur connecté, dit que le point sera signé du porteur.
"""

import datetime

import pytest

from tests.browser.test_pages_publiques import LARGEUR_BUREAU, LARGEUR_MOBILE
from tests.browser.test_promesses import verifier

pytestmark = pytest.mark.browser


@pytest.fixture
def porteur_cahors(donnees_publiques, settings):
    """Un agent porteur de trois promesses de Cahors (sur six) ; une facilitatrice porteuse d'une autre."""
    from experimentations.models import Experimentation
    from territoire.models import Commune
    from tests.comptes.factories import agent, facilitateur
    from tests.promesses.factories import jeu_de_donnees

    settings.PROMESSES_DATE_REFERENCE = datetime.date(2018, 10, 1)
    experimentation = Experimentation.objects.get(slug="cahors-2018")
    promesses = jeu_de_donnees(6, experimentation=experimentation, commune=Commune.objects.get(code_insee="46042"))[1]
    porteur = agent(username="karim", first_name="Karim")
    for promesse in promesses[:3]:
        promesse.comptes_porteurs.add(porteur)
    facilitatrice = facilitateur(username="camille")
    promesses[3].comptes_porteurs.add(facilitatrice)
    return {"promesses": promesses, "porteur": porteur, "facilitatrice": facilitatrice}


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
@pytest.mark.parametrize(
    ("nom", "chemin", "qui"),
    [
        ("mes-promesses", "/promesses/mes-promesses/", "porteur"),
        ("mes-promesses-facilitatrice", "/promesses/mes-promesses/", "facilitatrice"),
        ("promesse-mise-a-jour-compte", "/promesses/{pk}/mettre-a-jour/", "porteur"),
        ("promesse-lien-connecte", "/promesses/lien/{jeton}/", "facilitatrice"),
    ],
)
def test_pages_du_porteur_accessibles(onglet, porteur_cahors, nom, chemin, qui, largeur):
    promesse = porteur_cahors["promesses"][0]
    chemin = chemin.format(pk=promesse.pk, jeton=promesse.jeton)
    visite = onglet(largeur)
    visite.connecter(porteur_cahors[qui])
    reponse = visite.aller(chemin)
    problemes = verifier(visite, reponse, nom, largeur)
    assert not problemes, f"{chemin} à {largeur} px :\n" + "\n\n".join(problemes)


def test_le_porteur_va_de_l_en_tete_a_ses_promesses_et_met_l_une_a_jour(onglet, porteur_cahors):
    promesses = porteur_cahors["promesses"]
    visite = onglet(LARGEUR_MOBILE)
    visite.connecter(porteur_cahors["porteur"])
    visite.aller("/promesses/")
    page = visite.page
    page.get_by_role("button", name="Menu").click()
    page.locator("#menu-principal").get_by_role("link", name="Mes promesses").click()
    page.get_by_role("heading", name="Mes promesses", level=1).wait_for()
    for promesse in promesses[:3]:
        assert page.get_by_role("heading", name=promesse.engagement.titre, level=2).is_visible()
    assert page.get_by_role("heading", name=promesses[3].engagement.titre).count() == 0
    page.get_by_role("link", name=f"Mettre à jour « {promesses[1].engagement.titre} »").click()
    page.get_by_label("Avancement (%)").fill("80")
    page.get_by_label("Ce qui a changé").fill("Le minibus roule le samedi")
    page.get_by_role("button", name="Publier ce point d'avancement").click()
    page.get_by_text("Point d'avancement enregistré").wait_for()
    page.get_by_role("link", name="Mes promesses").last.click()
    page.get_by_role("heading", name="Mes promesses", level=1).wait_for()
    carte = page.locator("article", has_text=promesses[1].engagement.titre)
    assert carte.locator(".cb-avancement__valeur").inner_text() == "80 %"
    visite.capturer("mes-promesses-apres-point")
    assert not visite.erreurs
