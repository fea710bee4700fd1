"""Les personas dans un vrai Chromium : la liste, la page d'un persona et sa lettre (public), les pages de gestion
(facilitateur), à 1280 et 360 px : elles répondent, sans erreur dans la console, sans requête vers un autre site,
sans violation WCAG 2.1 A/AA relevée par axe-core et sans défilement horizontal sur mobile. Le public suit un
nombre de la page de Roseline jusqu'à ses preuves.
"""

import contextlib
import datetime
import re
import zlib

import pytest

from tests.browser.axe import axe_analyser
from tests.browser.test_pages_publiques import LARGEUR_BUREAU, LARGEUR_MOBILE

pytestmark = pytest.mark.browser

VERBATIM_INTERNE = "Je ne veux pas que ma voisine sache que je touche une aide."


@pytest.fixture
def personas_cahors(donnees_publiques):
    """Deux irritants publiés étayés à Cahors et Pradines, un brouillon ; Roseline et sa lettre ; Sarah brouillon."""
    from comptes.enums import Role
    from experimentations.models import Experimentation
    from personas.enums import AutonomieNumerique, Mobilite
    from terrain.enums import SourceObservation, StatutPublication, TrancheAge
    from territoire.models import Commune
    from tests.comptes.factories import UserFactory
    from tests.irritants.factories import IrritantFactory, PreuveFactory
    from tests.irritants.test_services import themes_initiaux
    from tests.personas.factories import LettreFactory, PersonaFactory
    from tests.terrain.factories import EntretienFactory, ObservationFactory, PublicFactory, VerbatimFactory

    experimentation = Experimentation.objects.get(slug="cahors-2018")
    cahors = Commune.objects.get(code_insee="46042")
    pradines = Commune.objects.get(code_insee="46224")
    facilitatrice = UserFactory(username="claire", first_name="Claire", last_name="Dumas", role=Role.FACILITATEUR)
    themes = themes_initiaux()
    agees = PublicFactory(slug="personnes-agees", nom="Personnes âgées", ordre=1)
    sans_vehicule = PublicFactory(slug="sans-vehicule", nom="Personnes sans véhicule", ordre=5)
    isolement = IrritantFactory(
        experimentation=experimentation, titre="Isolement des personnes âgées en perte d'autonomie", theme=themes[2]
    )
    distance = IrritantFactory(
        experimentation=experimentation, titre="Des lieux d'accueil éloignés des communes rurales", theme=themes[0]
    )
    brouillon = IrritantFactory(experimentation=experimentation, titre="Un irritant en brouillon", brouillon=True)
    entretien = EntretienFactory(experimentation=experimentation, commune=cahors, date=datetime.date(2018, 1, 15))
    observations = [
        ObservationFactory(
            experimentation=experimentation,
            entretien=entretien if i % 2 else None,
            date=datetime.date(2018, 1, 10 + i),
            source=SourceObservation.values[i % 3],
            communes=[cahors] if i % 3 else [pradines],
            publics=[agees] if i % 2 else [agees, sans_vehicule],
        )
        for i in range(6)
    ]
    for observation in observations[:4]:
        PreuveFactory(irritant=isolement, observation=observation)
    for observation in observations[3:]:
        PreuveFactory(irritant=distance, observation=observation)
    PreuveFactory(irritant=brouillon, observation=observations[0])
    citation = VerbatimFactory(
        observation=observations[0],
        texte="L’hiver, je ne vois personne. La dame de l’aide ménagère, le mardi.",
        tranche_age=TrancheAge.PLUS_75,
        situation="veuve, vit seule, perte d'autonomie",
        commune=pradines,
    )
    VerbatimFactory(observation=observations[1], texte=VERBATIM_INTERNE, statut=StatutPublication.INTERNE)
    roseline = PersonaFactory(
        experimentation=experimentation,
        prenom="Roseline",
        slug="roseline",
        age=83,
        commune=pradines,
        mobilite=Mobilite.PROCHES,
        autonomie_numerique=AutonomieNumerique.ELOIGNEE,
        fil_rouge=True,
        citation_verbatim=citation,
        portrait="Roseline a 83 ans. Elle vit **seule** dans un hameau.\n\nSa fille habite Bordeaux.",
        besoins="- Une aide pour rester chez elle.\n- Quelqu'un qui vienne la voir.",
        attentes="- Des mots simples.",
        freins="- L'isolement.\n- Aucun ordinateur.",
        irritants=[isolement, brouillon, distance],
        publics=[agees, sans_vehicule],
    )
    LettreFactory(
        persona=roseline,
        objet="rester chez moi sans être oubliée",
        corps=(
            "Je m'appelle Roseline, j'ai 83 ans et je vis seule[^1].\n\n"
            "Avant, la dame de la retraite venait à la mairie. Maintenant, il faut aller à Cahors[^2].\n\n"
            "Je vous demande :\n\n- que quelqu'un vienne me voir ;\n- un numéro où une personne répond."
        ),
        irritants=[isolement, distance],
    )
    PersonaFactory(
        experimentation=experimentation, prenom="Sarah", slug="sarah", age=29, brouillon=True, irritants=[isolement]
    )
    return {"facilitatrice": facilitatrice, "isolement": isolement, "roseline": roseline}


