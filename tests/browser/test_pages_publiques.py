"""Chaque page publique, dans un vrai Chromium, sur ordinateur (1280 px) et sur mobile (360 px) :
elle répond, sans erreur dans la console, sans requête vers un autre site, et sans aucune
violation WCAG 2.1 A/AA relevée par axe-core. Une capture de chaque page est enregistrée.

Pour ajouter une page : une ligne dans PAGES_PUBLIQUES (et ses données dans `donnees_publiques`).
"""

import pytest

from tests.browser.axe import axe_analyser, violations_formater
from tests.browser.conftest import CODE_CAHORS

pytestmark = pytest.mark.browser

# (nom de la capture, chemin)
PAGES_PUBLIQUES = [
    ("accueil", "/"),
    ("territoire", "/territoire/"),
    ("commune", f"/territoire/communes/{CODE_CAHORS}/"),
    ("connexion", "/comptes/login/"),
    ("mot-de-passe-oublie", "/comptes/password_reset/"),
    # /api/docs/ : Swagger UI vient d'un CDN par défaut, injoignable ici (voir drf-spectacular-sidecar).
]
LARGEUR_BUREAU = 1280
LARGEUR_MOBILE = 360


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
@pytest.mark.parametrize(("nom", "chemin"), PAGES_PUBLIQUES, ids=[nom for nom, _ in PAGES_PUBLIQUES])
def test_page_publique_accessible(onglet, donnees_publiques, nom, chemin, largeur):
    visite = onglet(largeur)

    reponse = visite.aller(chemin)
    visite.capturer(nom)
    violations = axe_analyser(visite.page)

    problemes = []
    if reponse.status != 200:
        problemes.append(f"HTTP {reponse.status} au lieu de 200")
    if visite.erreurs:
        problemes.append("Erreurs dans le navigateur :\n" + "\n".join(f"- {erreur}" for erreur in visite.erreurs))
    if violations:
        problemes.append(f"{len(violations)} violation(s) axe-core WCAG 2.1 A/AA :\n" + violations_formater(violations))
    assert not problemes, f"{chemin} à {largeur} px :\n" + "\n\n".join(problemes)


@pytest.mark.parametrize(("nom", "chemin"), PAGES_PUBLIQUES, ids=[nom for nom, _ in PAGES_PUBLIQUES])
def test_pas_de_defilement_horizontal_sur_mobile(onglet, donnees_publiques, nom, chemin):
    visite = onglet(LARGEUR_MOBILE)
    visite.aller(chemin)

    largeur_contenu = visite.page.evaluate("document.documentElement.scrollWidth")

    if largeur_contenu > LARGEUR_MOBILE:
        debordants = visite.page.evaluate(
            """(largeur) => [...document.querySelectorAll("body *")]
                .filter((el) => el.getBoundingClientRect().right > largeur + 1)
                .slice(0, 10)
                .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                    + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "")
                    + " (" + Math.round(el.getBoundingClientRect().right) + " px)")""",
            LARGEUR_MOBILE,
        )
        pytest.fail(
            f"{chemin} défile horizontalement à {LARGEUR_MOBILE} px (largeur du contenu : {largeur_contenu} px). "
            "Éléments qui dépassent :\n" + "\n".join(f"- {element}" for element in debordants)
        )
