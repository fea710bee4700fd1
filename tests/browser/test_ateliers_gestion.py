"""Les pages des facilitateurs ajoutées au site (hors administration), dans un vrai Chromium à 1280 et 360 px :
programmer et modifier une séance du laboratoire (et voir ses inscrits), composer une équipe, ouvrir et fermer le
choix des ateliers et le vote, copier le lien d'un participant ; et l'accueil qui montre l'avancée des équipes.
Chaque page : sans erreur dans la console, sans requête vers un autre site, sans violation WCAG 2.1 A/AA relevée
par axe-core, sans défilement horizontal.
"""

import datetime
import re

import pytest
from django.utils import timezone

from tests.browser.test_ateliers import seminaire_cahors, verifier  # noqa: F401 (la fixture du séminaire)
from tests.browser.test_pages_publiques import LARGEUR_BUREAU, LARGEUR_MOBILE

pytestmark = pytest.mark.browser


@pytest.fixture
def gestion(seminaire_cahors):  # noqa: F811
    from tests.ateliers.factories import InscriptionLaboFactory

    session = seminaire_cahors["session"]
    InscriptionLaboFactory(session=session, nom="Bruno K.")
    InscriptionLaboFactory(session=session, nom="Chloé T.", etat="attente")
    return seminaire_cahors


PAGES = [
    ("gestion-accueil-equipes", lambda d: "/", False),
    ("gestion-laboratoire", lambda d: "/laboratoire/", True),
    ("gestion-seance-nouvelle", lambda d: "/laboratoire/nouvelle/", True),
    ("gestion-seance-modifier", lambda d: f"/laboratoire/{d['session'].pk}/modifier/", True),
    ("gestion-equipe-membres", lambda d: "/equipes/referent-unique/", True),
    ("gestion-seminaire", lambda d: "/seminaire/orientation/", True),
    ("gestion-participants-ouvertures", lambda d: "/seminaire/orientation/participants/", True),
]


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
@pytest.mark.parametrize(("nom", "chemin", "connecte"), PAGES, ids=[nom for nom, _, _ in PAGES])
def test_pages_de_gestion_accessibles(onglet, gestion, nom, chemin, connecte, largeur):
    visite = onglet(largeur)
    if connecte:
        visite.connecter(gestion["facilitatrice"])
    adresse = chemin(gestion)
    reponse = visite.aller(adresse)
    problemes = verifier(visite, reponse, nom, largeur)
    assert not problemes, f"{adresse} à {largeur} px :\n" + "\n\n".join(problemes)
    assert "{{" not in visite.page.content() and "{%" not in visite.page.content()


def test_l_accueil_montre_l_equipe_et_mene_a_sa_page(onglet, gestion):
    visite = onglet(LARGEUR_MOBILE)
    visite.aller("/")
    page = visite.page
    carte = page.locator("li", has=page.get_by_role("heading", name="L'équipe du référent unique"))
    assert "1 cycle terminé sur 1 prévu" in " ".join(carte.inner_text().split())
    assert "dernière décision : garder" in " ".join(carte.inner_text().replace("\xa0", " ").lower().split())
    carte.get_by_role("link", name="L'équipe du référent unique").click()
    page.get_by_role("heading", level=1, name="L'équipe du référent unique").wait_for()
    assert "Ajouter un membre" not in page.content()  # le public ne compose pas l'équipe
    assert not visite.erreurs, "\n".join(visite.erreurs)


def test_une_facilitatrice_programme_une_seance_sur_son_telephone(onglet, gestion):
    visite = onglet(LARGEUR_MOBILE)
    visite.connecter(gestion["facilitatrice"])
    visite.aller("/laboratoire/")
    page = visite.page
    page.get_by_role("link", name="Programmer une séance").click()
    page.get_by_label("Thème de la séance").fill("Essayer le dossier partagé")
    page.get_by_label("Équipe qui ouvre sa séance").select_option(label="L'équipe du référent unique")
    page.get_by_label("Date").fill((timezone.localdate() + datetime.timedelta(days=12)).isoformat())
    page.locator("#id_heure_debut").fill("14:00")
    page.locator("#id_heure_fin").fill("15:30")
    page.get_by_label("Places").fill("6")
    page.locator("label[for=id_publiee]").click()
    page.get_by_role("button", name="Programmer la séance").click()
    page.get_by_text("La séance « Essayer le dossier partagé » est programmée").wait_for()
    assert "Personne n'est encore inscrit." in page.content()
    visite.capturer("gestion-seance-programmee")
    assert not visite.erreurs, "\n".join(visite.erreurs)


