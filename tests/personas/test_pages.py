"""Pages publiques des personas : ce que voit le public, ce que voient les facilitateurs, les nombres tracés jusqu'aux
preuves, la lettre rendue sans jamais exécuter le texte d'un utilisateur."""

import re
from html.parser import HTMLParser

import pytest
from django.db.models import Count, Q
from django.test import Client

from irritants.models import Preuve
from personas.selectors import persona_vue
from terrain.enums import SourceObservation, StatutPublication
from terrain.models import Public
from tests.comptes.factories import facilitateur
from tests.experimentations.factories import ExperimentationFactory
from tests.irritants.factories import IrritantFactory, PreuveFactory
from tests.personas.factories import LettreFactory, PersonaFactory
from tests.terrain.factories import EntretienFactory, ImmersionFactory, ObservationFactory, VerbatimFactory
from tests.territoire.factories import AppartenanceTerritoireFactory, CommuneFactory

VERBATIM_PUBLIABLE = "Tout l’hiver, je ne vois personne."
VERBATIM_INTERNE = "Je ne veux pas que ma voisine sache que je touche une aide."
TEXTE_OBSERVATION = "Madame R. attend le bus de 7 h 02 (texte interne d'observation)."


@pytest.fixture
def experimentation():
    return ExperimentationFactory(nom="Carte Blanche à Cahors", slug="cahors-2018", est_demo=True)


@pytest.fixture
def roseline(experimentation):
    """Roseline, publiée, sur deux irritants publiés et un brouillon ; des observations à Cahors et Lalbenque."""
    cahors = CommuneFactory(nom="Cahors")
    lalbenque = CommuneFactory(nom="Lalbenque")
    for commune in (cahors, lalbenque):
        AppartenanceTerritoireFactory(territoire=experimentation.territoire, commune=commune)
    agees = Public.objects.get_or_create(slug="personnes-agees", defaults={"nom": "Personnes âgées"})[0]
    sans_vehicule = Public.objects.get_or_create(slug="sans-vehicule", defaults={"nom": "Personnes sans véhicule"})[0]
    isolement = IrritantFactory(experimentation=experimentation, titre="Isolement des personnes âgées")
    distance = IrritantFactory(experimentation=experimentation, titre="Des lieux d’accueil éloignés")
    brouillon = IrritantFactory(experimentation=experimentation, titre="Irritant encore en brouillon", brouillon=True)
    entretien = EntretienFactory(experimentation=experimentation, commune=cahors)
    immersion = ImmersionFactory(experimentation=experimentation)
    observations = [
        ObservationFactory(
            experimentation=experimentation,
            texte=TEXTE_OBSERVATION,
            entretien=entretien,
            communes=[lalbenque],
            publics=[agees],
        ),
        ObservationFactory(experimentation=experimentation, entretien=entretien, communes=[cahors], publics=[agees]),
        ObservationFactory(
            experimentation=experimentation,
            immersion=immersion,
            source=SourceObservation.CONSTAT,
            communes=[cahors, lalbenque],
            publics=[agees, sans_vehicule],
        ),
        ObservationFactory(
            experimentation=experimentation, source=SourceObservation.RAPPORTE, publics=[sans_vehicule]
        ),
    ]
    for observation in observations[:3]:
        PreuveFactory(irritant=isolement, observation=observation)
    for observation in observations[2:]:
        PreuveFactory(irritant=distance, observation=observation)
    PreuveFactory(irritant=brouillon, observation=ObservationFactory(experimentation=experimentation))
    citation = VerbatimFactory(observation=observations[0], texte=VERBATIM_PUBLIABLE, commune=lalbenque)
    VerbatimFactory(observation=observations[1], texte=VERBATIM_INTERNE, statut=StatutPublication.INTERNE)
    persona = PersonaFactory(
        experimentation=experimentation,
        prenom="Roseline",
        slug="roseline",
        commune=lalbenque,
        citation_verbatim=citation,
        irritants=[isolement, brouillon, distance],
        publics=[agees],
    )
    LettreFactory(
        persona=persona,
        corps="Je vis seule[^1], loin de tout[^2], et l'on ne m'a rien dit[^3].",
        irritants=[isolement, distance, brouillon],
    )
    return {
        "persona": persona,
        "isolement": isolement,
        "distance": distance,
        "brouillon": brouillon,
        "lalbenque": lalbenque,
    }


