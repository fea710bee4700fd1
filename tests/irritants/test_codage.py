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
    assert '<details class="cb-depliant cb-fiche__creation" open>' in contenu, (
        "le formulaire de création reste ouvert, avec ses erreurs"
    )
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


# --- La file en flux (htmx) : fiche repliée, compteur, annulation, irritant créé offert partout -----------


def coder_en_flux(client, observation, donnees, *, suivant="/irritants/codage/"):
    return client.post(
        f"/irritants/codage/observations/{observation.pk}/",
        {"file": "1", "suivant": suivant, **donnees},
        **HTMX,
    )


def test_une_fiche_codee_se_replie_et_le_compteur_descend(client_facilitateur, experimentation, observation, irritant):
    ObservationFactory.create_batch(2, experimentation=experimentation)

    reponse = coder_en_flux(client_facilitateur, observation, {"action": "rattacher", "irritants": [irritant.pk]})

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert contenu.lstrip().startswith(
        f'<article class="cb-fiche cb-fiche--codee cb-fiche--resume" id="observation-{observation.pk}"'
    )
    assert 'data-etat="codee"' in contenu
    assert "Coder cette observation" not in contenu, "la fiche repliée n'a plus le choix des irritants"
    # Le compteur de la page et l'annonce aux lecteurs d'écran, hors cible.
    assert '<span id="codage-compteur" hx-swap-oob="true" data-nombre="2">2 observations à coder</span>' in contenu
    assert '<p id="codage-annonce" hx-swap-oob="innerHTML">' in contenu
    assert "rattachée à « Se déplacer sans voiture ». 2 observations à coder." in contenu
    # « Annuler » détache exactement ce codage.
    assert 'name="action" value="annuler"' in contenu
    assert f'<input type="hidden" name="irritants" value="{irritant.pk}">' in contenu


def test_le_compteur_suit_les_filtres_de_la_file(client_facilitateur, experimentation, irritant):
    cahors = CommuneFactory(code_insee="46042", nom="Cahors")
    a_cahors = ObservationFactory.create_batch(3, experimentation=experimentation, communes=[cahors])
    ObservationFactory.create_batch(4, experimentation=experimentation)

    reponse = coder_en_flux(
        client_facilitateur,
        a_cahors[0],
        {"action": "rattacher", "irritants": [irritant.pk]},
        suivant="/irritants/codage/?commune=46042",
    )

    assert '<span id="codage-compteur" hx-swap-oob="true" data-nombre="2">2 observations à coder</span>' in (
        reponse.content.decode()
    )


def test_la_derniere_observation_codee_annonce_la_fin_de_la_file(client_facilitateur, observation, irritant):
    contenu = coder_en_flux(
        client_facilitateur, observation, {"action": "rattacher", "irritants": [irritant.pk]}
    ).content.decode()

    assert 'data-nombre="0">0 observation à coder</span>' in contenu
    assert '<div id="codage-suite" class="cb-suite" hx-swap-oob="true">' in contenu
    assert "Toutes les observations de cette expérimentation sont codées." in contenu


def test_la_fin_d_une_file_filtree_le_dit(client_facilitateur, experimentation, observation, irritant):
    ObservationFactory(experimentation=experimentation, source=SourceObservation.CONSTAT)
    observation.source = SourceObservation.USAGER
    observation.save()

    contenu = coder_en_flux(
        client_facilitateur,
        observation,
        {"action": "rattacher", "irritants": [irritant.pk]},
        suivant="/irritants/codage/?source=usager",
    ).content.decode()

    assert "Plus aucune observation à coder pour ces filtres." in contenu


