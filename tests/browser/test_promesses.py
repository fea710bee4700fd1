"""Le tableau de bord des promesses dans un vrai Chromium, à 1280 et 360 px : pages publiques sans erreur, sans
requête vers un autre site, sans violation axe-core, sans défilement horizontal ; le parcours d'un visiteur
(filtrer les promesses de Roseline, ouvrir l'une d'elles, remonter aux irritants, télécharger le CSV) ; la page
lisible sans JavaScript ; le porteur qui publie un point par son lien personnel.
"""

import datetime

import pytest

from tests.browser.axe import axe_analyser
from tests.browser.test_pages_publiques import LARGEUR_BUREAU, LARGEUR_MOBILE

pytestmark = pytest.mark.browser


@pytest.fixture
def promesses_cahors(donnees_publiques, settings):
    from experimentations.models import Experimentation
    from territoire.models import Commune
    from tests.promesses.factories import jeu_de_donnees

    settings.PROMESSES_DATE_REFERENCE = datetime.date(2018, 10, 1)
    experimentation = Experimentation.objects.get(slug="cahors-2018")
    return jeu_de_donnees(6, experimentation=experimentation, commune=Commune.objects.get(code_insee="46042"))[1]


def verifier(visite, reponse, nom: str, largeur: int) -> list[str]:
    visite.capturer(nom)
    problemes = visite.problemes(reponse, axe_analyser(visite.page))
    if visite.largeur_du_contenu() > largeur:
        problemes.append("Défilement horizontal ; éléments qui dépassent :\n" + "\n".join(visite.debordements()))
    return problemes


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
@pytest.mark.parametrize(
    ("nom", "chemin"),
    [
        ("promesses", "/promesses/"),
        ("promesses-replay", "/promesses/?mois=2018-04"),
        ("promesses-filtre", "/promesses/?persona=roseline"),
        ("promesse", "/promesses/{pk}/"),
        ("promesses-donnees", "/promesses/donnees/"),
        ("promesse-lien", "/promesses/lien/{jeton}/"),
    ],
)
def test_pages_des_promesses_accessibles(onglet, promesses_cahors, nom, chemin, largeur):
    promesse = promesses_cahors[0]
    chemin = chemin.format(pk=promesse.pk, jeton=promesse.jeton)
    visite = onglet(largeur)
    reponse = visite.aller(chemin)
    problemes = verifier(visite, reponse, nom, largeur)
    assert not problemes, f"{chemin} à {largeur} px :\n" + "\n\n".join(problemes)


def test_le_visiteur_filtre_ouvre_remonte_et_telecharge(onglet, promesses_cahors):
    promesse = promesses_cahors[0]
    irritant = promesse.engagement.irritants.get()
    visite = onglet(LARGEUR_MOBILE)
    visite.aller("/promesses/")
    page = visite.page
    page.locator("#id_persona").select_option("roseline")
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.get_by_text("3 promesses correspondent aux filtres").wait_for()
    # htmx ne remplace que les résultats : une seule page, pas la page dans la page.
    assert page.locator("header.fr-header").count() == 1 and page.locator("#resultats h1").count() == 0
    assert "persona=roseline" in page.url  # l'adresse filtrée se partage
    page.locator("#resultats").get_by_role("link", name=f"1. {promesse.engagement.titre}").click()
    page.get_by_role("heading", name=promesse.engagement.titre, level=1).wait_for()
    page.get_by_role("link", name=irritant.titre).click()
    page.get_by_role("heading", name=irritant.titre, level=1).wait_for()
    visite.aller("/promesses/")
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Les promesses CSV").click()
    with open(telechargement.value.path(), encoding="utf-8-sig") as fichier:
        contenu = fichier.read()
    assert promesse.engagement.titre in contenu
    assert not visite.erreurs


def test_lisible_sans_javascript(navigateur, live_server, promesses_cahors):
    contexte = navigateur.new_context(java_script_enabled=False, viewport={"width": LARGEUR_MOBILE, "height": 800})
    try:
        page = contexte.new_page()
        page.goto(live_server.url + "/promesses/?persona=roseline")
        assert page.locator("svg polyline").count() == 1
        assert page.get_by_role("table", name="Avancement moyen, fin de chaque mois").is_visible()
        assert page.get_by_text("3 promesses correspondent aux filtres").is_visible()
    finally:
        contexte.close()


def test_le_porteur_publie_un_point_par_son_lien(onglet, promesses_cahors):
    promesse = promesses_cahors[1]
    visite = onglet(LARGEUR_MOBILE)
    visite.aller(f"/promesses/lien/{promesse.jeton}/")
    page = visite.page
    page.get_by_label("Avancement (%)").fill("75")
    page.get_by_label("Ce qui a changé").fill("Premiers trajets réservés")
    page.get_by_role("button", name="Publier ce point d'avancement").click()
    page.get_by_text("Point d'avancement enregistré").wait_for()
    visite.aller(f"/promesses/{promesse.pk}/")
    assert page.get_by_text("Premiers trajets réservés").is_visible()
    visite.capturer("promesse-apres-point")
