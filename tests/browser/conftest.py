"""Tests dans un vrai navigateur : Chromium (paquet Debian) piloté par Playwright.

- Un navigateur par session, un contexte neuf par test (ni cookies ni cache partagés).
- Le serveur est le `live_server` de pytest-django ; toute requête vers un autre hôte est
  bloquée et comptée comme une erreur : les pages doivent fonctionner hors ligne (pas de CDN).
- Chaque page visitée est capturée dans `artefacts/screenshots/<nom>-<largeur>.png`.
"""

import datetime
import importlib
import os
import shutil
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.axe import violations_formater

# L'API synchrone de Playwright fait tourner une boucle asyncio dans le fil des tests : sans cette
# variable, Django refuserait les accès à la base (création des données) depuis ce fil.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
DOSSIER_CAPTURES = settings.BASE_DIR / "artefacts" / "screenshots"
HAUTEUR_FENETRE = 800


@pytest.fixture(scope="session")
def navigateur():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Onglet:
    """Une page du navigateur, avec les erreurs relevées pendant la visite."""

    page: object
    base_url: str
    largeur: int
    erreurs: list[str] = field(default_factory=list)

    def aller(self, chemin: str):
        return self.page.goto(self.base_url + chemin, wait_until="networkidle")

    def capturer(self, nom: str):
        DOSSIER_CAPTURES.mkdir(parents=True, exist_ok=True)
        chemin = DOSSIER_CAPTURES / f"{nom}-{self.largeur}.png"
        self.page.screenshot(path=str(chemin), full_page=True)
        return chemin

    def connecter(self, utilisateur):
        """Ouvre une session pour `utilisateur` sans passer par le formulaire de connexion."""
        client = Client()
        client.force_login(utilisateur)
        cookie = client.cookies["sessionid"]
        self.page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": self.base_url}])

    def problemes(self, reponse, violations, statut: int = 200) -> list[str]:
        """Ce qui ne va pas : un autre statut HTTP, des erreurs du navigateur, des violations axe-core."""
        problemes = []
        if reponse is not None and reponse.status != statut:
            problemes.append(f"HTTP {reponse.status} au lieu de {statut}")
        if self.erreurs:
            problemes.append("Erreurs dans le navigateur :\n" + "\n".join(f"- {erreur}" for erreur in self.erreurs))
        if violations:
            problemes.append(
                f"{len(violations)} violation(s) axe-core WCAG 2.1 A/AA :\n" + violations_formater(violations)
            )
        return problemes

    def largeur_du_contenu(self) -> int:
        return self.page.evaluate("document.documentElement.scrollWidth")

    def debordements(self) -> list[str]:
        """Les éléments (dix au plus) qui dépassent à droite de la fenêtre."""
        return self.page.evaluate(
            """(largeur) => [...document.querySelectorAll("body *")]
                .filter((el) => el.getBoundingClientRect().right > largeur + 1)
                .slice(0, 10)
                .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                    + (typeof el.className === "string" && el.className.trim()
                        ? "." + el.className.trim().split(/\\s+/).join(".") : "")
                    + " (" + Math.round(el.getBoundingClientRect().right) + " px)")""",
            self.largeur,
        )


