"""Synthèse publique des irritants et page d'un irritant : ce que voit le public, ce que voient les
facilitateurs, le classement, les fusions, l'échappement, et un nombre de requêtes borné."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from irritants.enums import Gravite, StatutIrritant
from irritants.models import Irritant, Preuve, Theme
from terrain.enums import Origine, SourceObservation, StatutPublication
from terrain.models import Observation, Public, Verbatim
from tests.comptes.factories import facilitateur
from tests.experimentations.factories import ExperimentationFactory
from tests.html import fil_ariane
from tests.irritants.factories import IrritantFactory, PreuveFactory
from tests.irritants.test_services import themes_initiaux
from tests.terrain.factories import (
    EntretienFactory,
    ImmersionFactory,
    ObservationFactory,
    PublicFactory,
    VerbatimFactory,
)
from tests.territoire.factories import AppartenanceTerritoireFactory, CommuneFactory, EpciFactory

TEXTE_OBSERVATION = "Madame R. attend le bus de 7 h 02 pour son rendez-vous à la CAF (texte interne)."
VERBATIM_PUBLIABLE = "Sans voiture, on est coupé de tout ici."
VERBATIM_INTERNE = "Je ne veux pas que ma voisine sache que je touche le RSA."
VERBATIM_RETIRE = "Ce verbatim a été retiré à la demande de la personne."


@pytest.fixture(autouse=True)
def _themes():
    return themes_initiaux()


@pytest.fixture
def experimentation():
    return ExperimentationFactory(nom="Carte Blanche à Cahors", slug="cahors-2018")


@pytest.fixture
def client_facilitateur(client):
    client.force_login(facilitateur())
    return client


@pytest.fixture
def irritant_etaye(experimentation):
    """Un irritant avec une observation d'entretien à Cahors (personnes âgées) et trois verbatims."""
    cahors = CommuneFactory(code_insee="46042", nom="Cahors")
    AppartenanceTerritoireFactory(territoire=experimentation.territoire, commune=cahors)
    AppartenanceTerritoireFactory(territoire=experimentation.territoire)
    personnes_agees = Public.objects.get_or_create(slug="personnes-agees", defaults={"nom": "Personnes âgées"})[0]
    observation = ObservationFactory(
        experimentation=experimentation,
        texte=TEXTE_OBSERVATION,
        entretien=EntretienFactory(experimentation=experimentation, commune=cahors),
        communes=[cahors],
        publics=[personnes_agees],
    )
    VerbatimFactory(observation=observation, texte=VERBATIM_PUBLIABLE, commune=cahors)
    VerbatimFactory(observation=observation, texte=VERBATIM_INTERNE, statut=StatutPublication.INTERNE)
    VerbatimFactory(observation=observation, texte=VERBATIM_RETIRE, statut=StatutPublication.RETIRE)
    irritant = IrritantFactory(experimentation=experimentation, titre="Se rendre à la CAF sans voiture")
    PreuveFactory(irritant=irritant, observation=observation)
    return irritant


def test_le_public_voit_titres_nombres_et_verbatims_publiables_seulement(client, irritant_etaye):
    for url in ("/irritants/", irritant_etaye.get_absolute_url()):
        reponse = client.get(url)

        assert reponse.status_code == 200
        contenu = reponse.content.decode()
        assert "Se rendre à la CAF sans voiture" in contenu
        assert VERBATIM_PUBLIABLE in contenu
        assert "60 à 74 ans, retraitée, vit seule, Cahors" in contenu, "le profil pseudonyme accompagne le verbatim"
        assert VERBATIM_INTERNE not in contenu
        assert VERBATIM_RETIRE not in contenu
        assert TEXTE_OBSERVATION not in contenu
        assert "/terrain/observations/" not in contenu, "le public ne reçoit aucun lien vers les observations"
        assert "Cahors" in contenu


