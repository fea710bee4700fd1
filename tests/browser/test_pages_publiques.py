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
    ("api-docs", "/api/docs/"),  # Swagger UI servie localement (drf-spectacular-sidecar), sans CDN
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

    problemes = visite.problemes(reponse, violations)
    assert not problemes, f"{chemin} à {largeur} px :\n" + "\n\n".join(problemes)


@pytest.mark.parametrize(("nom", "chemin"), PAGES_PUBLIQUES, ids=[nom for nom, _ in PAGES_PUBLIQUES])
def test_pas_de_defilement_horizontal_sur_mobile(onglet, donnees_publiques, nom, chemin):
    visite = onglet(LARGEUR_MOBILE)
    visite.aller(chemin)

    largeur_contenu = visite.largeur_du_contenu()

    if largeur_contenu > LARGEUR_MOBILE:
        debordants = visite.debordements()
        pytest.fail(
            f"{chemin} défile horizontalement à {LARGEUR_MOBILE} px (largeur du contenu : {largeur_contenu} px). "
            "Éléments qui dépassent :\n" + "\n".join(f"- {element}" for element in debordants)
        )


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
def test_connexion_en_erreur_accessible(onglet, largeur):
    """Les états d'erreur (alerte générale, champ en erreur) passent aussi l'audit."""
    visite = onglet(largeur)
    visite.aller("/comptes/login/")

    visite.page.get_by_label("Nom d’utilisateur").fill("personne")
    visite.page.get_by_role("button", name="Se connecter").last.click()
    visite.page.wait_for_load_state("networkidle")
    visite.capturer("connexion-erreur-champ")
    violations_champ = axe_analyser(visite.page)

    visite.page.get_by_label("Mot de passe", exact=True).fill("pas-le-bon-mot-de-passe")
    visite.page.get_by_role("button", name="Se connecter").last.click()
    visite.page.wait_for_load_state("networkidle")
    visite.capturer("connexion-erreur-identifiants")
    violations_identifiants = axe_analyser(visite.page)

    assert visite.page.title().startswith("Erreur")
    assert visite.page.locator(".fr-alert--error").is_visible()
    assert not visite.erreurs, "\n".join(visite.erreurs)
    assert not violations_champ, violations_formater(violations_champ)
    assert not violations_identifiants, violations_formater(violations_identifiants)


def test_afficher_le_mot_de_passe(onglet):
    visite = onglet()
    visite.aller("/comptes/login/")
    champ = visite.page.get_by_label("Mot de passe", exact=True)
    champ.fill("secret")

    visite.page.get_by_text("Afficher", exact=False).click()

    assert champ.get_attribute("type") == "text"
    assert not visite.erreurs, "\n".join(visite.erreurs)


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
def test_choix_du_nouveau_mot_de_passe_accessible(onglet, largeur):
    """La page du lien reçu par courriel (aide en liste, deux mots de passe, erreurs) passe l'audit."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from comptes.enums import Role
    from comptes.services import utilisateur_creer

    utilisateur = utilisateur_creer(
        username="camille", email="camille@example.org", password="un-mot-de-passe-solide-42", role=Role.AGENT
    )
    uid = urlsafe_base64_encode(force_bytes(utilisateur.pk))
    visite = onglet(largeur)
    visite.aller(f"/comptes/reset/{uid}/{default_token_generator.make_token(utilisateur)}/")
    violations_formulaire = axe_analyser(visite.page)

    visite.page.locator("#id_new_password1").fill("court")
    visite.page.locator("#id_new_password2").fill("autre")
    visite.page.get_by_role("button", name="Enregistrer le mot de passe").click()
    visite.page.wait_for_load_state("networkidle")
    visite.capturer("nouveau-mot-de-passe-erreur")
    violations_erreur = axe_analyser(visite.page)

    assert visite.page.locator(".fr-error-text").count() >= 1
    assert not visite.erreurs, "\n".join(visite.erreurs)
    assert not violations_formulaire, violations_formater(violations_formulaire)
    assert not violations_erreur, violations_formater(violations_erreur)
