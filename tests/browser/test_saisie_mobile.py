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
from playwright.sync_api import expect

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


def capturer_ecran(visite, nom):
    """Ce que l'agent voit à l'écran (pas la page entière) : la capture montre où tombe le message."""
    visite.page.screenshot(path=str(visite.capturer(nom).with_name(f"{nom}-ecran-{visite.largeur}.png")))


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
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    for chemin in ("/terrain/", URL_NOUVELLE, "/terrain/hors-ligne/", "/static/js/observation-brouillon.js"):
        attendre(page, lambda chemin=chemin: page.evaluate(GARDEE, chemin), f"{chemin} n'est pas gardé hors ligne")


def dans_la_fenetre(locator, page) -> bool:
    """L'élément est entièrement visible dans la partie affichée de la page (pas 1 450 px plus haut)."""
    boite = locator.bounding_box()
    fenetre = page.viewport_size
    # À un pixel près : les positions sont fractionnaires (un titre défilé en haut peut être à -0,5 px).
    return boite is not None and boite["y"] >= -1 and boite["y"] + boite["height"] <= fenetre["height"] + 1


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
    # Et le formulaire vidé, prêt pour la suivante, est à la vue lui aussi (le focus est sur son titre).
    titre = page.get_by_role("heading", name="Noter une observation")
    assert dans_la_fenetre(titre, page)
    assert titre.evaluate("(el) => el === document.activeElement")
    assert "Personne à l'accueil de la mairie" in zone_d_etat(page).inner_text()
    capturer_ecran(hors_ligne, "hors-ligne-gardee")
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
    assert attente.get_by_role("button", name="Envoyer maintenant").is_hidden()  # pas sans réseau
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
    capturer_ecran(retour, "hors-ligne-retour-du-reseau")
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


@pytest.mark.parametrize(
    ("largeur", "ouverte"), [(LARGEUR, "fiche"), (LARGEUR_BUREAU, "accueil")], ids=["mobile", "bureau"]
)
def test_au_retour_du_reseau_la_page_ouverte_montre_l_envoi(onglet, donnees_publiques, largeur, ouverte):
    """L'agent reste sur une page de son espace (sa fiche à 360 px, « Mes observations » à 1 280 px) quand le réseau
    revient : l'observation part sans rouvrir le formulaire, et la page le dit là où il regarde."""
    from tests.terrain.factories import ObservationFactory

    visite, utilisateur = se_connecter(onglet, largeur=largeur)
    page = visite.page
    ancienne = ObservationFactory(auteur=utilisateur, texte="Le guichet de la CAF ferme à midi.")
    envois = compter_les_envois(visite)
    attendre_service_worker(page)
    page_ouverte = ancienne.get_absolute_url() if ouverte == "fiche" else "/terrain/"
    visite.aller(page_ouverte)  # en ligne : la page est gardée

    page.context.set_offline(True)
    visite.aller(URL_NOUVELLE)
    remplir(page, "La borne de la maison France Services est en panne depuis lundi.")
    page.get_by_role("button", name="Enregistrer l’observation").click()
    zone_d_etat(page).get_by_text("Observation gardée sur ce téléphone.").wait_for()
    # Une page de l'espace jamais ouverte ici : une page qui le dit, pas l'erreur du navigateur.
    visite.aller("/terrain/observations/999999/")
    assert page.get_by_role("heading", name="Cette page n’est pas sur ce téléphone").is_visible()
    visite.capturer("hors-ligne-page-absente")
    violations_absente = axe_analyser(page)
    visite.aller(page_ouverte)
    assert file_attente(page)[0]["etat"] == "attente"

    page.context.set_offline(False)
    envoyee = zone_d_etat(page).get_by_text("Observation envoyée.")
    envoyee.wait_for()
    assert dans_la_fenetre(envoyee, page)
    assert "La borne de la maison France Services" in zone_d_etat(page).inner_text()
    if ouverte == "accueil":
        # La liste du serveur se met à jour, la section « pas encore envoyées » disparaît.
        page.get_by_role("link", name=re.compile("La borne de la maison France Services")).wait_for()
        assert page.locator("#file-attente").is_hidden()
    capturer_ecran(visite, f"hors-ligne-envoi-sur-la-{ouverte}")
    violations = axe_analyser(page)

    assert Observation.objects.filter(texte__startswith="La borne").count() == 1
    assert envois == [201]
    assert file_attente(page) == []
    assert not erreurs_inattendues(visite), "\n".join(visite.erreurs)
    assert not violations_absente, violations_formater(violations_absente)
    assert not violations, violations_formater(violations)