def test_la_synthese_donne_une_cible_par_irritant_et_replie_le_detail(client, irritant_etaye):
    """Une cible de lien par irritant (son titre) ; les décomptes sont du texte, le détail un accordéon."""
    contenu = client.get("/irritants/").content.decode()

    page = irritant_etaye.get_absolute_url()
    assert f'<a class="cb-irritant__lien" href="{page}">' in contenu
    assert f'href="{page}#' not in contenu, "plus de petits liens vers les sections de la page"
    assert "<strong>1</strong> observation" in contenu
    assert "<strong>1</strong> parole d'usager" in unescape(contenu)
    assert f'aria-controls="irritant-{irritant_etaye.pk}-detail"' in contenu
    assert f'<div class="fr-collapse" id="irritant-{irritant_etaye.pk}-detail">' in contenu
    # Les nombres restent des liens sur la page de l'irritant, vers ses sections.
    detail = client.get(page).content.decode()
    assert f'<a href="{page}#sources"><strong>1</strong> observation</a>' in detail
    for ancre in ("sources", "publics", "communes", "verbatims"):
        assert f'id="{ancre}"' in detail


def test_le_facilitateur_voit_les_observations_et_les_liens_vers_la_liste(client_facilitateur, irritant_etaye):
    pk = irritant_etaye.pk
    synthese = client_facilitateur.get("/irritants/").content.decode()
    detail = client_facilitateur.get(f"/irritants/{pk}/").content.decode()

    assert TEXTE_OBSERVATION in synthese
    assert f'href="/terrain/observations/?irritant={pk}"' in synthese
    assert TEXTE_OBSERVATION in detail
    assert f'href="/terrain/observations/?irritant={pk}"' in detail
    assert f'href="/terrain/observations/?irritant={pk}&amp;avec_verbatim=true"' in detail
    assert f'href="/terrain/observations/?irritant={pk}&amp;origine=entretien"' in detail
    assert f'href="/terrain/observations/?irritant={pk}&amp;public=personnes-agees"' in detail
    assert f'href="/terrain/observations/?irritant={pk}&amp;source=usager"' in detail
    assert f'href="/terrain/observations/?irritant={pk}&amp;commune=46042"' in detail
    assert VERBATIM_INTERNE in detail and VERBATIM_RETIRE in detail, "le facilitateur voit tous les verbatims"
    assert "<strong>3</strong> verbatims" in detail


def test_les_decomptes_distinguent_entretiens_immersions_sources(client_facilitateur, experimentation):
    irritant = IrritantFactory(experimentation=experimentation)
    entretien = EntretienFactory(experimentation=experimentation)
    immersion = ImmersionFactory(experimentation=experimentation)
    observations = [
        ObservationFactory(experimentation=experimentation, entretien=entretien),
        ObservationFactory(experimentation=experimentation, entretien=entretien),
        ObservationFactory(experimentation=experimentation, immersion=immersion, source=SourceObservation.CONSTAT),
        ObservationFactory(experimentation=experimentation, source=SourceObservation.RAPPORTE),
    ]
    for observation in observations:
        PreuveFactory(irritant=irritant, observation=observation)

    contenu = client_facilitateur.get(irritant.get_absolute_url()).content.decode()

    assert "<strong>4</strong> observations" in contenu
    assert "<strong>3</strong> sources distinctes" in contenu  # 1 entretien + 1 immersion + 1 de terrain
    assert "<strong>1</strong> entretien<" in contenu
    assert "<strong>1</strong> immersion<" in contenu


def test_le_public_lit_une_seule_definition_de_l_origine(client, experimentation):
    """« Par origine : Immersion 1 » ne côtoie plus « Constaté par l'équipe (immersion) » : une origine, un libellé."""
    irritant = IrritantFactory(experimentation=experimentation)
    immersion = ImmersionFactory(experimentation=experimentation)
    for source in (SourceObservation.USAGER, SourceObservation.CONSTAT):
        observation = ObservationFactory(experimentation=experimentation, immersion=immersion, source=source)
        PreuveFactory(irritant=irritant, observation=observation)

    contenu = unescape(client.get(irritant.get_absolute_url()).content.decode())

    assert "<caption>Par origine</caption>" in contenu
    for origine in Origine:
        assert f'<th scope="row" class="fr-cell--multiline">{origine.label}</th>' in contenu
    assert SourceObservation.CONSTAT.label not in contenu
    assert "Par source" not in contenu