def verifier(visite, reponse, nom: str, largeur: int) -> list[str]:
    visite.capturer(nom)
    problemes = visite.problemes(reponse, axe_analyser(visite.page))
    if visite.largeur_du_contenu() > largeur:
        problemes.append("Défilement horizontal ; éléments qui dépassent :\n" + "\n".join(visite.debordements()))
    return problemes


PAGES_PUBLIQUES = [
    ("personas", "/personas/"),
    ("persona", "/personas/roseline/"),
    ("persona-lettre", "/personas/roseline/lettre/"),
    ("persona-lettre-impression", "/personas/roseline/lettre/imprimer/"),
]


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
@pytest.mark.parametrize(("nom", "chemin"), PAGES_PUBLIQUES, ids=[nom for nom, _ in PAGES_PUBLIQUES])
def test_pages_publiques_des_personas_accessibles(onglet, personas_cahors, nom, chemin, largeur):
    visite = onglet(largeur)
    reponse = visite.aller(chemin)

    problemes = verifier(visite, reponse, nom, largeur)

    assert not problemes, f"{chemin} à {largeur} px :\n" + "\n\n".join(problemes)
    contenu = visite.page.content()
    assert "Roseline" in contenu
    assert "Sarah" not in contenu, "un persona en brouillon n'apparaît pas au public"
    assert "Un irritant en brouillon" not in contenu
    assert VERBATIM_INTERNE not in contenu


def test_le_public_suit_un_nombre_jusqu_a_ses_preuves(onglet, personas_cahors):
    isolement = personas_cahors["isolement"]
    visite = onglet(LARGEUR_MOBILE)
    visite.aller("/personas/")
    page = visite.page

    page.get_by_role("link", name="Roseline, 83 ans").click()
    page.get_by_role("heading", name="Roseline, 83 ans", level=1).wait_for()
    page.locator(f"#irritant-{isolement.pk}").get_by_role("link", name="4 observations", exact=True).click()
    page.get_by_role("heading", name=isolement.titre, level=1).wait_for()

    assert page.url.endswith(f"/irritants/{isolement.pk}/#sources")
    assert page.locator("#sources").is_visible()
    assert not visite.erreurs, "\n".join(visite.erreurs)