@pytest.fixture
def client_facilitateur():
    """Un second client, connecté : `client` reste celui du public anonyme dans le même test."""
    connecte = Client()
    connecte.force_login(facilitateur())
    return connecte


class Balises(HTMLParser):
    """Les balises et leurs attributs d'un fragment HTML, tels qu'un navigateur les lirait."""

    def __init__(self, html: str):
        super().__init__()
        self.balises: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.balises.append((tag, dict(attrs)))


def dangers(html: str) -> list[str]:
    """Ce qui s'exécuterait ou appellerait le réseau : scripts, cadres, images, styles, gestionnaires, liens."""
    trouves = []
    for balise, attributs in Balises(html).balises:
        if balise in ("script", "iframe", "img", "style", "object", "embed", "link", "form", "input"):
            trouves.append(f"<{balise}>")
        for nom, valeur in attributs.items():
            if nom.startswith("on") or nom == "style":
                trouves.append(f"{balise}[{nom}]")
            if nom in ("href", "src") and (valeur or "").strip().lower().startswith(("javascript:", "data:")):
                trouves.append(f"{balise}[{nom}={valeur}]")
    return trouves


def sans_gabarit_ni_script(contenu: str) -> None:
    assert "{{" not in contenu and "{%" not in contenu, "le gabarit fuit dans la page"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", contenu), "aucun script en ligne (CSP à venir)"


# --- Liste -----------------------------------------------------------------------------------------------------


def test_la_liste_publique_ne_montre_que_les_personas_publies(client, roseline, experimentation):
    PersonaFactory(experimentation=experimentation, prenom="Brouillonne", slug="brouillonne", brouillon=True)

    contenu = client.get("/personas/").content.decode()

    assert "Roseline, 83 ans" in contenu
    assert "Brouillonne" not in contenu
    assert 'href="/personas/roseline/"' in contenu
    assert 'href="/personas/roseline/lettre/"' in contenu
    assert "reconstitutions illustratives" in contenu
    sans_gabarit_ni_script(contenu)


def test_le_facilitateur_voit_aussi_les_brouillons(client_facilitateur, roseline, experimentation):
    PersonaFactory(experimentation=experimentation, prenom="Brouillonne", slug="brouillonne", brouillon=True)
    contenu = client_facilitateur.get("/personas/").content.decode()
    assert "Brouillonne" in contenu and "Créer un persona à partir d'irritants" in contenu


def test_la_liste_suit_l_experimentation_demandee(client, roseline):
    autre = ExperimentationFactory(slug="ailleurs", nom="Ailleurs")
    PersonaFactory(experimentation=autre, prenom="Gaston", slug="gaston")

    assert "Gaston" not in client.get("/personas/?experimentation=cahors-2018").content.decode()
    assert "Gaston" in client.get("/personas/?experimentation=ailleurs").content.decode()
    assert client.get("/personas/?experimentation=nulle-part").status_code == 404


# --- Page d'un persona -----------------------------------------------------------------------------------------


def test_un_persona_non_publie_est_un_404_pour_le_public(client, client_facilitateur, roseline, experimentation):
    brouillon = PersonaFactory(experimentation=experimentation, slug="brouillonne", brouillon=True)
    LettreFactory(persona=brouillon)
    for url in ("/personas/brouillonne/", "/personas/brouillonne/lettre/", "/personas/brouillonne/lettre/imprimer/"):
        assert client.get(url).status_code == 404, url
    assert client.get("/personas/inconnu/").status_code == 404
    assert client_facilitateur.get("/personas/brouillonne/").status_code == 200


