"""Tests dans un vrai navigateur : Chromium (paquet Debian) piloté par Playwright.

- Un navigateur par session, un contexte neuf par test (ni cookies ni cache partagés).
- Le serveur est le `live_server` de pytest-django ; toute requête vers un autre hôte est
  bloquée et comptée comme une erreur : les pages doivent fonctionner hors ligne (pas de CDN).
- Chaque page visitée est capturée dans `artefacts/screenshots/<nom>-<largeur>.png`.
"""

import os
import shutil
from dataclasses import dataclass, field

import pytest
from django.conf import settings

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


@pytest.fixture
def onglet(navigateur, live_server):
    """Fabrique d'onglets : `onglet(360)` ouvre une page de 360 px de large dans un contexte neuf."""
    contextes = []

    def ouvrir(largeur: int = 1280) -> Onglet:
        contexte = navigateur.new_context(
            viewport={"width": largeur, "height": HAUTEUR_FENETRE}, locale="fr-FR", timezone_id="Europe/Paris"
        )
        contextes.append(contexte)
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


@pytest.fixture
def donnees_publiques(db):
    """Un petit territoire réaliste (Cahors, 2018) pour que les pages publiques aient du contenu."""
    return _territoire_cahors()


CODE_CAHORS = "46042"


def _territoire_cahors():
    from experimentations.enums import TypePhase
    from experimentations.models import Experimentation, Phase
    from territoire.enums import Canal, SourceLieu, TypeCommune, TypeEpci, TypeLieuAccueil
    from territoire.models import AppartenanceTerritoire, Commune, Epci, LieuAccueil, Territoire

    horaires = {jour: [["08:30", "12:00"], ["13:30", "17:00"]] for jour in ("lundi", "mardi", "jeudi", "vendredi")}
    epci = Epci.objects.create(siren="200023737", nom="CA du Grand Cahors", type=TypeEpci.COMMUNAUTE_AGGLOMERATION)
    cahors = Commune.objects.create(
        code_insee=CODE_CAHORS,
        nom="Cahors",
        departement="46",
        population=19_405,
        codes_postaux=["46000"],
        epci=epci,
        centroide_latitude=44.4475,
        centroide_longitude=1.4419,
        mairie_adresse="73 boulevard Gambetta\n46000 Cahors",
        mairie_horaires=horaires,
        mairie_telephone="05 65 20 87 87",
        mairie_site="https://www.mairie-cahors.fr",
        mairie_latitude=44.4487,
        mairie_longitude=1.4412,
    )
    bellefont = Commune.objects.create(
        code_insee="46156", nom="Bellefont-La Rauze", departement="46", population=2_290, epci=epci
    )
    laroque = Commune.objects.create(
        code_insee="46156", type=TypeCommune.DELEGUEE, nom="Laroque-des-Arcs", departement="46", parent=bellefont
    )
    pradines = Commune.objects.create(code_insee="46224", nom="Pradines", departement="46", population=3_569, epci=epci)
    territoire = Territoire.objects.create(
        nom="Cahors et ses environs",
        slug="cahors",
        description="Le territoire de l'expérimentation Carte Blanche de 2018.",
        millesime_geographie=2016,
        source="Liste illustrative pour les tests.",
    )
    AppartenanceTerritoire.objects.create(territoire=territoire, code_insee=CODE_CAHORS, nom="Cahors", commune=cahors)
    AppartenanceTerritoire.objects.create(
        territoire=territoire, code_insee="46156", nom="Laroque-des-Arcs", commune=bellefont, commune_historique=laroque
    )
    AppartenanceTerritoire.objects.create(territoire=territoire, code_insee="46224", nom="Pradines", commune=pradines)
    LieuAccueil.objects.create(
        type=TypeLieuAccueil.MAIRIE,
        nom="Mairie de Cahors",
        adresse="73 boulevard Gambetta",
        code_postal="46000",
        commune=cahors,
        horaires=horaires,
        canaux=[Canal.GUICHET, Canal.TELEPHONE],
        telephone="05 65 20 87 87",
        source=SourceLieu.DEMO,
    )
    LieuAccueil.objects.create(
        type=TypeLieuAccueil.FRANCE_SERVICES,
        nom="France Services de Cahors",
        adresse="Place Bessières",
        code_postal="46000",
        commune=cahors,
        horaires=horaires,
        canaux=[Canal.GUICHET, Canal.RENDEZ_VOUS, Canal.EN_LIGNE],
        source=SourceLieu.DEMO,
    )
    experimentation = Experimentation.objects.create(
        nom="Carte Blanche à Cahors",
        slug="cahors-2018",
        territoire=territoire,
        question="Comment rendre le service public plus proche des habitants du Grand Cahors ?",
        date_lancement="2017-12-15",
        date_echeance_promesses="2018-12-31",
        est_demo=True,
    )
    for type_, debut, fin in (
        (TypePhase.DIAGNOSTIC, "2018-01-02", "2018-01-31"),
        (TypePhase.SEMINAIRE, "2018-02-07", "2018-02-07"),
        (TypePhase.CO_CONSTRUCTION, "2018-02-12", "2018-04-13"),
        (TypePhase.SUIVI, "2018-04-16", "2018-12-31"),
    ):
        Phase.objects.create(experimentation=experimentation, type=type_, nom=type_.label, date_debut=debut, date_fin=fin)
    return territoire