def test_annuler_un_codage_rouvre_la_fiche_et_remonte_le_compteur(
    client_facilitateur, camille, experimentation, observation, irritant
):
    autre = IrritantFactory(experimentation=experimentation, titre="Des horaires mal connus")
    coder_en_flux(client_facilitateur, observation, {"action": "rattacher", "irritants": [irritant.pk, autre.pk]})

    reponse = coder_en_flux(
        client_facilitateur, observation, {"action": "annuler", "irritants": [irritant.pk, autre.pk]}
    )

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert 'data-etat="annulee"' in contenu
    assert '<details class="cb-depliant cb-fiche__codage" open>' in contenu
    assert 'data-nombre="1">1 observation à coder</span>' in contenu
    assert "Codage annulé" in contenu
    assert not Preuve.objects.exists()
    detachements = EvenementCodage.objects.filter(action=ActionCodage.DETACHEMENT, par=camille)
    assert detachements.count() == 2
    assert set(detachements.values_list("motif", flat=True)) == {"Annulé depuis la file de codage"}


def test_un_irritant_cree_est_offert_aux_autres_fiches_de_la_page(client_facilitateur, experimentation, observation):
    voisines = ObservationFactory.create_batch(2, experimentation=experimentation)
    theme = Theme.objects.get(slug="accompagnement-eloignes")
    prefixe = f"creer-{observation.pk}"

    reponse = coder_en_flux(
        client_facilitateur,
        observation,
        {
            "action": "creer",
            f"{prefixe}-titre": "Personne pour aider à remplir les dossiers",
            f"{prefixe}-theme": theme.pk,
            f"{prefixe}-gravite": 2,
            # Les fiches encore à coder de la page (hx-include), la fiche envoyée comprise.
            "fiches": [observation.pk, *(v.pk for v in voisines), "abc"],
        },
    )

    assert reponse.status_code == 200
    cree = Irritant.objects.get()
    assert cree.statut == "brouillon"
    contenu = reponse.content.decode()
    for voisine in voisines:
        assert f'hx-swap-oob="beforeend:#observation-{voisine.pk}-theme-{theme.pk}-liste"' in contenu
        assert f'id="observation-{voisine.pk}-irritant-{cree.pk}"' in contenu
    assert f"beforeend:#observation-{observation.pk}-" not in contenu, "la fiche envoyée est remplacée, pas complétée"
    assert "nouveau, brouillon" in contenu
    # Dans la fiche repliée : l'état du nouvel irritant et de quoi le publier.
    assert f'action="/irritants/{cree.pk}/publication/"' in contenu
    # Le public ne voit pas le brouillon.
    anonyme = Client()
    assert "Personne pour aider" not in anonyme.get("/irritants/").content.decode()
    assert anonyme.get(cree.get_absolute_url()).status_code == 404
    assert "Personne pour aider" not in anonyme.get("/api/irritants/").content.decode()


def test_la_file_offre_une_place_a_chaque_theme_meme_vide(client_facilitateur, experimentation, observation):
    """Un irritant créé sur la page doit pouvoir apparaître dans un thème qui n'en avait aucun."""
    contenu = client_facilitateur.get("/irritants/codage/").content.decode()

    for theme in Theme.objects.all():
        assert f'id="observation-{observation.pk}-theme-{theme.pk}-liste"' in contenu


@pytest.mark.parametrize("titre", ["SE DÉPLACER SANS VOITURE", "se deplacer sans voiture."])
def test_creer_un_doublon_est_refuse_et_propose_l_existant(client_facilitateur, observation, irritant, titre):
    prefixe = f"creer-{observation.pk}"

    reponse = coder_en_flux(
        client_facilitateur,
        observation,
        {"action": "creer", f"{prefixe}-titre": titre, f"{prefixe}-theme": irritant.theme_id, f"{prefixe}-gravite": 2},
    )

    assert reponse.status_code == 400
    contenu = reponse.content.decode()
    assert Irritant.objects.count() == 1
    assert "Un irritant porte déjà ce titre" in contenu
    assert f"(n° {irritant.pk})" in contenu
    assert f'<input type="hidden" name="irritants" value="{irritant.pk}">' in contenu
    assert "Rattacher à cet irritant" in contenu
    assert "Créer quand même" not in contenu, "un titre identique ne se crée pas en double"
    assert 'name="confirmer_titre"' not in contenu


