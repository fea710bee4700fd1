"""Dans un vrai Chromium : l'état d'un PDF passe à « prêt » sans recharger la page, puis se télécharge.

La page d'état (/documents/<uuid>/) et ses trois états (en attente, prêt, échec) passent l'audit
axe-core à 1280 et 360 px, sans requête vers un autre site ni erreur JavaScript.
"""

import pytest

from documents import pdf, services
from documents.enums import EtatDocument
from tests.browser.axe import axe_analyser
from tests.browser.test_pages_publiques import LARGEUR_BUREAU, LARGEUR_MOBILE
from tests.comptes.factories import facilitateur
from tests.documents.conftest import SOURCE, TEXTES
from tests.documents.conftest import sources as sources  # noqa: F401 — la source de test, à chaque test

# Les tests du navigateur vivent ici, près de `tests/browser/conftest.py` : un seul Chromium pour la session
# (importer la fixture `navigateur` dans un autre dossier en lancerait un second, que Playwright refuse).

pytestmark = pytest.mark.browser
PRET = "() => (document.querySelector('[role=status]')?.textContent || '').includes('Prêt')"


@pytest.fixture
def document_en_attente(monkeypatch, sources):
    """Un document demandé dont la tâche n'a pas encore tourné (le test jouera le worker)."""
    TEXTES["1"] = "Le bus pour Cahors ne passe que deux fois par jour."
    monkeypatch.setattr(services, "_mettre_en_file", lambda document_id, jeton: None)
    document = services.document_demander(source=SOURCE, objet_id="1")
    assert document.etat == EtatDocument.EN_ATTENTE
    return document


def statut(visite):
    return visite.page.locator('[role="status"]')


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
def test_l_etat_passe_a_pret_sans_recharger_puis_le_pdf_se_telecharge(onglet, document_en_attente, largeur):
    visite = onglet(largeur)
    reponse = visite.aller(document_en_attente.get_absolute_url())
    assert "En attente" in statut(visite).text_content()  # (le DSFR met les badges en capitales à l'écran)
    violations_attente = axe_analyser(visite.page)
    visite.page.evaluate("window.__meme_page = true")  # disparaîtrait si la page se rechargeait

    # Le worker publie le PDF ; htmx interroge toutes les 2 s et remplace le contenu de la zone.
    services.document_generer(document_id=document_en_attente.pk, jeton=str(document_en_attente.jeton))
    visite.page.wait_for_function(PRET, timeout=10_000)
    assert visite.page.evaluate("window.__meme_page") is True
    visite.capturer("document-pret")
    violations_pret = axe_analyser(visite.page)

    with visite.page.expect_download() as telechargement:
        visite.page.get_by_role("link", name="Télécharger « Lettre de test 1 »").click()
    fichier = telechargement.value
    assert fichier.suggested_filename == "lettre-1.pdf"
    with open(fichier.path(), "rb") as flux:
        assert flux.read(5) == b"%PDF-"
    problemes = visite.problemes(reponse, violations_attente + violations_pret)
    assert not problemes, "\n\n".join(problemes)


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
def test_un_echec_se_relance_depuis_la_page(onglet, monkeypatch, largeur, django_capture_on_commit_callbacks):
    TEXTES["1"] = "Texte."
    original = pdf.html_en_pdf
    monkeypatch.setattr(pdf, "html_en_pdf", lambda html: (_ for _ in ()).throw(RuntimeError("panne")))
    document = services.document_demander(source=SOURCE, objet_id="1")  # tâche sur place : quatre essais, échec
    document.refresh_from_db()
    assert document.etat == EtatDocument.ECHEC
    monkeypatch.setattr(pdf, "html_en_pdf", original)

    visite = onglet(largeur)
    visite.connecter(facilitateur(username="camille"))
    reponse = visite.aller(document.get_absolute_url())
    assert "La mise en page du PDF a échoué." in statut(visite).text_content()
    violations = axe_analyser(visite.page)
    visite.capturer("document-echec")

    visite.page.get_by_role("button", name="Relancer la génération du PDF").click()
    visite.page.wait_for_function(PRET, timeout=10_000)
    problemes = visite.problemes(reponse, violations)
    assert not problemes, "\n\n".join(problemes)