def test_le_public_ne_lit_pas_le_nom_d_une_petite_commune_sous_un_verbatim(client, experimentation):
    """Sous le seuil de population, le profil public nomme l'intercommunalité (Verbatim.profil_public)."""
    epci = EpciFactory(nom="CC du Causse de Labastide-Murat")
    hameau = CommuneFactory(nom="Berganty", population=68, epci=epci)
    irritant = IrritantFactory(experimentation=experimentation)
    observation = ObservationFactory(experimentation=experimentation)
    VerbatimFactory(observation=observation, commune=hameau, texte="On nous a envoyés partout.")
    PreuveFactory(irritant=irritant, observation=observation)

    for chemin in ("/irritants/", irritant.get_absolute_url()):
        public = unescape(client.get(chemin).content.decode())
        assert "On nous a envoyés partout." in public
        assert "Berganty" not in public, chemin
        assert "CC du Causse de Labastide-Murat" in public, chemin
    # Le facilitateur, lui, lit le profil complet.
    client.force_login(facilitateur())
    assert "Berganty" in unescape(client.get(irritant.get_absolute_url()).content.decode())


def test_les_irritants_sont_classes_par_nombre_d_observations(client, experimentation):
    theme = Theme.objects.get(slug="accessibilite-mobilite")
    peu = IrritantFactory(
        experimentation=experimentation, theme=theme, titre="Aaa, peu étayé", gravite=Gravite.CRITIQUE
    )
    beaucoup = IrritantFactory(experimentation=experimentation, theme=theme, titre="Zzz, très étayé")
    PreuveFactory(irritant=peu)
    PreuveFactory.create_batch(3, irritant=beaucoup)
    autre_theme = IrritantFactory(
        experimentation=experimentation, theme=Theme.objects.get(slug="adaptation-reponse"), titre="Autre thème"
    )

    contenu = client.get("/irritants/").content.decode()

    assert contenu.index("Zzz, très étayé") < contenu.index("Aaa, peu étayé") < contenu.index("Autre thème")
    assert autre_theme.theme.nom in contenu


def test_un_irritant_fusionne_disparait_et_son_adresse_redirige(client, experimentation):
    survivant = IrritantFactory(experimentation=experimentation, titre="Irritant qui reste")
    fusionne = IrritantFactory(experimentation=experimentation, titre="Irritant absorbé", fusionne_dans=survivant)

    synthese = client.get("/irritants/").content.decode()
    reponse = client.get(fusionne.get_absolute_url())

    assert "Irritant qui reste" in synthese
    assert "Irritant absorbé" not in synthese
    assert reponse.status_code == 301
    assert reponse["Location"] == survivant.get_absolute_url()
    assert "Irritant absorbé" in client.get(survivant.get_absolute_url()).content.decode()


def test_la_synthese_et_la_page_d_un_irritant_ont_leur_fil_d_ariane(client, experimentation):
    titre = "Se rendre à la CAF sans voiture quand on habite une commune rurale éloignée de Cahors"
    irritant = IrritantFactory(experimentation=experimentation, titre=titre)

    assert fil_ariane(client.get("/irritants/")) == [("Accueil", "/"), ("Irritants", None)]
    assert fil_ariane(client.get(irritant.get_absolute_url())) == [
        ("Accueil", "/"),
        ("Irritants", "/irritants/"),
        ("Se rendre à la CAF sans voiture quand on habite une commune…", None),
    ]


def test_irritant_inconnu_404(client):
    assert client.get("/irritants/999999/").status_code == 404


def test_plusieurs_experimentations_la_plus_recente_par_defaut(client, experimentation):
    recente = ExperimentationFactory(nom="Carte Blanche ailleurs", date_lancement=datetime.date(2020, 1, 1))
    IrritantFactory(experimentation=experimentation, titre="Irritant de Cahors")
    IrritantFactory(experimentation=recente, titre="Irritant d'ailleurs")

    par_defaut = client.get("/irritants/").content.decode()
    cahors = client.get("/irritants/?experimentation=cahors-2018").content.decode()

    assert 'name="experimentation"' in par_defaut
    assert "Irritant d&#x27;ailleurs" in par_defaut and "Irritant de Cahors" not in par_defaut
    assert "Irritant de Cahors" in cahors and "Irritant d&#x27;ailleurs" not in cahors
    inconnue = client.get("/irritants/?experimentation=nulle-part")
    assert inconnue.status_code == 404


def test_sans_experimentation_la_synthese_l_annonce(client):
    reponse = client.get("/irritants/")
    assert reponse.status_code == 200
    assert "Aucune expérimentation" in reponse.content.decode()


def test_la_page_d_un_irritant_dessine_les_communes_concernees(client, irritant_etaye):
    contenu = client.get(irritant_etaye.get_absolute_url()).content.decode()

    assert '<svg class="cb-carte"' in contenu
    assert "1 commune concernée (en bleu)" in contenu
    assert contenu.count('class="cb-commune"') == 2  # Cahors (concernée) et l'autre commune du territoire
    assert "#000091" in contenu