PAGES_FACILITATEUR = [
    ("personas-facilitateur", "/personas/"),
    ("persona-facilitateur", "/personas/roseline/"),
    ("persona-nouveau", "/personas/nouveau/"),
    ("persona-derive", "/personas/nouveau/?irritants={isolement}"),
    ("persona-modifier", "/personas/roseline/modifier/"),
    ("persona-lettre-modifier", "/personas/roseline/lettre/modifier/"),
    ("persona-lettre-versions", "/personas/roseline/lettre/versions/"),
]


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
@pytest.mark.parametrize(("nom", "chemin"), PAGES_FACILITATEUR, ids=[nom for nom, _ in PAGES_FACILITATEUR])
def test_pages_de_gestion_des_personas_accessibles(onglet, personas_cahors, nom, chemin, largeur):
    from personas import services

    if nom == "persona-lettre-versions":  # deux versions, pour voir un diff
        lettre = personas_cahors["roseline"].lettre
        cites = [c.irritant for c in lettre.citations.order_by("ordre")]
        champs = {c: getattr(lettre, c) for c in ("objet", "destinataire", "date_lettre", "appel", "politesse")}
        for corps in (lettre.corps, lettre.corps.replace("vis seule", "vis toute seule")):
            services.lettre_enregistrer(
                acteur=personas_cahors["facilitatrice"],
                persona=personas_cahors["roseline"],
                irritants=cites,
                corps=corps,
                **champs,
            )
    visite = onglet(largeur)
    visite.connecter(personas_cahors["facilitatrice"])
    chemin = chemin.format(isolement=personas_cahors["isolement"].pk)
    reponse = visite.aller(chemin)

    problemes = verifier(visite, reponse, nom, largeur)

    assert not problemes, f"{chemin} à {largeur} px :\n" + "\n\n".join(problemes)


@pytest.mark.weasyprint
def test_la_facilitatrice_modifie_la_lettre_de_roseline_et_telecharge_son_pdf(onglet, personas_cahors, tmp_path):
    """Modifier la lettre, demander le PDF, voir l'état passer à « prêt » sans recharger la page, télécharger un
    courrier A4 d'une ou deux pages. Avec un vrai worker (REDIS_URL), l'état passe par « en attente » et la zone
    s'interroge toute seule ; en mode embarqué, la génération se fait pendant la demande."""
    visite = onglet(LARGEUR_BUREAU)
    visite.connecter(personas_cahors["facilitatrice"])
    page = visite.page
    visite.aller("/personas/roseline/lettre/modifier/")

    corps = page.get_by_label("Corps de la lettre")
    corps.fill(corps.input_value() + "\n\nJe vous remercie de venir me voir avant l'hiver.")
    page.get_by_role("button", name="Enregistrer la lettre").click()
    page.get_by_role("heading", name="Lettre d'interpellation de Roseline", level=1).wait_for()
    assert "avant l’hiver" in page.content() or "avant l'hiver" in page.content()

    page.evaluate("window.cbMemePage = true")
    page.get_by_role("button", name="Générer le PDF").click()
    page.locator(".cb-document .fr-badge", has_text="Prêt").wait_for(timeout=60_000)
    visite.capturer("persona-lettre-pdf-pret")
    violations = axe_analyser(page)
    assert page.evaluate("window.cbMemePage") is True, "l'état a changé sans recharger la page"
    assert page.locator(".cb-document [role=status]").count() == 1

    with page.expect_download() as telechargement:
        page.get_by_role("link", name=re.compile("Télécharger « Lettre d'interpellation de Roseline »")).click()
    fichier = tmp_path / telechargement.value.suggested_filename
    telechargement.value.save_as(fichier)
    octets = fichier.read_bytes()

    assert telechargement.value.suggested_filename == "lettre-roseline.pdf"
    assert octets.startswith(b"%PDF-")
    pages = nombre_de_pages(octets)
    assert 1 <= pages <= 2, f"{pages} pages"
    assert not violations, violations
    assert not visite.erreurs, "\n".join(visite.erreurs)


def nombre_de_pages(octets: bytes) -> int:
    """Les objets /Type /Page du PDF, flux d'objets décompressés compris (PDF 1.5 et plus)."""
    morceaux = [octets]
    for flux in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", octets, re.S):
        with contextlib.suppress(zlib.error):
            morceaux.append(zlib.decompress(flux))
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", b"\n".join(morceaux)))