def test_les_nombres_du_persona_sont_ceux_des_observations_de_ses_irritants(client, roseline):
    persona, isolement, distance = roseline["persona"], roseline["isolement"], roseline["distance"]

    vue = persona_vue(persona.slug, voir_tout=False)

    attendus = {
        irritant.pk: Preuve.objects.filter(irritant=irritant).aggregate(
            observations=Count("observation", distinct=True),
            verbatims=Count(
                "observation__verbatims",
                filter=Q(observation__verbatims__statut=StatutPublication.PUBLIABLE),
                distinct=True,
            ),
            communes=Count("observation__communes", distinct=True),
        )
        for irritant in (isolement, distance)
    }
    assert [irritant.pk for irritant in vue.irritants] == [isolement.pk, distance.pk], (
        "l'ordre du persona, sans brouillon"
    )
    for irritant in vue.irritants:
        assert irritant.nb_observations == attendus[irritant.pk]["observations"]
        assert irritant.nb_verbatims == attendus[irritant.pk]["verbatims"]
        assert irritant.nb_communes == attendus[irritant.pk]["communes"]
    distinctes = Preuve.objects.filter(irritant__in=[isolement, distance]).values("observation").distinct().count()
    assert vue.totaux.nb_observations == distinctes == 4
    assert vue.totaux.nb_sources == 3  # un entretien, une immersion, une observation de terrain
    assert vue.totaux.nb_observations_publics == 3  # celles qui concernent les personnes âgées

    contenu = client.get(persona.get_absolute_url()).content.decode()
    assert "<strong>4</strong> observations distinctes" in contenu
    assert f'<a href="/irritants/{isolement.pk}/#sources"><strong>3</strong> observations</a>' in contenu
    assert f'<a href="/irritants/{distance.pk}/#sources"><strong>2</strong> observations</a>' in contenu


def test_le_public_suit_chaque_nombre_vers_la_page_de_l_irritant(client, roseline):
    isolement = roseline["isolement"]
    contenu = client.get("/personas/roseline/").content.decode()

    assert f'href="/irritants/{isolement.pk}/#publics"' in contenu
    assert f'href="/irritants/{isolement.pk}/#communes"' in contenu
    assert f'href="/irritants/{isolement.pk}/#verbatims"' in contenu
    assert "/terrain/observations/" not in contenu, "le public n'a pas accès à la liste des observations"
    assert "représenté par Roseline" in contenu


def test_le_facilitateur_suit_chaque_nombre_vers_les_observations_filtrees(client_facilitateur, roseline):
    isolement = roseline["isolement"]
    contenu = client_facilitateur.get("/personas/roseline/").content.decode()

    assert f'href="/terrain/observations/?irritant={isolement.pk}&amp;public=personnes-agees"' in contenu
    commune = roseline["lalbenque"].code_insee
    assert f'href="/terrain/observations/?irritant={isolement.pk}&amp;commune={commune}"' in contenu
    assert f'href="/terrain/observations/?irritant={isolement.pk}"' in contenu
    assert "Irritant encore en brouillon" in contenu and "le public ne voit pas cet irritant" in contenu


def test_les_irritants_en_brouillon_et_les_verbatims_internes_restent_caches(client, roseline):
    for url in ("/personas/", "/personas/roseline/", "/personas/roseline/lettre/"):
        contenu = client.get(url).content.decode()
        assert "Irritant encore en brouillon" not in contenu, url
        assert VERBATIM_INTERNE not in contenu, url
        assert TEXTE_OBSERVATION not in contenu, url
    page = client.get("/personas/roseline/").content.decode()
    assert VERBATIM_PUBLIABLE in page
    assert "Verbatim recueilli pendant le diagnostic" in page


def test_une_citation_devenue_non_publiable_disparait_de_la_page(client, roseline):
    verbatim = roseline["persona"].citation_verbatim
    verbatim.statut = StatutPublication.RETIRE
    verbatim.save()

    contenu = client.get("/personas/roseline/").content.decode()
    assert VERBATIM_PUBLIABLE not in contenu
    assert VERBATIM_PUBLIABLE not in client.get("/personas/").content.decode()


def test_un_texte_malveillant_du_persona_est_rendu_inoffensif(client, roseline):
    persona = roseline["persona"]
    persona.prenom = "<script>alert(1)</script>"
    persona.portrait = "Portrait <img src=x onerror=alert(1)> [lien](javascript:alert(1))"
    persona.save()

    contenu = client.get("/personas/roseline/").content.decode()
    assert "<script>alert(1)</script>" not in contenu
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in contenu
    portrait = contenu[contenu.index('id="portrait-titre"') : contenu.index('id="preuves"')]
    assert dangers(portrait) == []
    assert "&lt;img src=x onerror=alert(1)&gt;" in portrait, "le HTML tapé reste du texte visible"