@pytest.fixture
def onglet(navigateur, live_server):
    """Fabrique d'onglets : `onglet(360)` ouvre une page de 360 px de large dans un contexte neuf."""
    contextes = []

    def ouvrir(largeur: int = 1280) -> Onglet:
        contexte = navigateur.new_context(
            viewport={"width": largeur, "height": HAUTEUR_FENETRE}, locale="fr-FR", timezone_id="Europe/Paris"
        )
        contextes.append(contexte)
        # Échouer vite quand une page casse, plutôt qu'attendre les 30 s par défaut à chaque action.
        contexte.set_default_timeout(10_000)
        page = contexte.new_page()
        visite = Onglet(page=page, base_url=live_server.url, largeur=largeur)

        def router(route):
            url = route.request.url
            if url.startswith(live_server.url):
                route.continue_()
            else:
                visite.erreurs.append(f"requête externe bloquée : {url}")
                route.abort()

        contexte.route("**/*", router)
        page.on(
            "console",
            lambda message: (
                visite.erreurs.append(f"console : {message.text} ({message.location.get('url', '')})")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda erreur: visite.erreurs.append(f"exception JavaScript : {erreur}"))
        return visite

    yield ouvrir
    for contexte in contextes:
        contexte.close()


CODE_CAHORS = "46042"


@pytest.fixture
def donnees_publiques(db):
    """Un petit territoire réaliste (Cahors, 2018) pour que les pages publiques aient du contenu.

    Les pages ajoutées par les issues suivantes complètent ces données ici.
    """
    from experimentations.enums import TypePhase
    from experimentations.models import Experimentation
    from territoire.enums import TypeLieuAccueil
    from territoire.selectors import slug_territoire_principal
    from tests.experimentations.factories import PhaseFactory
    from tests.territoire.factories import (
        AppartenanceTerritoireFactory,
        CommuneFactory,
        LieuAccueilFactory,
        TerritoireFactory,
    )

    territoire = TerritoireFactory(nom="Bassin de vie de Cahors", slug=slug_territoire_principal())
    cahors = CommuneFactory(
        code_insee=CODE_CAHORS,
        nom="Cahors",
        population=19_405,
        mairie_adresse="73 boulevard Gambetta\n46000 Cahors",
        mairie_telephone="05 65 20 87 87",
        mairie_site="https://www.mairie-cahors.fr",
        mairie_latitude=44.4487,
        mairie_longitude=1.4412,
    )
    AppartenanceTerritoireFactory(territoire=territoire, commune=cahors)
    AppartenanceTerritoireFactory(
        territoire=territoire,
        commune=CommuneFactory(code_insee="46156", nom="Bellefont-La Rauze", population=2_290),
        fusionnee=True,
        commune_historique__code_insee="46156",
        commune_historique__nom="Laroque-des-Arcs",
    )
    AppartenanceTerritoireFactory(
        territoire=territoire, commune=CommuneFactory(code_insee="46224", nom="Pradines", population=3_569)
    )
    LieuAccueilFactory(commune=cahors, nom="France Services du Grand Cahors")
    LieuAccueilFactory(commune=cahors, type=TypeLieuAccueil.CAF, nom="CAF du Lot, accueil de Cahors")
    # Pas d'ExperimentationFactory : son crochet post_generation émet une DeprecationWarning de
    # factory_boy (erreur dans nos tests) tant que sa Meta n'a pas skip_postgeneration_save = True.
    experimentation = Experimentation.objects.create(
        nom="Carte Blanche à Cahors",
        slug="cahors-2018",
        territoire=territoire,
        question="Comment rendre le service public plus proche des habitants du Grand Cahors ?",
        date_lancement=datetime.date(2017, 12, 15),
        date_echeance_promesses=datetime.date(2018, 12, 31),
        est_demo=True,
    )
    for type_, debut, fin in (
        (TypePhase.DIAGNOSTIC, datetime.date(2018, 1, 2), datetime.date(2018, 1, 31)),
        (TypePhase.SEMINAIRE, datetime.date(2018, 2, 7), datetime.date(2018, 2, 7)),
        (TypePhase.CO_CONSTRUCTION, datetime.date(2018, 2, 12), datetime.date(2018, 4, 13)),
        (TypePhase.SUIVI, datetime.date(2018, 4, 16), datetime.date(2018, 12, 31)),
    ):
        PhaseFactory(experimentation=experimentation, type=type_, date_debut=debut, date_fin=fin)
    return territoire


@pytest.fixture(autouse=True)
def _referentiels_des_migrations(transactional_db):
    """Remet les publics et les thèmes posés par les migrations de données.

    Chaque test du navigateur (transactionnel, pour le serveur live) vide la base en partant. La
    restauration sérialisée de Django ne les remettait pas dans la suite complète (constaté sur
    PostgreSQL quand un test non transactionnel avait créé la base) : on rejoue les fonctions des
    migrations, une seule source.
    """
    from django.apps import apps

    importlib.import_module("terrain.migrations.0002_publics_initiaux").creer_publics(apps, None)
    importlib.import_module("irritants.migrations.0003_themes_initiaux").creer_themes(apps, None)
