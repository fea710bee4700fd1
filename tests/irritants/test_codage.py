"""Écran de codage (htmx et sans JavaScript), fusion et journal : accès, écritures, erreurs, requêtes bornées."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comptes.models import User
from irritants import services
from irritants.enums import ActionCodage
from irritants.models import EvenementCodage, Irritant, Preuve, Theme
from terrain.enums import SourceObservation
from terrain.models import Observation
from tests.comptes.factories import agent, facilitateur
from tests.experimentations.factories import ExperimentationFactory
from tests.irritants.factories import IrritantFactory, PreuveFactory
from tests.irritants.test_services import themes_initiaux
from tests.terrain.factories import EntretienFactory, ObservationFactory, VerbatimFactory
from tests.territoire.factories import CommuneFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _themes():
    return themes_initiaux()


@pytest.fixture
def experimentation():
    return ExperimentationFactory(slug="cahors-2018")


@pytest.fixture
def camille():
    return facilitateur(username="camille", first_name="Camille", last_name="Durand")


@pytest.fixture
def client_facilitateur(client, camille):
    client.force_login(camille)
    return client


@pytest.fixture
def observation(experimentation):
    observation = ObservationFactory(
        experimentation=experimentation, texte="Le bus pour Cahors ne passe que deux fois par jour."
    )
    VerbatimFactory(observation=observation, texte="Je demande à ma voisine de m'emmener.")
    return observation


@pytest.fixture
def irritant(experimentation):
    return IrritantFactory(experimentation=experimentation, titre="Se déplacer sans voiture")


# --- Accès ----------------------------------------------------------------------------------------------

PAGES_RESERVEES = ["/irritants/codage/", "/irritants/fusion/", "/irritants/journal/"]


@pytest.mark.parametrize("url", PAGES_RESERVEES)
def test_anonyme_redirige_vers_la_connexion(client, url):
    reponse = client.get(url)

    assert reponse.status_code == 302
    assert reponse["Location"].startswith("/comptes/login/?next=")


def test_anonyme_ne_peut_pas_coder(client, observation, irritant):
    reponse = client.post(
        f"/irritants/codage/observations/{observation.pk}/", {"action": "rattacher", "irritants": [irritant.pk]}
    )

    assert reponse.status_code == 302
    assert not Preuve.objects.exists()


def test_une_session_expiree_en_htmx_renvoie_toute_la_page_a_la_connexion(client, observation, irritant):
    reponse = client.post(
        f"/irritants/codage/observations/{observation.pk}/",
        {"action": "rattacher", "irritants": [irritant.pk]},
        HTTP_HX_CURRENT_URL="http://testserver/irritants/codage/?origine=terrain",
        **HTMX,
    )

    assert reponse.status_code == 200
    assert reponse["HX-Redirect"] == "/comptes/login/?next=/irritants/codage/%3Forigine%3Dterrain"
    assert not Preuve.objects.exists()


@pytest.mark.parametrize("url", PAGES_RESERVEES)
def test_un_agent_recoit_un_403_en_francais(client, url):
    client.force_login(agent())

    reponse = client.get(url)

    assert reponse.status_code == 403
    assert "Accès réservé aux facilitateurs" in reponse.content.decode()


def test_un_agent_ne_peut_pas_rattacher(client, observation, irritant):
    client.force_login(agent())

    reponse = client.post(
        f"/irritants/codage/observations/{observation.pk}/",
        {"action": "rattacher", "irritants": [irritant.pk]},
        **HTMX,
    )

    assert reponse.status_code == 403
    assert not Preuve.objects.exists()


# --- File de codage -------------------------------------------------------------------------------------


def test_la_file_montre_les_observations_non_codees_avec_les_irritants_par_theme(
    client_facilitateur, experimentation, observation, irritant
):
    codee = ObservationFactory(experimentation=experimentation, texte="Observation déjà codée")
    PreuveFactory(irritant=irritant, observation=codee)
    ailleurs = ObservationFactory(
        texte="Observation d'une autre expérimentation",
        experimentation=ExperimentationFactory(date_lancement=datetime.date(2016, 1, 1)),
    )

    contenu = client_facilitateur.get("/irritants/codage/").content.decode()

    assert observation.texte in contenu
    assert "Je demande à ma voisine de m&#x27;emmener." in contenu
    assert codee.texte not in contenu
    assert ailleurs.texte not in contenu
    assert "1 observation à coder" in contenu
    assert irritant.theme.nom in contenu
    assert f'hx-post="/irritants/codage/observations/{observation.pk}/"' in contenu
    assert f'value="{irritant.pk}"' in contenu
    assert '"X-CSRFToken"' in contenu


def test_la_file_se_filtre(client_facilitateur, experimentation):
    cahors = CommuneFactory(code_insee="46042", nom="Cahors")
    a_cahors = ObservationFactory(
        experimentation=experimentation,
        texte="Observation à Cahors",
        communes=[cahors],
        source=SourceObservation.USAGER,
    )
    ObservationFactory(experimentation=experimentation, texte="Observation ailleurs")
    en_entretien = ObservationFactory(
        experimentation=experimentation,
        texte="Observation d'entretien",
        entretien=EntretienFactory(experimentation=experimentation),
        source=SourceObservation.RAPPORTE,
    )

    par_commune = client_facilitateur.get("/irritants/codage/?commune=46042").content.decode()
    par_origine = client_facilitateur.get("/irritants/codage/?origine=entretien").content.decode()
    par_source = client_facilitateur.get("/irritants/codage/?source=rapporte").content.decode()

    assert a_cahors.texte in par_commune and "Observation ailleurs" not in par_commune
    assert "Cahors (46042)" in par_commune
    assert "Observation d&#x27;entretien" in par_origine and a_cahors.texte not in par_origine
    assert "Observation d&#x27;entretien" in par_source and a_cahors.texte not in par_source
    assert en_entretien.pk


def test_un_filtre_invalide_est_signale_en_400(client_facilitateur, experimentation, observation):
    reponse = client_facilitateur.get("/irritants/codage/?origine=nulle-part&commune=abc")

    assert reponse.status_code == 400
    contenu = reponse.content.decode()
    # Les filtres de la file sont ceux de la liste des observations : mêmes noms, mêmes messages.
    assert "Sélectionnez un choix valide" in contenu
    assert "Le code INSEE d&#x27;une commune compte 5 caractères" in contenu


# --- Rattacher, annuler, créer (htmx) -------------------------------------------------------------------


def test_rattacher_en_htmx_renvoie_la_seule_fiche_et_code_l_observation(
    client_facilitateur, camille, experimentation, observation, irritant
):
    autre = IrritantFactory(experimentation=experimentation, titre="Des horaires mal connus")

    reponse = client_facilitateur.post(
        f"/irritants/codage/observations/{observation.pk}/",
        {"action": "rattacher", "irritants": [irritant.pk, autre.pk], "suivant": "/irritants/codage/"},
        **HTMX,
    )

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "<html" not in contenu, "une requête htmx reçoit la fiche seule"
    assert contenu.lstrip().startswith(f'<article class="cb-fiche cb-fiche--codee" id="observation-{observation.pk}"')
    assert "Codée" in contenu
    assert "Observation rattachée à « Des horaires mal connus », « Se déplacer sans voiture »." in contenu
    assert 'Annuler<span class="fr-sr-only"> le rattachement à « Se déplacer sans voiture »' in contenu
    assert set(observation.irritants.all()) == {irritant, autre}
    assert EvenementCodage.objects.filter(action=ActionCodage.RATTACHEMENT, par=camille).count() == 2
    # Codée, elle quitte la file.
    assert observation.texte not in client_facilitateur.get("/irritants/codage/").content.decode()


def test_annuler_un_rattachement_en_htmx(client_facilitateur, observation, irritant):
    PreuveFactory(irritant=irritant, observation=observation)

    reponse = client_facilitateur.post(
        f"/irritants/codage/observations/{observation.pk}/",
        {"action": "retirer", "irritant": irritant.pk},
        **HTMX,
    )

    assert reponse.status_code == 200
    assert "Observation détachée de « Se déplacer sans voiture »." in reponse.content.decode()
    assert "À coder" in reponse.content.decode()
    assert not Preuve.objects.exists()
    assert EvenementCodage.objects.get().action == ActionCodage.DETACHEMENT


def test_creer_un_irritant_depuis_la_fiche(client_facilitateur, experimentation, observation):
    theme = Theme.objects.get(slug="accompagnement-eloignes")
    prefixe = f"creer-{observation.pk}"

    reponse = client_facilitateur.post(
        f"/irritants/codage/observations/{observation.pk}/",
        {
            "action": "creer",
            f"{prefixe}-titre": "Personne pour aider à remplir les dossiers",
            f"{prefixe}-theme": theme.pk,
            f"{prefixe}-gravite": 3,
            f"{prefixe}-description": "",
        },
        **HTMX,
    )

    assert reponse.status_code == 200
    irritant = Irritant.objects.get()
    assert (irritant.titre, irritant.theme, irritant.experimentation) == (
        "Personne pour aider à remplir les dossiers",
        theme,
        experimentation,
    )
    assert list(irritant.observations.all()) == [observation]
    assert "Irritant « Personne pour aider à remplir les dossiers » créé" in reponse.content.decode()


def test_creer_un_irritant_sans_titre_renvoie_la_fiche_en_400(client_facilitateur, observation):
    prefixe = f"creer-{observation.pk}"

    reponse = client_facilitateur.post(
        f"/irritants/codage/observations/{observation.pk}/",
        {"action": "creer", f"{prefixe}-titre": "  ", f"{prefixe}-theme": "", f"{prefixe}-gravite": 2},
        **HTMX,
    )

    assert reponse.status_code == 400
    contenu = reponse.content.decode()
    assert "L&#x27;irritant n&#x27;a pas été créé" in contenu
    assert "Donnez un titre à l&#x27;irritant." in contenu
    assert "Choisissez un thème." in contenu
    assert "<details open>" in contenu, "le formulaire de création reste ouvert, avec ses erreurs"
    assert not Irritant.objects.exists()
    assert not EvenementCodage.objects.exists()


def test_rattacher_sans_rien_cocher_est_signale(client_facilitateur, observation, irritant):
    reponse = client_facilitateur.post(
        f"/irritants/codage/observations/{observation.pk}/", {"action": "rattacher"}, **HTMX
    )

    assert reponse.status_code == 400
    assert "Cochez au moins un irritant, ou créez-en un." in reponse.content.decode()


def test_rattacher_a_un_irritant_d_une_autre_experimentation_ne_garde_rien(client_facilitateur, observation, irritant):
    d_ailleurs = IrritantFactory(experimentation=ExperimentationFactory())

    reponse = client_facilitateur.post(
        f"/irritants/codage/observations/{observation.pk}/",
        {"action": "rattacher", "irritants": [irritant.pk, d_ailleurs.pk]},
        **HTMX,
    )

    assert reponse.status_code == 400
    assert "n&#x27;existe plus ou a été fusionné" in reponse.content.decode()
    assert not Preuve.objects.exists(), "tout ou rien : le rattachement valide n'est pas gardé non plus"


@pytest.mark.parametrize("donnees", [{"action": "effacer"}, {"action": "rattacher", "irritants": ["abc"]}])
def test_une_requete_malformee_est_refusee_en_400(client_facilitateur, observation, donnees):
    reponse = client_facilitateur.post(f"/irritants/codage/observations/{observation.pk}/", donnees, **HTMX)

    assert reponse.status_code == 400
    assert not Preuve.objects.exists()


def test_observation_inconnue_404(client_facilitateur):
    assert (
        client_facilitateur.post("/irritants/codage/observations/999999/", {"action": "rattacher"}).status_code == 404
    )


# --- Sans JavaScript ------------------------------------------------------------------------------------


def test_sans_javascript_le_formulaire_redirige_vers_la_file(client_facilitateur, observation, irritant):
    reponse = client_facilitateur.post(
        f"/irritants/codage/observations/{observation.pk}/",
        {"action": "rattacher", "irritants": [irritant.pk], "suivant": "/irritants/codage/?origine=terrain"},
    )

    assert reponse.status_code == 302
    assert reponse["Location"] == "/irritants/codage/?origine=terrain"
    assert Preuve.objects.filter(irritant=irritant, observation=observation).exists()
    suite = client_facilitateur.get(reponse["Location"]).content.decode()
    assert "Observation rattachée à « Se déplacer sans voiture »." in suite
    assert f'<a href="/irritants/codage/observations/{observation.pk}/">Voir la fiche et annuler</a>' in suite


def test_sans_javascript_une_adresse_de_retour_externe_est_ignoree(client_facilitateur, observation, irritant):
    reponse = client_facilitateur.post(
        f"/irritants/codage/observations/{observation.pk}/",
        {"action": "rattacher", "irritants": [irritant.pk], "suivant": "https://exemple.com/piege"},
    )

    assert reponse["Location"] == "/irritants/codage/"


def test_sans_javascript_une_erreur_affiche_la_fiche_en_page_entiere(client_facilitateur, observation):
    reponse = client_facilitateur.post(f"/irritants/codage/observations/{observation.pk}/", {"action": "rattacher"})

    assert reponse.status_code == 400
    contenu = reponse.content.decode()
    assert "<html" in contenu
    assert "Cochez au moins un irritant, ou créez-en un." in contenu


def test_la_fiche_d_une_observation_codee_propose_d_annuler(client_facilitateur, observation, irritant):
    PreuveFactory(irritant=irritant, observation=observation)

    contenu = client_facilitateur.get(f"/irritants/codage/observations/{observation.pk}/").content.decode()

    assert "Rattachée à" in contenu
    assert 'name="action" value="retirer"' in contenu


def test_le_jeton_csrf_des_en_tetes_htmx_est_accepte(camille, observation, irritant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(camille)
    page = client.get("/irritants/codage/").content.decode()
    en_tetes = json.loads(re.search(r"hx-headers='([^']+)'", page).group(1))

    sans_jeton = client.post(
        f"/irritants/codage/observations/{observation.pk}/",
        {"action": "rattacher", "irritants": [irritant.pk]},
        **HTMX,
    )
    avec_jeton = client.post(
        f"/irritants/codage/observations/{observation.pk}/",
        {"action": "rattacher", "irritants": [irritant.pk]},
        HTTP_X_CSRFTOKEN=en_tetes["X-CSRFToken"],
        **HTMX,
    )

    assert sans_jeton.status_code == 403
    assert avec_jeton.status_code == 200
    assert Preuve.objects.filter(irritant=irritant, observation=observation).exists()


# --- Fusion ---------------------------------------------------------------------------------------------


def test_fusionner_apres_confirmation(client_facilitateur, camille, experimentation):
    source = IrritantFactory(experimentation=experimentation, titre="Bus trop rares")
    cible = IrritantFactory(experimentation=experimentation, titre="Se déplacer sans voiture")
    PreuveFactory.create_batch(2, irritant=source)
    PreuveFactory(irritant=cible)

    formulaire = client_facilitateur.get(f"/irritants/fusion/?source={source.pk}")
    confirmation = client_facilitateur.post("/irritants/fusion/", {"source": source.pk, "cible": cible.pk})

    assert formulaire.status_code == 200
    assert f'<option value="{source.pk}" selected>' in formulaire.content.decode()
    assert confirmation.status_code == 200
    assert "Confirmer la fusion" in confirmation.content.decode()
    assert "2 observations" in confirmation.content.decode()
    source.refresh_from_db()
    assert source.fusionne_dans is None, "rien n'est fusionné avant la confirmation"

    reponse = client_facilitateur.post(
        "/irritants/fusion/", {"source": source.pk, "cible": cible.pk, "confirmer": "1"}, follow=True
    )

    assert reponse.redirect_chain == [(cible.get_absolute_url(), 302)]
    assert "« Bus trop rares » a été fusionné dans « Se déplacer sans voiture »" in reponse.content.decode()
    assert cible.observations.count() == 3
    assert EvenementCodage.objects.get(action=ActionCodage.FUSION).par == camille


def test_fusionner_un_irritant_avec_lui_meme_est_refuse_en_400(client_facilitateur, irritant):
    reponse = client_facilitateur.post(
        "/irritants/fusion/", {"source": irritant.pk, "cible": irritant.pk, "confirmer": "1"}
    )

    assert reponse.status_code == 400
    assert "un irritant ne se fusionne pas avec lui-même" in reponse.content.decode()
    irritant.refresh_from_db()
    assert irritant.fusionne_dans is None


def test_fusionner_un_irritant_deja_fusionne_est_refuse_en_400(client_facilitateur, experimentation, irritant):
    absorbe = IrritantFactory(experimentation=experimentation, fusionne_dans=irritant)
    autre = IrritantFactory(experimentation=experimentation)

    reponse = client_facilitateur.post(
        "/irritants/fusion/", {"source": absorbe.pk, "cible": autre.pk, "confirmer": "1"}
    )

    assert reponse.status_code == 400
    assert "Cet irritant n&#x27;existe plus ou a déjà été fusionné." in reponse.content.decode()
    assert not EvenementCodage.objects.exists()


# --- Journal --------------------------------------------------------------------------------------------


def test_le_journal_dit_qui_a_code_quoi(client_facilitateur, camille, observation, irritant):
    client_facilitateur.post(
        f"/irritants/codage/observations/{observation.pk}/",
        {"action": "rattacher", "irritants": [irritant.pk]},
        **HTMX,
    )

    contenu = client_facilitateur.get("/irritants/journal/").content.decode()

    assert "Camille Durand" in contenu
    assert "Rattachement d&#x27;une observation" in contenu
    assert irritant.titre in contenu
    assert f'href="/terrain/observations/{observation.pk}/"' in contenu


def test_une_page_de_journal_inexistante_404(client_facilitateur, experimentation):
    assert client_facilitateur.get("/irritants/journal/?page=abc").status_code == 404
    assert client_facilitateur.get("/irritants/journal/?page=99").status_code == 404


# --- Nombre de requêtes borné ---------------------------------------------------------------------------


def peupler_file(experimentation, nombre: int, camille):
    """`nombre` irritants, `nombre` observations non codées et `nombre` événements du journal, en masse."""
    commune = CommuneFactory()
    themes = list(Theme.objects.all())
    irritants = Irritant.objects.bulk_create(
        Irritant(experimentation=experimentation, titre=f"Irritant n° {i}", theme=themes[i % len(themes)])
        for i in range(nombre)
    )
    observations = Observation.objects.bulk_create(
        Observation(
            experimentation=experimentation,
            date=datetime.date(2018, 1, 1 + i % 28),
            texte=f"Observation n° {i}",
            source=SourceObservation.USAGER,
        )
        for i in range(nombre)
    )
    Observation.communes.through.objects.bulk_create(
        Observation.communes.through(observation=observation, commune=commune) for observation in observations
    )
    EvenementCodage.objects.bulk_create(
        EvenementCodage(action=ActionCodage.CREATION, irritant=irritant, par=camille) for irritant in irritants
    )
    return irritants, observations


def compter_requetes(client, url: str) -> int:
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
    assert reponse.status_code == 200, url
    return len(requetes)


# Mesuré : file de codage 13 (ses filtres sont ceux de la liste des observations, dont les publics), journal 7
# (session, utilisateur et groupes compris).
BORNES = {
    "/irritants/codage/": 13,
    "/irritants/codage/?commune={commune}&origine=terrain": 14,  # + la commune du filtre
    "/irritants/journal/": 7,
    "/irritants/journal/?page=2": 7,
}


@pytest.mark.parametrize("nombre", [10, 500])
def test_codage_et_journal_en_requetes_bornees(client_facilitateur, camille, experimentation, nombre):
    _irritants, observations = peupler_file(experimentation, nombre, camille)
    commune = observations[0].communes.get().code_insee

    for modele, borne in BORNES.items():
        url = modele.format(commune=commune)
        if "page=2" in url and nombre <= 50:
            continue
        nb = compter_requetes(client_facilitateur, url)
        assert nb <= borne, f"{url} : {nb} requêtes pour {nombre} lignes (borne {borne})"

    with CaptureQueriesContext(connection) as requetes:
        reponse = client_facilitateur.post(
            f"/irritants/codage/observations/{observations[0].pk}/",
            {"action": "rattacher", "irritants": [_irritants[0].pk]},
            **HTMX,
        )
    assert reponse.status_code == 200
    # Mesuré : 21, dont 6 points de sauvegarde ; chaque irritant coché en plus ajoute ses 5 écritures.
    assert len(requetes) <= 21, f"rattachement htmx : {len(requetes)} requêtes pour {nombre} irritants"


# --- Administration -------------------------------------------------------------------------------------


def test_l_administration_montre_preuves_et_journal_en_lecture_seule(client, camille, observation, irritant):
    client.force_login(User.objects.create_superuser("admin", "admin@exemple.fr", "mot-de-passe-admin-42"))
    services.preuve_ajouter(acteur=camille, irritant=irritant, observation=observation)

    for url in (
        "/admin/irritants/irritant/",
        f"/admin/irritants/irritant/{irritant.pk}/change/",
        "/admin/irritants/theme/",
        "/admin/irritants/evenementcodage/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/irritants/evenementcodage/add/").status_code == 403
    fiche = client.get(f"/admin/irritants/irritant/{irritant.pk}/change/").content.decode()
    assert observation.texte[:40] in fiche