@pytest.mark.parametrize("largeur", [LARGEUR, LARGEUR_BUREAU], ids=["mobile", "bureau"])
def test_une_saisie_invalide_part_une_fois_et_montre_toutes_ses_erreurs(onglet, donnees_publiques, largeur):
    """Commune inconnue et date de 1990 : un seul envoi (pas de second POST après le 422), les deux erreurs
    ensemble, sous leurs champs et dans un résumé qui prend le focus, à l'écran."""
    visite, _ = se_connecter(onglet, suivant=URL_NOUVELLE, largeur=largeur)
    page = visite.page
    envois = compter_les_envois(visite)
    remplir(page, "Les horaires de la mairie ne conviennent pas aux actifs.", date="1990-06-12")
    page.get_by_label("Communes concernées").fill("Atlantis")
    page.get_by_role("button", name="Enregistrer l’observation").click()

    resume = page.locator("#erreurs-formulaire")
    resume.wait_for()
    attendre(page, lambda: envois, "le formulaire n'a pas été envoyé")
    page.wait_for_timeout(1000)  # un second envoi (l'ancien défaut) aurait le temps de partir
    assert envois == [422]
    assert resume.evaluate("(el) => el === document.activeElement")
    assert dans_la_fenetre(resume.get_by_role("heading"), page)
    assert page.title().startswith("Erreur : ")
    assert "Corrigez les 2 champs signalés" in resume.inner_text()
    assert "Commune inconnue : « Atlantis »" in page.locator("#id_communes_error").inner_text()
    assert "Le 12 juin 1990 est en dehors de l'expérimentation" in page.locator("#id_date_error").inner_text()
    assert page.get_by_label("Date de l'observation").get_attribute("aria-invalid") == "true"
    # Rien n'est perdu.
    assert page.get_by_label("Ce que vous avez observé").input_value().startswith("Les horaires de la mairie")
    capturer_ecran(visite, "saisie-erreurs-toutes")
    visite.capturer("saisie-erreurs-toutes")
    violations = axe_analyser(page)

    # Le lien du résumé mène au champ.
    resume.get_by_role("link", name=re.compile("Date de l'observation")).click()
    assert page.get_by_label("Date de l'observation").evaluate("(el) => el === document.activeElement")
    page.get_by_label("Date de l'observation").fill(DATE)
    page.get_by_label("Communes concernées").fill("")
    page.get_by_role("button", name="Enregistrer l’observation").click()
    page.wait_for_url("**/terrain/")
    attendre(page, lambda: len(envois) == 2, "la saisie corrigée n'a pas été envoyée")
    assert envois == [422, 201]
    assert Observation.objects.count() == 1
    assert not erreurs_inattendues(visite), "\n".join(visite.erreurs)
    assert not violations, violations_formater(violations)


