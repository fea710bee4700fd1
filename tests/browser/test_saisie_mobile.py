"""La saisie d'une observation sur un téléphone (360 px) et un ordinateur (1280 px), dans un vrai Chromium.

Connexion d'un agent, deux touchers jusqu'au formulaire, commune choisie par l'autocomplétion,
verbatim, envoi ; audit axe-core (WCAG 2.1 A/AA) de chaque page touchée. Puis l'agent sans réseau :
le service worker ouvre l'accueil et le formulaire sans réseau, l'observation attend sur le téléphone
(IndexedDB), se voit dans « Mes observations » avec son état, et part une seule fois au retour du
réseau, onglet fermé ou sur n'importe quelle page. Enfin la déconnexion, qui efface tout de l'appareil.
"""

import re
import time

import pytest

from terrain.enums import StatutPublication, TypeObservation
from terrain.models import Observation
from tests.browser.axe import axe_analyser, violations_formater
from tests.browser.conftest import Onglet
from tests.comptes.factories import agent

pytestmark = pytest.mark.browser

LARGEUR = 360
LARGEUR_BUREAU = 1280
CIBLE_TACTILE_MIN = 44
URL_NOUVELLE = "/terrain/observations/nouvelle/"
DATE = "2018-03-13"
# Erreurs que Chromium écrit dans la console quand un envoi échoue exprès (réseau coupé, refus 422).
ERREURS_ATTENDUES = re.compile(r"ERR_INTERNET_DISCONNECTED|ERR_FAILED|status of 422")

# Lecture directe d'IndexedDB (sans ouvrir, donc sans créer, une base absente).
LIRE_BASE = """async () => {
    const bases = await indexedDB.databases();
    if (!bases.some((b) => b.name === "cb-terrain")) return null;
    return await new Promise((ok, ko) => {
        const ouverture = indexedDB.open("cb-terrain");
        ouverture.onerror = () => ko(ouverture.error);
        ouverture.onsuccess = () => {
            const base = ouverture.result;
            if (!base.objectStoreNames.contains("donnees")) { base.close(); ok({}); return; }
            const magasin = base.transaction("donnees").objectStore("donnees");
            const cles = magasin.getAllKeys();
            const valeurs = magasin.getAll();
            valeurs.onsuccess = () => {
                const tout = {};
                cles.result.forEach((cle, i) => { tout[cle] = valeurs.result[i]; });
                base.close();
                ok(tout);
            };
        };
    });
}"""
CACHES = "async () => (await caches.keys()).filter((nom) => nom.startsWith('cb-terrain-'))"
GARDEE = "async (chemin) => !!(await caches.match(chemin, {ignoreVary: true}))"


def erreurs_inattendues(visite) -> list[str]:
    return [erreur for erreur in visite.erreurs if not ERREURS_ATTENDUES.search(erreur)]


def se_connecter(onglet, suivant="/terrain/", largeur=LARGEUR):
    utilisateur = agent(username="camille", first_name="Camille")
    visite = onglet(largeur)
    visite.aller(f"/comptes/login/?next={suivant}")
    visite.page.get_by_label("Nom d’utilisateur").fill("camille")
    visite.page.get_by_label("Mot de passe", exact=True).fill("mot-de-passe-de-test")
    visite.page.get_by_role("button", name="Se connecter").last.click()
    visite.page.wait_for_load_state("networkidle")
    return visite, utilisateur