def test_la_synthese_refuse_les_ecritures(client):
    assert client.post("/irritants/").status_code == 405


@pytest.mark.parametrize("url", ["/irritants/", "irritant"])
def test_un_titre_malveillant_est_echappe(client_facilitateur, experimentation, url):
    irritant = IrritantFactory(experimentation=experimentation, titre="<script>alert(1)</script>")
    PreuveFactory(irritant=irritant)

    contenu = client_facilitateur.get(irritant.get_absolute_url() if url == "irritant" else url).content.decode()

    assert "<script>alert(1)</script>" not in contenu
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in contenu


# --- Nombre de requêtes borné ---------------------------------------------------------------------------


def peupler(experimentation, nombre: int) -> list[Irritant]:
    """`nombre` irritants et `nombre` observations (communes, publics, verbatims de chaque statut), en masse.

    Chaque observation fonde son irritant et le premier irritant : celui-ci a `nombre` observations.
    """
    communes = [CommuneFactory() for _ in range(4)]
    for commune in communes:
        AppartenanceTerritoireFactory(territoire=experimentation.territoire, commune=commune)
    publics = [PublicFactory(slug=f"public-{i}", nom=f"Public {i}", ordre=i) for i in range(3)]
    themes = list(Theme.objects.all())
    entretien = EntretienFactory(experimentation=experimentation, commune=communes[0])
    immersion = ImmersionFactory(experimentation=experimentation)
    irritants = Irritant.objects.bulk_create(
        Irritant(
            experimentation=experimentation,
            titre=f"Irritant n° {i}",
            theme=themes[i % len(themes)],
            statut=StatutIrritant.PUBLIE,
        )
        for i in range(nombre)
    )
    observations = Observation.objects.bulk_create(
        Observation(
            experimentation=experimentation,
            date=datetime.date(2018, 1, 1 + i % 28),
            texte=f"Observation n° {i}",
            source=SourceObservation.values[i % 3],
            entretien=entretien if i % 3 == 0 else None,
            immersion=immersion if i % 3 == 1 else None,
        )
        for i in range(nombre)
    )
    Preuve.objects.bulk_create(
        [Preuve(irritant=irritants[i], observation=observation) for i, observation in enumerate(observations)]
        + [Preuve(irritant=irritants[0], observation=observation) for observation in observations[1:]]
    )
    Observation.communes.through.objects.bulk_create(
        Observation.communes.through(observation=observation, commune=communes[i % 4])
        for i, observation in enumerate(observations)
    )
    Observation.publics.through.objects.bulk_create(
        Observation.publics.through(observation=observation, public=publics[i % 3])
        for i, observation in enumerate(observations)
    )
    Verbatim.objects.bulk_create(
        Verbatim(observation=observation, texte=f"Verbatim n° {i}", statut=StatutPublication.values[i % 3])
        for i, observation in enumerate(observations)
    )
    return irritants


def compter_requetes(client, url: str) -> int:
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
    assert reponse.status_code == 200
    return len(requetes)


# Mesuré : synthèse 7 (public) / 10 (facilitateur) ; page d'un irritant 8 / 11 (session et groupes compris).
BORNE_SYNTHESE = 11
BORNE_DETAIL = 12


@pytest.mark.parametrize("nombre", [10, 500])
@pytest.mark.parametrize("role", ["public", "facilitateur"])
def test_synthese_et_page_d_un_irritant_en_requetes_bornees(client, experimentation, nombre, role):
    irritants = peupler(experimentation, nombre)
    if role == "facilitateur":
        client.force_login(facilitateur())

    nb_synthese = compter_requetes(client, "/irritants/")
    nb_detail = compter_requetes(client, irritants[0].get_absolute_url())

    assert nb_synthese <= BORNE_SYNTHESE, f"/irritants/ : {nb_synthese} requêtes pour {nombre} irritants"
    assert nb_detail <= BORNE_DETAIL, f"page d'un irritant : {nb_detail} requêtes pour {nombre} observations"
    contenu = client.get(irritants[0].get_absolute_url()).content.decode()
    assert f"<strong>{nombre}</strong> observations" in contenu
    assert re.search(r"<strong>4</strong> communes", contenu)
