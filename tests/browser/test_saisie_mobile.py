"""La saisie d'une observation sur un téléphone (360 px), dans un vrai Chromium.

Connexion d'un agent, deux touchers jusqu'au formulaire, commune choisie par l'autocomplétion,
verbatim, envoi ; audit axe-core (WCAG 2.1 A/AA) de l'accueil terrain et du formulaire ; puis le
réseau qui se coupe : l'observation reste sur le téléphone et part une seule fois au retour du réseau.
"""

import json
import re

import pytest

from terrain.enums import StatutPublication, TypeObservation
from terrain.models import Observation
from tests.browser.axe import axe_analyser, violations_formater
from tests.comptes.factories import agent

pytestmark = pytest.mark.browser

LARGEUR = 360
CIBLE_TACTILE_MIN = 44
HORS_LIGNE = "Hors connexion : votre observation est gardée sur ce téléphone et sera envoyée au retour du réseau."
# Erreurs que Chromium écrit dans la console quand un envoi échoue exprès (réseau coupé, refus 422).
ERREURS_ATTENDUES = re.compile(r"ERR_INTERNET_DISCONNECTED|ERR_FAILED|status of 422")


def erreurs_inattendues(visite) -> list[str]:
    return [erreur for erreur in visite.erreurs if not ERREURS_ATTENDUES.search(erreur)]


def se_connecter(onglet, suivant="/terrain/"):
    utilisateur = agent(username="camille", first_name="Camille")
    visite = onglet(LARGEUR)
    visite.aller(f"/comptes/login/?next={suivant}")
    visite.page.get_by_label("Nom d’utilisateur").fill("camille")
    visite.page.get_by_label("Mot de passe", exact=True).fill("mot-de-passe-de-test")
    visite.page.get_by_role("button", name="Se connecter").last.click()
    visite.page.wait_for_load_state("networkidle")
    return visite, utilisateur


def sans_defilement_horizontal(visite):
    largeur = visite.page.evaluate("document.documentElement.scrollWidth")
    assert largeur <= LARGEUR, f"{visite.page.url} défile horizontalement : {largeur} px"


def hauteur(locator) -> float:
    return locator.bounding_box()["height"]


def boite_d_envoi(visite, utilisateur) -> list:
    return json.loads(visite.page.evaluate(f"localStorage.getItem('cb-envois:{utilisateur.pk}') || '[]'"))