def test_un_compteur_suit_chaque_champ_a_longueur_bornee(onglet, donnees_publiques):
    visite, _ = se_connecter(onglet, suivant=URL_NOUVELLE)
    page = visite.page
    texte = page.get_by_label("Ce que vous avez observé")
    compteur = page.locator("#id_texte ~ .cb-compteur")
    assert compteur.inner_text() == "Il vous reste 2\u202f000 caractères sur 2\u202f000"

    texte.press_sequentially("Guichet fermé.", delay=10)
    assert compteur.inner_text() == "Il vous reste 1\u202f986 caractères sur 2\u202f000"
    texte.fill("x" * 2010)
    texte.press("End")
    texte.press_sequentially("y")
    assert compteur.inner_text() == "11 caractères en trop (2\u202f000 au plus)"
    assert "cb-compteur--depasse" in compteur.get_attribute("class")
    # Annoncé aux lecteurs d'écran après une pause, pas à chaque frappe.
    annonce = page.locator("#id_texte ~ .fr-sr-only[aria-live=polite]")
    page.wait_for_function("(el) => el.textContent.includes('en trop')", arg=annonce.element_handle())
    page.locator("#bloc-verbatim summary").click()
    assert page.locator("#id_verbatim_texte ~ .cb-compteur").inner_text().endswith("sur 1\u202f000")
    page.get_by_label("Situation de la personne").fill("retraitée")
    assert page.locator("#id_verbatim_situation ~ .cb-compteur").inner_text() == "Il vous reste 111 caractères sur 120"
    visite.capturer("saisie-compteurs")
    violations = axe_analyser(page)

    # Hors connexion, un texte trop long n'est pas mis en attente : l'erreur s'affiche tout de suite.
    page.context.set_offline(True)
    page.get_by_label("Date de l'observation").fill(DATE)
    page.get_by_role("button", name="Enregistrer l’observation").click()
    page.locator("#erreurs-formulaire").get_by_text("L’observation n’est pas gardée").wait_for()
    assert "est trop long : 2\u202f011 caractères" in page.locator("#id_texte_error").inner_text()
    assert file_attente(page) == []
    page.context.set_offline(False)
    assert not erreurs_inattendues(visite), "\n".join(visite.erreurs)
    assert not violations, violations_formater(violations)


def test_refusee_au_retour_du_reseau_elle_attend_d_etre_corrigee(onglet, donnees_publiques):
    """Une observation gardée hors ligne que le serveur refuse (commune inconnue) reste sur le téléphone, avec son
    état et ses erreurs dans « Mes observations » ; « Corriger et renvoyer » la ramène dans le formulaire."""
    visite, _ = se_connecter(onglet)
    page = visite.page
    attendre_service_worker(page)
    page.context.set_offline(True)
    visite.aller(URL_NOUVELLE)
    remplir(page, "Le car scolaire ne s'arrête plus au hameau.")
    page.get_by_label("Communes concernées").fill("Atlantis")
    page.get_by_role("button", name="Enregistrer l’observation").click()
    zone_d_etat(page).get_by_text("Observation gardée sur ce téléphone.").wait_for()
    visite.aller("/terrain/")

    page.context.set_offline(False)
    refus = zone_d_etat(page).get_by_text("Observation à corriger.")
    refus.wait_for()
    assert dans_la_fenetre(refus, page)
    attente = page.locator("#file-attente")
    attente.get_by_text("À corriger").wait_for()
    assert "Commune inconnue : « Atlantis »" in attente.inner_text()
    capturer_ecran(visite, "hors-ligne-refusee")
    violations_liste = axe_analyser(page)
    assert Observation.objects.count() == 0

    attente.get_by_role("link", name="Corriger et renvoyer").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_label("Ce que vous avez observé")).to_have_value("Le car scolaire ne s'arrête plus au hameau.")
    assert "Commune inconnue : « Atlantis »" in page.locator("#id_communes_error").inner_text()
    assert page.locator("#erreurs-formulaire").evaluate("(el) => el === document.activeElement")
    visite.capturer("hors-ligne-refusee-a-corriger")
    violations_formulaire = axe_analyser(page)
    assert file_attente(page) == []  # elle est dans le formulaire (et son brouillon), plus dans la file

    page.get_by_label("Communes concernées").fill("Cahors")
    page.get_by_role("button", name="Enregistrer l’observation").click()
    page.wait_for_url("**/terrain/")
    observation = Observation.objects.get()
    assert [c.nom for c in observation.communes.all()] == ["Cahors"]
    assert not erreurs_inattendues(visite), "\n".join(visite.erreurs)
    assert not violations_liste, violations_formater(violations_liste)
    assert not violations_formulaire, violations_formater(violations_formulaire)


