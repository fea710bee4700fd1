"""Ce que lit le citoyen, dans un vrai Chromium à 360 et 1 280 px : pages du pied de page, synthèse des
irritants repliée, carte du territoire nommant ses communes, espace du participant, formulaire de création
d'irritant du codage. Chaque page : aucune violation axe-core WCAG 2.1 A/AA, aucun défilement horizontal.
"""

import pytest

from tests.browser.axe import axe_analyser
from tests.browser.test_pages_irritants import diagnostic_irritants  # noqa: F401 (fixture)
from tests.browser.test_pages_publiques import LARGEUR_BUREAU, LARGEUR_MOBILE

pytestmark = pytest.mark.browser
LARGEURS = pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
LIENS_DU_PIED = ("/plan-du-site/", "/accessibilite/", "/mentions-legales/", "/donnees-personnelles/")


def _verifier(visite, reponse, largeur, nom):
    violations = axe_analyser(visite.page)
    problemes = visite.problemes(reponse, violations)
    if visite.largeur_du_contenu() > largeur:
        problemes.append("Défilement horizontal ; éléments qui dépassent :\n" + "\n".join(visite.debordements()))
    assert not problemes, f"{nom} à {largeur} px :\n" + "\n\n".join(problemes)


PAGES_INFORMATION = [
    ("accessibilite", "/accessibilite/"),
    ("mentions-legales", "/mentions-legales/"),
    ("donnees-personnelles", "/donnees-personnelles/"),
    ("plan-du-site", "/plan-du-site/"),
]


@LARGEURS
@pytest.mark.parametrize(("nom", "chemin"), PAGES_INFORMATION, ids=[nom for nom, _ in PAGES_INFORMATION])
def test_pages_du_pied_de_page_accessibles(onglet, donnees_publiques, nom, chemin, largeur):
    visite = onglet(largeur)

    reponse = visite.aller(chemin)
    visite.capturer(f"information-{nom}")

    _verifier(visite, reponse, largeur, nom)
    pied = visite.page.locator("#footer")
    for adresse in LIENS_DU_PIED:
        assert pied.locator(f'a[href="{adresse}"]').is_visible(), adresse


@LARGEURS
def test_la_synthese_replie_le_detail_de_chaque_irritant(onglet, diagnostic_irritants, largeur):  # noqa: F811
    visite = onglet(largeur)
    mobilite = diagnostic_irritants["mobilite"]

    reponse = visite.aller("/irritants/")
    detail = visite.page.locator(f"#irritant-{mobilite.pk}-detail")
    assert not detail.is_visible(), "le détail est replié au chargement"
    liens = visite.page.evaluate(
        "[...document.querySelectorAll('main a[href]')]"
        ".filter((a) => a.checkVisibility({visibilityProperty: true})).length"
    )
    visite.page.locator(f'[aria-controls="irritant-{mobilite.pk}-detail"]').click()
    detail.wait_for(state="visible")
    visite.capturer("irritants-synthese-depliee")

    _verifier(visite, reponse, largeur, "synthèse dépliée")
    assert "Le bus passe deux fois par jour" in detail.inner_text()
    assert "Entretien collectif" in detail.inner_text()  # l'origine, avec le libellé de terrain.enums.Origine
    # Liens visibles : le titre de chaque irritant (3), le sommaire des thèmes (3), le fil d'Ariane (1).
    assert liens <= 3 + 3 + 1, liens


@LARGEURS
def test_la_carte_nomme_la_commune_au_survol_et_au_clavier(onglet, donnees_publiques, largeur):
    visite = onglet(largeur)
    reponse = visite.aller("/territoire/")
    etiquette = visite.page.locator(".cb-carte__etiquette")
    cahors = visite.page.locator('.cb-carte a[data-nom="Cahors"]')

    cahors.hover()
    assert etiquette.is_visible() and etiquette.inner_text() == "Cahors"
    visite.page.locator('.cb-carte a[data-nom="Pradines"]').focus()
    assert etiquette.inner_text() == "Pradines"
    visite.page.locator(".cb-carte-conteneur").screenshot(
        path=str(visite.capturer("territoire-etiquette").with_name(f"territoire-carte-focus-{largeur}.png"))
    )

    _verifier(visite, reponse, largeur, "territoire")
    # Dans le tableau, le nom de la commune est le lien.
    assert visite.page.locator('#table-communes th a[href="/territoire/communes/46042/"]').inner_text() == "Cahors"


@LARGEURS
def test_le_participant_a_sa_page_apres_connexion(onglet, donnees_publiques, largeur):
    from comptes.enums import Role
    from tests.comptes.factories import UserFactory

    participante = UserFactory(username="ines", first_name="Inès", role=Role.PARTICIPANT)
    visite = onglet(largeur)
    visite.aller("/comptes/login/")
    visite.page.get_by_label("Nom d’utilisateur").fill("ines")
    visite.page.get_by_label("Mot de passe", exact=True).fill("mot-de-passe-de-test")
    visite.page.get_by_role("button", name="Se connecter").last.click()
    visite.page.wait_for_load_state("networkidle")
    visite.capturer("espace-participant")

    assert visite.page.url.endswith("/espace-participant/"), visite.page.url
    assert visite.page.get_by_role("heading", level=1).inner_text() == f"Bienvenue, {participante.first_name}"
    _verifier(visite, None, largeur, "espace du participant")


@LARGEURS
def test_les_listes_du_formulaire_de_creation_tiennent_dans_leur_fiche(onglet, diagnostic_irritants, largeur):  # noqa: F811
    visite = onglet(largeur)
    visite.connecter(diagnostic_irritants["facilitatrice"])
    visite.aller("/irritants/codage/")
    fiche = visite.page.locator("article").filter(has=visite.page.locator(".cb-creation")).first
    fiche.locator("details.cb-fiche__codage > summary").evaluate("(s) => s.parentElement.open = true")
    fiche.locator("details.cb-fiche__creation > summary").click()

    mesures = fiche.evaluate(
        """(fiche) => { const cadre = fiche.getBoundingClientRect();
            return [...fiche.querySelectorAll(".cb-creation select")].map((liste) => {
                const r = liste.getBoundingClientRect();
                return { gauche: r.left - cadre.left, droite: cadre.right - r.right, largeur: r.width };
            }); }"""
    )
    fiche.screenshot(path=str(visite.capturer("codage-creation").with_name(f"codage-creation-fiche-{largeur}.png")))

    assert len(mesures) == 2, mesures
    for mesure in mesures:
        assert mesure["largeur"] > 0 and mesure["gauche"] >= 0 and mesure["droite"] >= 0, mesure