def test_un_agent_note_une_observation_depuis_son_telephone(onglet, donnees_publiques):
    visite, utilisateur = se_connecter(onglet)
    page = visite.page

    # 1er toucher (après la connexion) : l'accueil terrain, le gros bouton d'abord.
    assert page.url.endswith("/terrain/")
    visite.capturer("saisie-accueil-vide")
    violations_accueil = axe_analyser(page)
    sans_defilement_horizontal(visite)
    bouton = page.get_by_role("link", name="Noter une observation")
    assert hauteur(bouton) >= CIBLE_TACTILE_MIN

    # 2e toucher : le formulaire.
    bouton.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/terrain/observations/nouvelle/")
    visite.capturer("saisie-formulaire")
    violations_formulaire = axe_analyser(page)
    sans_defilement_horizontal(visite)
    assert page.locator("#id_date").input_value() == "2018-12-31"
    assert re.fullmatch(r"[0-9a-f-]{36}", page.locator("#id_uuid_client").input_value())

    page.get_by_label("Ce que vous avez observé").fill("Le bus pour Cahors ne passe que deux fois par jour.")
    tuile_besoin = page.locator("label[for='id_type_1']")
    assert hauteur(tuile_besoin) >= CIBLE_TACTILE_MIN
    tuile_besoin.click()

    # Autocomplétion : « cah » propose Cahors, qui devient une puce.
    page.get_by_label("Communes concernées").press_sequentially("cah", delay=50)
    suggestion = page.locator(".cb-suggestion", has_text="Cahors")
    suggestion.wait_for()
    assert hauteur(suggestion) >= CIBLE_TACTILE_MIN
    visite.capturer("saisie-formulaire-suggestions")
    suggestion.click()
    puce = page.get_by_role("button", name="Retirer Cahors")
    assert puce.is_visible()
    assert hauteur(puce) >= CIBLE_TACTILE_MIN
    assert page.get_by_label("Communes concernées").input_value() == ""
    assert page.locator("#communes-puces input[name=communes]").input_value() == "46042"

    page.locator("#bloc-verbatim summary").click()
    page.get_by_label("Les mots de la personne").fill("Sans voiture, je dépends de ma voisine.")
    page.get_by_label("Tranche d'âge").select_option("75_plus")
    page.get_by_label("Situation de la personne").fill("retraitée, vit seule")
    # Un agent ne choisit pas la publication du verbatim : c'est la décision d'un facilitateur.
    assert page.locator("[name=verbatim_statut]").count() == 0
    visite.capturer("saisie-formulaire-rempli")
    violations_rempli = axe_analyser(page)
    sans_defilement_horizontal(visite)

    page.get_by_role("button", name="Enregistrer l’observation").click()
    page.wait_for_url("**/terrain/")
    page.wait_for_load_state("networkidle")
    visite.capturer("saisie-accueil-apres-envoi")

    assert page.get_by_text("Votre observation du 31 décembre 2018 est enregistrée.").is_visible()
    assert page.get_by_role("link", name=re.compile("Le bus pour Cahors")).is_visible()
    observation = Observation.objects.get()
    assert observation.auteur == utilisateur
    assert observation.type == TypeObservation.BESOIN
    assert [c.nom for c in observation.communes.all()] == ["Cahors"]
    verbatim = observation.verbatims.get()
    assert verbatim.profil == "75 ans et plus, retraitée, vit seule"
    assert verbatim.statut == StatutPublication.INTERNE
    violations_liste = axe_analyser(page)
    sans_defilement_horizontal(visite)

    # La fiche, puis sa modification (le verbatim y est déjà ouvert).
    page.get_by_role("link", name=re.compile("Le bus pour Cahors")).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("« Sans voiture, je dépends de ma voisine. »").is_visible()
    visite.capturer("saisie-fiche")
    violations_fiche = axe_analyser(page)
    sans_defilement_horizontal(visite)
    page.get_by_role("link", name="Modifier l’observation").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("button", name="Retirer Cahors").is_visible()
    assert page.get_by_label("Les mots de la personne").is_visible()
    visite.capturer("saisie-modification")
    violations_modification = axe_analyser(page)
    sans_defilement_horizontal(visite)

    assert not erreurs_inattendues(visite), "\n".join(visite.erreurs)
    for nom, violations in (
        ("accueil terrain", violations_accueil),
        ("formulaire", violations_formulaire),
        ("formulaire rempli", violations_rempli),
        ("accueil avec une observation", violations_liste),
        ("fiche", violations_fiche),
        ("modification", violations_modification),
    ):
        assert not violations, f"{nom} :\n" + violations_formater(violations)


def test_une_saisie_refusee_garde_le_texte_et_reste_accessible(onglet, donnees_publiques):
    visite, _ = se_connecter(onglet, suivant="/terrain/observations/nouvelle/")
    page = visite.page
    trop_long = "Guichet fermé à midi. " * 99 + "Fin."

    page.get_by_label("Ce que vous avez observé").fill(trop_long)
    page.get_by_role("button", name="Enregistrer l’observation").click()
    page.wait_for_load_state("networkidle")
    page.locator(".fr-error-text").first.wait_for()
    visite.capturer("saisie-formulaire-erreur")
    violations = axe_analyser(page)

    assert page.title().startswith("Erreur")
    assert "trop long" in page.locator("#id_texte_error").inner_text()
    assert page.get_by_label("Ce que vous avez observé").input_value() == trop_long
    assert Observation.objects.count() == 0
    sans_defilement_horizontal(visite)
    assert not erreurs_inattendues(visite), "\n".join(visite.erreurs)
    assert not violations, violations_formater(violations)