def test_sans_reseau_une_modification_attend_aussi_puis_part(onglet, donnees_publiques):
    """La modification d'une observation déjà enregistrée, faite sans réseau : gardée, puis envoyée."""
    from tests.terrain.factories import ObservationFactory

    visite, utilisateur = se_connecter(onglet)
    page = visite.page
    observation = ObservationFactory(auteur=utilisateur, texte="Le guichet ferme à midi.")
    attendre_service_worker(page)
    url_modification = f"/terrain/observations/{observation.pk}/modifier/"
    visite.aller(url_modification)  # ouverte une fois en ligne : gardée

    page.context.set_offline(True)
    visite.aller(url_modification)
    page.get_by_label("Ce que vous avez observé").fill("Le guichet ferme à midi, même le samedi.")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    avis = zone_d_etat(page).get_by_text("Modification gardée sur ce téléphone.")
    avis.wait_for()
    assert dans_la_fenetre(avis, page)
    # La saisie reste à l'écran (pas de formulaire vidé pour une modification).
    assert page.get_by_label("Ce que vous avez observé").input_value() == "Le guichet ferme à midi, même le samedi."
    capturer_ecran(visite, "hors-ligne-modification-gardee")
    violations = axe_analyser(page)
    assert [e["resume"] for e in file_attente(page)] == ["Modification : Le guichet ferme à midi, même le samedi."]

    page.context.set_offline(False)
    zone_d_etat(page).get_by_text("Observation envoyée.").wait_for()
    observation.refresh_from_db()
    assert observation.texte == "Le guichet ferme à midi, même le samedi."
    assert Observation.objects.count() == 1
    assert file_attente(page) == []
    assert not erreurs_inattendues(visite), "\n".join(visite.erreurs)
    assert not violations, violations_formater(violations)


def se_deconnecter(page):
    """Le bouton « Se déconnecter » de l'en-tête ; sur un téléphone, il est dans le menu."""
    menu = page.locator(".fr-header__navbar button[aria-controls]").first
    if menu.is_visible():
        menu.click()
        page.locator(".fr-header__menu").get_by_role("button", name=re.compile("Se déconnecter")).click()
    else:
        page.locator(".fr-header__tools").get_by_role("button", name=re.compile("Se déconnecter")).click()


def etat_de_l_appareil(page) -> dict:
    return {
        "base": base_locale(page),
        "caches": page.evaluate(CACHES),
        "service_workers": page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)"),
    }


def test_la_deconnexion_efface_la_file_et_les_pages_gardees(onglet, donnees_publiques):
    """Issue 7 : rien de ce que l'agent a tapé ne reste dans le navigateur après la déconnexion. Une observation
    que le serveur a refusée n'est pas effacée sans le dire."""
    visite, _ = se_connecter(onglet)
    page = visite.page
    attendre_service_worker(page)
    page.context.set_offline(True)
    visite.aller(URL_NOUVELLE)
    remplir(page, "Texte confidentiel : madame R., 84 ans, sans voiture.")
    page.get_by_label("Communes concernées").fill("Atlantis")
    page.get_by_role("button", name="Enregistrer l’observation").click()
    zone_d_etat(page).get_by_text("Observation gardée sur ce téléphone.").wait_for()
    page.get_by_label("Ce que vous avez observé").fill("Un brouillon commencé.")
    page.wait_for_timeout(500)
    page.context.set_offline(False)
    visite.aller("/terrain/")
    page.locator("#file-attente").get_by_text("À corriger").wait_for()
    avant = etat_de_l_appareil(page)
    assert [cle for cle in avant["base"] if cle.startswith("envoi:")]
    assert [cle for cle in avant["base"] if cle.startswith("brouillon:")]
    assert avant["caches"] and avant["service_workers"] == 1

    # Annuler garde tout (et la session).
    dialogues = []
    page.once("dialog", lambda dialogue: (dialogues.append(dialogue.message), dialogue.dismiss()))
    se_deconnecter(page)
    page.wait_for_timeout(1000)
    assert "1 observation" in dialogues[0] or "Une observation" in dialogues[0]
    assert "seront effacées de ce téléphone" in dialogues[0]
    assert page.url.endswith("/terrain/")
    assert len(file_attente(page)) == 1

    page.once("dialog", lambda dialogue: dialogue.accept())
    page.keyboard.press("Escape")  # referme le menu s'il est resté ouvert
    se_deconnecter(page)
    page.wait_for_url(visite.base_url + "/")
    page.wait_for_load_state("networkidle")
    apres = etat_de_l_appareil(page)
    assert apres == {"base": {}, "caches": [], "service_workers": 0}, apres
    assert page.locator("form[action$='/logout/']").count() == 0  # bien déconnecté
    assert not erreurs_inattendues(visite), "\n".join(visite.erreurs)