def test_les_inscrits_et_la_liste_d_attente_d_une_seance(onglet, gestion):
    visite = onglet(LARGEUR_BUREAU)
    visite.connecter(gestion["facilitatrice"])
    visite.aller(f"/laboratoire/{gestion['session'].pk}/")
    page = visite.page
    page.get_by_role("link", name="Modifier la séance, voir les inscrits").click()
    inscrits = page.locator("section[aria-labelledby=inscrits-titre]")
    inscrits.get_by_text("Marie L.").wait_for()
    assert "Bruno K." in inscrits.inner_text() and "Chloé T." in inscrits.inner_text()
    assert not visite.erreurs, "\n".join(visite.erreurs)


def test_ajouter_puis_retirer_un_membre(onglet, gestion):
    participant = gestion["participants"][5]
    visite = onglet(LARGEUR_MOBILE)
    visite.connecter(gestion["facilitatrice"])
    visite.aller("/equipes/referent-unique/")
    page = visite.page
    page.get_by_label("Un participant du séminaire").select_option(value=str(participant.pk))
    page.get_by_label("Compétence apportée").select_option(label="Relation aux usagers")
    page.get_by_role("button", name="Ajouter à l'équipe").click()
    page.get_by_text(f"{participant.nom} fait maintenant partie de l'équipe.").wait_for()
    assert "(relation aux usagers)" in page.locator(".cb-membres").inner_text()
    visite.capturer("gestion-equipe-membre-ajoute")
    page.get_by_role("button", name=f"Retirer {participant.nom} de l'équipe").click()
    page.get_by_text(f"{participant.nom} ne fait plus partie de l'équipe.").wait_for()
    assert participant.nom not in page.locator(".cb-membres").inner_text()
    assert not visite.erreurs, "\n".join(visite.erreurs)


def test_fermer_rouvrir_le_choix_copier_un_lien_et_ouvrir_le_vote(onglet, gestion):
    visite = onglet(LARGEUR_BUREAU)
    visite.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    visite.connecter(gestion["facilitatrice"])
    visite.aller("/seminaire/orientation/participants/")
    page = visite.page
    page.get_by_role("button", name="Fermer le choix").click()
    page.get_by_text("Le choix des ateliers est fermé").wait_for()
    page.get_by_role("button", name="Ouvrir le choix maintenant").click()
    page.get_by_text("Le choix des ateliers est ouvert").wait_for()
    participant = gestion["participants"][0]
    page.get_by_role("button", name=f"Copier le lien de {participant.nom}").click()
    page.get_by_text(re.compile("Lien copié")).wait_for()
    copie = page.evaluate("() => navigator.clipboard.readText()")
    assert copie.endswith(f"/seminaire/invitation/{participant.jeton}/")
    page.get_by_role("button", name="Fermer le vote").click()
    page.get_by_text("Le vote est fermé").wait_for()
    page.get_by_role("button", name="Ouvrir le vote maintenant").click()
    page.get_by_text("Le vote est ouvert").wait_for()
    visite.capturer("gestion-vote-ouvert")

    # Le lien copié, ouvert sur un téléphone : le choix est ouvert, le vote aussi.
    telephone = onglet(LARGEUR_MOBILE)
    telephone.page.goto(copie, wait_until="networkidle")
    telephone.page.get_by_role("button", name="Choisir l'atelier de Sébastien").click()
    telephone.page.get_by_text("C'est noté : vous participez à l'atelier de Sébastien.").wait_for()
    telephone.page.get_by_role("link", name=re.compile("votez")).wait_for()
    assert not visite.erreurs, "\n".join(visite.erreurs)
    assert not telephone.erreurs, "\n".join(telephone.erreurs)