def test_un_titre_proche_demande_confirmation(client_facilitateur, experimentation, observation):
    existant = IrritantFactory(experimentation=experimentation, titre="Des courriers administratifs incompréhensibles")
    prefixe = f"creer-{observation.pk}"
    donnees = {
        "action": "creer",
        f"{prefixe}-titre": "Courriers administratifs incompréhensibles pour les aînés",
        f"{prefixe}-theme": existant.theme_id,
        f"{prefixe}-gravite": 2,
    }

    avertissement = coder_en_flux(client_facilitateur, observation, donnees)
    contenu = avertissement.content.decode()

    assert avertissement.status_code == 400
    assert Irritant.objects.count() == 1
    assert "Un irritant au titre proche existe déjà" in contenu
    assert "Créer quand même" in contenu
    assert 'value="courriers administratifs incomprehensibles pour les aines"' in contenu
    # Le titre confirmé est celui montré : un autre titre tapé depuis repasse par la vérification.
    autre_titre = {**donnees, f"{prefixe}-titre": "Courriers administratifs illisibles", "confirmer_titre": "x"}
    assert coder_en_flux(client_facilitateur, observation, autre_titre).status_code == 400

    confirme = coder_en_flux(
        client_facilitateur,
        observation,
        {**donnees, "confirmer_titre": "courriers administratifs incomprehensibles pour les aines"},
    )

    assert confirme.status_code == 200
    assert Irritant.objects.count() == 2


def test_la_serie_suivante_se_charge_sans_les_fiches_deja_affichees(client_facilitateur, experimentation):
    observations = [
        ObservationFactory(experimentation=experimentation, date=datetime.date(2018, 1, 2 + i), texte=f"Fiche {i}")
        for i in range(14)
    ]
    affichees = observations[:10]

    reponse = client_facilitateur.get(
        "/irritants/codage/",
        {"fiches": [o.pk for o in affichees[3:]]},  # trois fiches ont été codées sur la page
        HTTP_HX_TARGET="file-codage",
        **HTMX,
    )

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "<html" not in contenu
    textes = re.findall(r'<p class="cb-fiche__texte">([^<]+)</p>', contenu)
    assert textes == ["Fiche 0", "Fiche 1", "Fiche 2", "Fiche 10", "Fiche 11", "Fiche 12", "Fiche 13"]
    assert contenu.count('data-etat="nouvelle"') == 7
    assert '<span id="codage-compteur" hx-swap-oob="true" data-nombre="14">14 observations à coder</span>' in contenu


def test_publier_depuis_une_fiche_remplace_son_seul_etat(client_facilitateur, experimentation):
    brouillon = IrritantFactory(experimentation=experimentation, brouillon=True, titre="Des délais trop longs")

    reponse = client_facilitateur.post(
        f"/irritants/{brouillon.pk}/publication/",
        {"action": "publier", "suivant": "/irritants/codage/"},
        **HTMX,
    )

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "<html" not in contenu
    assert '<span class="fr-badge fr-badge--sm fr-badge--success">Publié</span>' in contenu
    assert "« Des délais trop longs » est publié" in contenu
    brouillon.refresh_from_db()
    assert brouillon.est_publie
    assert "Des délais trop longs" in Client().get("/irritants/").content.decode()


def test_publier_sans_javascript_revient_a_la_page_d_origine(client_facilitateur, experimentation):
    brouillon = IrritantFactory(experimentation=experimentation, brouillon=True)

    reponse = client_facilitateur.post(
        f"/irritants/{brouillon.pk}/publication/",
        {"action": "publier", "suivant": f"/irritants/#irritant-{brouillon.pk}"},
    )
    piege = client_facilitateur.post(
        f"/irritants/{brouillon.pk}/publication/", {"action": "depublier", "suivant": "https://exemple.com/"}
    )

    assert reponse["Location"] == f"/irritants/#irritant-{brouillon.pk}"
    assert piege["Location"] == "/irritants/codage/"


def test_la_synthese_propose_de_publier_un_brouillon_aux_seuls_facilitateurs(client_facilitateur, experimentation):
    brouillon = IrritantFactory(experimentation=experimentation, brouillon=True)
    IrritantFactory(experimentation=experimentation)

    contenu = client_facilitateur.get("/irritants/").content.decode()

    assert contenu.count('name="action" value="publier"') == 1
    assert f'action="/irritants/{brouillon.pk}/publication/"' in contenu


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
    assert (
        f"« Bus trop rares » (n° {source.pk}) a été fusionné dans « Se déplacer sans voiture » (n° {cible.pk})"
        in reponse.content.decode()
    )
    assert cible.observations.count() == 3
    assert EvenementCodage.objects.get(action=ActionCodage.FUSION).par == camille