# --- La lettre -------------------------------------------------------------------------------------------------


def test_la_lettre_publique_cite_ses_irritants_sans_reveler_les_brouillons(client, roseline):
    isolement, distance = roseline["isolement"], roseline["distance"]
    contenu = client.get("/personas/roseline/lettre/").content.decode()

    assert "Lettre d'interpellation de Roseline" in contenu
    assert "Objet</span>&nbsp;: rester chez moi sans être oubliée" in contenu
    assert "Je vis seule" in contenu
    assert '<span class="note">1</span>' in contenu, "l'appel de note devient un numéro"
    assert f'<li id="note-1"><a href="/irritants/{isolement.pk}/">{isolement.titre}</a></li>' in contenu
    assert f'<li id="note-2"><a href="/irritants/{distance.pk}/">{distance.titre}</a></li>' in contenu
    assert '<li id="note-3">Irritant en cours de consolidation</li>' in contenu
    sans_gabarit_ni_script(contenu)


@pytest.mark.parametrize(
    "corps",
    [
        "Bonjour <script>alert('x')</script> fin",
        '<img src="x" onerror="alert(1)">',
        "[cliquez](javascript:alert(1)) et [encore](JaVaScRiPt:alert(2))",
        '<a href="https://exemple.fr" onclick="alert(1)">lien</a>',
        '<div style="background: url(https://traceur.exemple/p.png)">x</div>',
        "<style>body { background: url(https://traceur.exemple/p.png) }</style>",
        '<p style="color:red">brut</p><iframe src="https://exemple.fr"></iframe>',
        "![image](https://traceur.exemple/pixel.png)",
        "[données](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ],
    ids=[
        "script",
        "gestionnaire-evenement",
        "lien-javascript",
        "onclick",
        "css-url-attribut",
        "css-url-balise",
        "html-brut",
        "image-distante",
        "lien-data",
    ],
)
def test_la_lettre_neutralise_le_markdown_malveillant(client, roseline, corps):
    lettre = roseline["persona"].lettre
    lettre.corps = corps
    lettre.save()

    for url in ("/personas/roseline/lettre/", "/personas/roseline/lettre/imprimer/"):
        contenu = client.get(url).content.decode()
        corps_rendu = contenu[contenu.index('class="cb-lettre__corps') : contenu.index('class="cb-lettre__signature')]
        assert dangers(corps_rendu) == [], (url, corps_rendu)
        sources = [a.get("src", "") for _b, a in Balises(corps_rendu).balises]
        assert not any("traceur.exemple" in source for source in sources), "rien n'est chargé d'ailleurs"


def test_un_lien_ordinaire_reste_un_lien_sur(client, roseline):
    lettre = roseline["persona"].lettre
    lettre.corps = "Voir [le site de la CAF](https://www.caf.fr/) et **ceci**."
    lettre.save()
    contenu = client.get("/personas/roseline/lettre/").content.decode()
    assert '<a href="https://www.caf.fr/" rel="noopener noreferrer nofollow">le site de la CAF</a>' in contenu
    assert "<strong>ceci</strong>" in contenu


def test_la_version_imprimable_est_une_lettre_a4_sans_script_en_ligne(client, roseline):
    contenu = client.get("/personas/roseline/lettre/imprimer/").content.decode()
    assert "personas/impression.css" in contenu and "dsfr.print.min.css" in contenu
    assert "Reconstitution illustrative" in contenu
    assert "data-cb-imprimer hidden" in contenu, "le bouton n'apparaît qu'avec JavaScript (fichier statique)"
    sans_gabarit_ni_script(contenu)


def test_sans_lettre_le_public_a_un_404_et_le_facilitateur_l_ecrit(client, client_facilitateur, experimentation):
    PersonaFactory(experimentation=experimentation, slug="sans-lettre")
    assert client.get("/personas/sans-lettre/lettre/").status_code == 404
    reponse = client_facilitateur.get("/personas/sans-lettre/lettre/")
    assert reponse.status_code == 302 and reponse["Location"] == "/personas/sans-lettre/lettre/modifier/"


def test_les_pages_publiques_refusent_les_ecritures(client, roseline):
    for url in ("/personas/", "/personas/roseline/", "/personas/roseline/lettre/"):
        assert client.post(url).status_code == 405