def test_le_brouillon_revient_apres_un_rechargement(onglet, donnees_publiques):
    visite, _ = se_connecter(onglet, suivant="/terrain/observations/nouvelle/")
    page = visite.page
    page.get_by_label("Ce que vous avez observé").fill("Début d'une observation")
    uuid_client = page.locator("#id_uuid_client").input_value()

    page.reload(wait_until="networkidle")

    assert page.get_by_text("Brouillon restauré").is_visible()
    assert page.get_by_label("Ce que vous avez observé").input_value() == "Début d'une observation"
    assert page.locator("#id_uuid_client").input_value() == uuid_client
    visite.capturer("saisie-brouillon-restaure")
    violations = axe_analyser(page)

    page.get_by_role("button", name="Effacer le brouillon").click()
    assert page.get_by_label("Ce que vous avez observé").input_value() == ""
    assert page.locator("#id_uuid_client").input_value() != uuid_client
    assert not erreurs_inattendues(visite), "\n".join(visite.erreurs)
    assert not violations, violations_formater(violations)


def test_hors_connexion_l_observation_attend_puis_part_une_seule_fois(onglet, donnees_publiques):
    visite, utilisateur = se_connecter(onglet, suivant="/terrain/observations/nouvelle/")
    page = visite.page
    page.get_by_label("Ce que vous avez observé").fill("Personne à l'accueil de la mairie le mardi après-midi.")
    page.get_by_label("Communes concernées").press_sequentially("prad", delay=50)
    page.locator(".cb-suggestion", has_text="Pradines").click()

    page.context.set_offline(True)
    page.get_by_role("button", name="Enregistrer l’observation").click()

    avis = page.get_by_text(HORS_LIGNE)
    avis.wait_for()
    visite.capturer("saisie-hors-connexion")
    en_attente = boite_d_envoi(visite, utilisateur)
    assert len(en_attente) == 1
    assert "mardi+apr%C3%A8s-midi" in en_attente[0]["corps"]
    assert "communes=46224" in en_attente[0]["corps"]
    assert Observation.objects.count() == 0
    # Le formulaire est prêt pour l'observation suivante, avec un nouvel identifiant d'envoi.
    assert page.get_by_label("Ce que vous avez observé").input_value() == ""
    assert page.locator("#id_uuid_client").input_value() != en_attente[0]["uuid"]
    violations = axe_analyser(page)

    page.context.set_offline(False)
    page.get_by_text("Votre observation gardée sur ce téléphone a été envoyée").wait_for()
    visite.capturer("saisie-retour-du-reseau")

    assert boite_d_envoi(visite, utilisateur) == []
    observation = Observation.objects.get()
    assert str(observation.uuid_client) == en_attente[0]["uuid"]
    assert [c.nom for c in observation.communes.all()] == ["Pradines"]

    # Un nouveau chargement ne renvoie rien : toujours une seule observation.
    page.reload(wait_until="networkidle")
    assert Observation.objects.count() == 1
    assert not erreurs_inattendues(visite), "\n".join(visite.erreurs)
    assert not violations, violations_formater(violations)


def test_coupure_pendant_l_envoi_puis_renvoi_au_chargement(onglet, donnees_publiques):
    """Le téléphone se croit en ligne mais la requête échoue : rien n'est perdu, le renvoi se fait au chargement."""
    visite, utilisateur = se_connecter(onglet, suivant="/terrain/observations/nouvelle/")
    page = visite.page
    page.get_by_label("Ce que vous avez observé").fill("Le réseau tombe pile au moment d'envoyer.")

    def couper(route):
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.fallback()

    page.route("**/terrain/observations/nouvelle/", couper)
    page.get_by_role("button", name="Enregistrer l’observation").click()
    page.get_by_text(HORS_LIGNE).wait_for()
    assert len(boite_d_envoi(visite, utilisateur)) == 1
    assert Observation.objects.count() == 0

    page.unroute("**/terrain/observations/nouvelle/")
    page.reload(wait_until="networkidle")
    page.get_by_text("Votre observation gardée sur ce téléphone a été envoyée").wait_for()

    assert boite_d_envoi(visite, utilisateur) == []
    assert Observation.objects.get().texte == "Le réseau tombe pile au moment d'envoyer."
    assert not erreurs_inattendues(visite), "\n".join(visite.erreurs)