def nouvel_onglet(visite) -> Onglet:
    """Un autre onglet du même navigateur (mêmes cookies, même service worker), avec ses erreurs relevées."""
    page = visite.page.context.new_page()
    autre = Onglet(page=page, base_url=visite.base_url, largeur=visite.largeur)
    page.on("console", lambda m: autre.erreurs.append(f"console : {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda erreur: autre.erreurs.append(f"exception JavaScript : {erreur}"))
    return autre


def sans_defilement_horizontal(visite):
    largeur = visite.page.evaluate("document.documentElement.scrollWidth")
    assert largeur <= visite.largeur, f"{visite.page.url} défile horizontalement : {largeur} px"


def hauteur(locator) -> float:
    return locator.bounding_box()["height"]


def base_locale(page) -> dict:
    return page.evaluate(LIRE_BASE) or {}


def file_attente(page) -> list[dict]:
    return [valeur for cle, valeur in base_locale(page).items() if cle.startswith("envoi:")]


def attendre(page, condition, message, delai=15.0):
    """Attend une condition vue de Python (la base du serveur…). `page` attend à notre place : Playwright traite
    alors les requêtes du navigateur (toutes passent par la route de conftest), ce qu'un time.sleep bloquerait."""
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if resultat := condition():
            return resultat
        page.wait_for_timeout(200)
    raise AssertionError(message)


def attendre_service_worker(page):
    """Le service worker contrôle la page et a gardé l'accueil, le formulaire et leurs fichiers."""
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    for chemin in ("/terrain/", URL_NOUVELLE, "/terrain/hors-ligne/", "/static/js/observation-brouillon.js"):
        attendre(page, lambda chemin=chemin: page.evaluate(GARDEE, chemin), f"{chemin} n'est pas gardé hors ligne")


def dans_la_fenetre(locator, page) -> bool:
    """L'élément est entièrement visible dans la partie affichée de la page (pas 1 450 px plus haut)."""
    boite = locator.bounding_box()
    fenetre = page.viewport_size
    return boite is not None and boite["y"] >= 0 and boite["y"] + boite["height"] <= fenetre["height"]


def zone_d_etat(page):
    """La zone d'état : annoncée aux lecteurs d'écran (role=status, aria-live=polite)."""
    zone = page.locator("#terrain-etat")
    assert zone.get_attribute("role") == "status"
    assert zone.get_attribute("aria-live") == "polite"
    return zone


def compter_les_envois(visite) -> list:
    """Les POST vers le formulaire qui ont reçu une réponse du serveur (de la page ou du service worker)."""
    envois = []

    def compter(requete):
        if requete.method == "POST" and requete.url.endswith(URL_NOUVELLE):
            envois.append(requete.response().status)

    visite.page.context.on("requestfinished", compter)
    return envois


def remplir(page, texte, date=DATE):
    page.get_by_label("Date de l'observation").fill(date)
    page.get_by_label("Ce que vous avez observé").fill(texte)


def test_un_agent_note_une_observation_depuis_son_telephone(onglet, donnees_publiques):
    visite, utilisateur = se_connecter(onglet)
    page = visite.page

    # 1er toucher (après la connexion) : l'accueil terrain, le gros bouton d'abord.
    assert page.url.endswith("/terrain/")
    visite.capturer("saisie-accueil-vide")
    violations_accueil = axe_analyser(page)
    sans_defilement_horizontal(visite)
    bouton = page.get_by_role("link", name="Noter une observation").last
    assert hauteur(bouton) >= CIBLE_TACTILE_MIN

    # 2e toucher : le formulaire. La date vient d'abord, et n'est pas choisie en silence (Cahors : 2018).
    bouton.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(URL_NOUVELLE)
    visite.capturer("saisie-formulaire")
    violations_formulaire = axe_analyser(page)
    sans_defilement_horizontal(visite)
    champ_date = page.get_by_label("Date de l'observation")
    assert champ_date.input_value() == ""
    assert champ_date.bounding_box()["y"] < page.get_by_label("Ce que vous avez observé").bounding_box()["y"]
    assert page.get_by_text("Entre le 15 décembre 2017 et le 31 décembre 2018").is_visible()
    assert re.fullmatch(r"[0-9a-f-]{36}", page.locator("#id_uuid_client").input_value())

    remplir(page, "Le bus pour Cahors ne passe que deux fois par jour.")
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

    assert page.get_by_text("Votre observation du 13 mars 2018 est enregistrée.").is_visible()
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

    # Le brouillon du formulaire enregistré est effacé : rien ne revient à la prochaine saisie.
    assert not [cle for cle in base_locale(page) if cle.startswith("brouillon:") and cle.endswith(URL_NOUVELLE)]
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


@pytest.mark.parametrize("largeur", [LARGEUR, LARGEUR_BUREAU], ids=["mobile", "bureau"])
def test_sans_reseau_le_formulaire_s_ouvre_et_l_observation_part_une_fois_onglet_ferme(
    onglet, donnees_publiques, largeur
):
    """Le « c'est fini » de l'issue : une visite en ligne, puis plus de réseau ; le formulaire s'ouvre quand même,
    l'observation attend sur le téléphone, l'onglet se ferme ; le réseau revient : elle arrive, une seule fois."""
    visite, utilisateur = se_connecter(onglet, largeur=largeur)
    envois = compter_les_envois(visite)
    attendre_service_worker(visite.page)
    visite.page.context.set_offline(True)
    visite.page.close()

    # Sans réseau, l'accueil terrain et le formulaire s'ouvrent (pas la page d'erreur du navigateur).
    hors_ligne = nouvel_onglet(visite)
    page = hors_ligne.page
    hors_ligne.aller("/terrain/")
    assert page.get_by_role("heading", name="Observations de terrain").is_visible()
    assert page.get_by_text("Hors connexion.").is_visible()
    page.get_by_role("link", name="Noter une observation").last.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Noter une observation").is_visible()
    hors_ligne.capturer("hors-ligne-formulaire")
    violations_formulaire = axe_analyser(page)

    remplir(page, "Personne à l'accueil de la mairie le mardi après-midi.")
    page.get_by_label("Communes concernées").fill("Pradines")
    page.get_by_role("button", name="Enregistrer l’observation").click()

    # Le résultat se voit là où sont les yeux (pas 1 450 px plus haut) et s'annonce aux lecteurs d'écran.
    avis = zone_d_etat(page).get_by_text("Observation gardée sur ce téléphone.")
    avis.wait_for()
    assert dans_la_fenetre(avis, page)
    assert "Personne à l'accueil de la mairie" in zone_d_etat(page).inner_text()
    hors_ligne.capturer("hors-ligne-gardee")
    violations_gardee = axe_analyser(page)
    en_attente = file_attente(page)
    assert len(en_attente) == 1
    assert en_attente[0]["etat"] == "attente"
    assert "mardi+apr%C3%A8s-midi" in en_attente[0]["corps"]
    assert "communes=Pradines" in en_attente[0]["corps"]
    # Le formulaire est prêt pour l'observation suivante, avec un nouvel identifiant d'envoi ; la date reste.
    assert page.get_by_label("Ce que vous avez observé").input_value() == ""
    assert page.get_by_label("Date de l'observation").input_value() == DATE
    assert page.locator("#id_uuid_client").input_value() != en_attente[0]["uuid"]

    # « Mes observations » montre ce qui attend sur le téléphone, avec son état.
    page.get_by_role("link", name="Voir dans « Mes observations »").click()
    page.wait_for_load_state("networkidle")
    attente = page.locator("#file-attente")
    attente.get_by_text("En attente du réseau").wait_for()
    assert attente.get_by_role("heading", name="Sur ce téléphone, pas encore envoyées").is_visible()
    assert "Personne à l'accueil de la mairie" in attente.inner_text()
    assert "Observation du 13 mars 2018" in attente.inner_text()
    hors_ligne.capturer("hors-ligne-mes-observations")
    violations_liste = axe_analyser(page)
    assert Observation.objects.count() == 0
    assert envois == []
    erreurs = erreurs_inattendues(hors_ligne)
    page.close()

    # Le réseau revient, aucun onglet de l'application ouvert : la synchronisation en arrière-plan l'envoie.
    vide = visite.page.context.new_page()  # about:blank, pour que Playwright traite les requêtes pendant l'attente
    visite.page.context.set_offline(False)
    attendre(vide, lambda: Observation.objects.count(), "l'observation n'est pas arrivée au retour du réseau")

    retour = nouvel_onglet(visite)
    retour.aller("/")
    retour.aller("/terrain/")
    envoyee = zone_d_etat(retour.page).get_by_text("Observation envoyée.")
    envoyee.wait_for()
    assert dans_la_fenetre(envoyee, retour.page)
    assert retour.page.get_by_role("link", name=re.compile("Personne à l'accueil de la mairie")).is_visible()
    assert retour.page.locator("#file-attente").is_hidden()
    retour.capturer("hors-ligne-retour-du-reseau")
    violations_retour = axe_analyser(retour.page)

    observation = Observation.objects.get()
    assert str(observation.uuid_client) == en_attente[0]["uuid"]
    assert observation.auteur == utilisateur
    assert [c.nom for c in observation.communes.all()] == ["Pradines"]
    assert len(envois) == 1
    assert file_attente(retour.page) == []
    # Un nouveau chargement ne renvoie rien : toujours une seule observation.
    retour.page.reload(wait_until="networkidle")
    assert Observation.objects.count() == 1
    assert len(envois) == 1

    assert not erreurs + erreurs_inattendues(retour), "\n".join(erreurs + retour.erreurs)
    for nom, violations in (
        ("formulaire hors ligne", violations_formulaire),
        ("observation gardée", violations_gardee),
        ("mes observations en attente", violations_liste),
        ("retour du réseau", violations_retour),
    ):
        assert not violations, f"{nom} :\n" + violations_formater(violations)