def test_la_deconnexion_depuis_une_page_publique_efface_aussi(onglet, donnees_publiques):
    """Le service worker voit la déconnexion depuis n'importe quelle page du site, pas seulement l'espace terrain."""
    visite, _ = se_connecter(onglet, largeur=LARGEUR_BUREAU)
    page = visite.page
    attendre_service_worker(page)
    visite.aller(URL_NOUVELLE)
    page.get_by_label("Ce que vous avez observé").fill("Brouillon : monsieur T. attend son RSA depuis trois mois.")
    page.wait_for_timeout(500)
    visite.aller("/")
    assert [cle for cle in base_locale(page) if cle.startswith("brouillon:")]

    se_deconnecter(page)
    page.wait_for_url(visite.base_url + "/")
    page.wait_for_load_state("networkidle")
    apres = etat_de_l_appareil(page)
    assert apres == {"base": {}, "caches": [], "service_workers": 0}, apres
    assert not erreurs_inattendues(visite), "\n".join(visite.erreurs)


def test_une_saisie_refusee_garde_le_texte_et_reste_accessible(onglet, donnees_publiques):
    visite, _ = se_connecter(onglet, suivant=URL_NOUVELLE)
    page = visite.page
    trop_long = "Guichet fermé à midi. " * 99 + "Fin."

    remplir(page, trop_long)
    page.get_by_role("button", name="Enregistrer l’observation").click()
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
    visite, _ = se_connecter(onglet, suivant=URL_NOUVELLE)
    page = visite.page
    page.get_by_label("Ce que vous avez observé").fill("Début d'une observation")
    uuid_client = page.locator("#id_uuid_client").input_value()
    page.wait_for_timeout(500)

    page.reload(wait_until="networkidle")

    page.get_by_text("Brouillon restauré").wait_for()
    assert page.get_by_label("Ce que vous avez observé").input_value() == "Début d'une observation"
    assert page.locator("#id_uuid_client").input_value() == uuid_client
    visite.capturer("saisie-brouillon-restaure")
    violations = axe_analyser(page)

    page.get_by_role("button", name="Effacer le brouillon").click()
    assert page.get_by_label("Ce que vous avez observé").input_value() == ""
    assert page.locator("#id_uuid_client").input_value() != uuid_client
    assert not erreurs_inattendues(visite), "\n".join(visite.erreurs)
    assert not violations, violations_formater(violations)


def test_coupure_pendant_l_envoi_puis_renvoi_au_chargement(onglet, donnees_publiques):
    """Le téléphone se croit en ligne mais la requête échoue : rien n'est perdu, le renvoi se fait au chargement."""
    visite, _ = se_connecter(onglet, suivant=URL_NOUVELLE)
    page = visite.page
    remplir(page, "Le réseau tombe pile au moment d'envoyer.")

    coupes = []

    def couper(route):
        if route.request.method == "POST":
            coupes.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.fallback()

    # Coupé pour la page et pour le service worker : le réseau manque vraiment, le navigateur l'ignore.
    page.context.route("**/terrain/observations/nouvelle/", couper)
    page.get_by_role("button", name="Enregistrer l’observation").click()
    avis = zone_d_etat(page).get_by_text("Réseau trop faible")
    avis.wait_for()
    assert dans_la_fenetre(avis, page)
    assert len(file_attente(page)) == 1
    # La synchronisation en arrière-plan essaie aussitôt (le navigateur se croit en ligne) et échoue aussi.
    attendre(page, lambda: len(coupes) >= 2, "le service worker n'a pas essayé d'envoyer la file")
    page.wait_for_timeout(1500)
    assert len(coupes) == 2, "le service worker réessaie en boucle"  # le navigateur réessaiera plus tard
    assert len(file_attente(page)) == 1
    assert Observation.objects.count() == 0

    page.context.unroute("**/terrain/observations/nouvelle/")
    page.reload(wait_until="networkidle")
    zone_d_etat(page).get_by_text("Observation envoyée.").wait_for()

    assert file_attente(page) == []
    assert Observation.objects.get().texte == "Le réseau tombe pile au moment d'envoyer."
    assert not erreurs_inattendues(visite), "\n".join(visite.erreurs)