def test_la_fusion_distingue_deux_irritants_au_meme_titre(client_facilitateur, experimentation):
    """Deux irritants d'avant la règle du titre unique (ou aux titres proches) : numéros, états et observations."""
    premier = IrritantFactory(experimentation=experimentation, titre="Renvoyé d'un guichet à l'autre")
    second = IrritantFactory(experimentation=experimentation, titre="Renvoyés d'un guichet à l'autre", brouillon=True)
    PreuveFactory.create_batch(2, irritant=premier)

    formulaire = client_facilitateur.get("/irritants/fusion/").content.decode()
    confirmation = client_facilitateur.post("/irritants/fusion/", {"source": second.pk, "cible": premier.pk})

    assert "Doublons possibles" in formulaire
    assert f"?source={second.pk}&amp;cible={premier.pk}" in formulaire
    assert f"n° {premier.pk} — Renvoyé d&#x27;un guichet à l&#x27;autre — " in formulaire
    assert ", publié, 2 observations, créé le " in formulaire
    assert ", brouillon, 0 observation, créé le " in formulaire
    texte = re.sub(r"\s+", " ", confirmation.content.decode().replace("&nbsp;", " "))
    assert (
        f"« Renvoyé d&#x27;un guichet à l&#x27;autre » (n° {premier.pk}, 2 observations) recevra les observations "
        f"de « Renvoyés d&#x27;un guichet à l&#x27;autre » (n° {second.pk}, 0 observation)"
    ) in texte


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


# Mesuré : rattachement en flux 21 (dont le décompte de la file filtrée) ; création en flux 30 (titre vérifié,
# irritants voisins cherchés, 5 points de sauvegarde), quel que soit le nombre de fiches à compléter.
BORNE_FLUX = 21
BORNE_CREATION = 30


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

    # La file en flux : la fiche repliée, le compteur recalculé avec les filtres de la file.
    sur_la_page = [o.pk for o in observations[1:11]]
    suivant = f"/irritants/codage/?commune={commune}"
    flux = {"file": "1", "suivant": suivant, "fiches": sur_la_page}
    with CaptureQueriesContext(connection) as requetes:
        reponse = client_facilitateur.post(
            f"/irritants/codage/observations/{observations[1].pk}/",
            {**flux, "action": "rattacher", "irritants": [_irritants[1].pk]},
            **HTMX,
        )
    assert reponse.status_code == 200
    assert len(requetes) <= BORNE_FLUX, f"rattachement en flux : {len(requetes)} requêtes pour {nombre} lignes"

    # Créer un irritant et l'offrir aux autres fiches de la page ne coûte pas une requête par fiche.
    prefixe = f"creer-{observations[2].pk}"
    theme = Theme.objects.first()
    with CaptureQueriesContext(connection) as requetes:
        reponse = client_facilitateur.post(
            f"/irritants/codage/observations/{observations[2].pk}/",
            {
                **flux,
                "action": "creer",
                f"{prefixe}-titre": "Un titre sans voisin zzz",
                f"{prefixe}-theme": theme.pk,
                f"{prefixe}-gravite": 2,
            },
            **HTMX,
        )
    assert reponse.status_code == 200, reponse.content.decode()[:500]
    assert len(requetes) <= BORNE_CREATION, f"création en flux : {len(requetes)} requêtes pour {nombre} lignes"

    # La série suivante (htmx), sans les fiches déjà sur la page.
    with CaptureQueriesContext(connection) as requetes:
        reponse = client_facilitateur.get(
            "/irritants/codage/", {"fiches": sur_la_page}, HTTP_HX_TARGET="file-codage", **HTMX
        )
    assert reponse.status_code == 200
    assert len(requetes) <= 13, f"série suivante : {len(requetes)} requêtes pour {nombre} lignes"


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
