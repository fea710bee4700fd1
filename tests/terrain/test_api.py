"""API des observations : droits par objet, création par le service, erreurs en français, requêtes bornées."""

import datetime
import uuid

import pytest
import yaml
from rest_framework.test import APIClient

from terrain.enums import StatutPublication, TypeObservation
from terrain.models import Observation, Verbatim
from tests.comptes.factories import UserFactory, agent, facilitateur
from tests.experimentations.factories import ExperimentationFactory
from tests.irritants.factories import IrritantFactory, PreuveFactory
from tests.terrain.factories import EntretienFactory, ObservationFactory, PublicFactory, VerbatimFactory
from tests.territoire.factories import CommuneDelegueeFactory, CommuneFactory, LieuAccueilFactory

URL = "/api/observations/"


@pytest.fixture
def experimentation():
    return ExperimentationFactory(
        nom="Carte Blanche à Cahors",
        slug="cahors-2018",
        date_lancement=datetime.date(2017, 12, 15),
        date_echeance_promesses=datetime.date(2018, 12, 31),
    )


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def cahors():
    return CommuneFactory(code_insee="46042", nom="Cahors")


def connecte(api, utilisateur):
    api.force_authenticate(utilisateur)
    return utilisateur


def donnees(**autres):
    return {
        "experimentation": "cahors-2018",
        "date": "2018-01-16",
        "texte": "Sans voiture, impossible d'aller à la CAF le mardi.",
        "type": "difficulte",
        "source": "usager",
        **autres,
    }


def test_l_api_refuse_les_anonymes_et_les_participants(api, experimentation):
    observation = ObservationFactory(experimentation=experimentation)
    assert api.get(URL).status_code in (401, 403)
    assert api.get(f"{URL}{observation.pk}/").status_code in (401, 403)
    assert api.post(URL, donnees(), format="json").status_code in (401, 403)
    connecte(api, UserFactory(role="participant"))
    assert api.get(URL).status_code == 403
    assert Observation.objects.count() == 1


def test_un_agent_cree_une_observation_qu_il_est_seul_a_voir(api, experimentation, cahors):
    moi = connecte(api, agent())
    public = PublicFactory(slug="seniors-test", nom="Seniors")
    lieu = LieuAccueilFactory(commune=cahors)

    reponse = api.post(
        URL,
        donnees(
            communes=["46042"],
            lieux=[lieu.pk],
            publics=["seniors-test"],
            verbatim={"texte": "Le bus passe deux fois par jour.", "tranche_age": "60_74", "commune": "46042"},
        ),
        format="json",
    )

    assert reponse.status_code == 201, reponse.json()
    corps = reponse.json()
    observation = Observation.objects.get(pk=corps["id"])
    assert observation.auteur == moi
    assert list(observation.communes.all()) == [cahors]
    assert list(observation.publics.all()) == [public]
    assert corps["communes"] == ["46042"]
    assert corps["lieux"] == [lieu.pk]
    assert corps["origine"] == "terrain"
    assert corps["verbatims"][0]["texte"] == "Le bus passe deux fois par jour."
    assert corps["verbatims"][0]["statut"] == StatutPublication.INTERNE
    assert "verbatim" not in corps  # écriture seule

    assert [o["id"] for o in api.get(URL).json()["results"]] == [observation.pk]
    connecte(api, agent())
    assert api.get(URL).json()["results"] == []
    assert api.get(f"{URL}{observation.pk}/").status_code == 404
    connecte(api, facilitateur())
    assert [o["id"] for o in api.get(URL).json()["results"]] == [observation.pk]


def test_un_envoi_repete_avec_le_meme_uuid_ne_cree_qu_une_observation(api, experimentation):
    connecte(api, agent())
    identifiant = str(uuid.uuid4())

    premiere = api.post(URL, donnees(uuid_client=identifiant), format="json")
    seconde = api.post(URL, donnees(uuid_client=identifiant), format="json")

    assert premiere.status_code == 201
    assert seconde.status_code == 200
    assert premiere.json()["id"] == seconde.json()["id"]
    assert Observation.objects.count() == 1


def test_un_facilitateur_lit_toutes_les_observations(api, experimentation):
    ObservationFactory(experimentation=experimentation, auteur=agent(), texte="A")
    ObservationFactory(experimentation=experimentation, auteur=agent(), texte="B")
    connecte(api, facilitateur())

    reponse = api.get(URL)

    assert reponse.status_code == 200
    assert {o["texte"] for o in reponse.json()["results"]} == {"A", "B"}


def test_l_observation_d_un_autre_repond_404_en_lecture_et_en_modification(api, experimentation):
    autre = ObservationFactory(experimentation=experimentation, auteur=agent(), texte="Pas à moi")
    connecte(api, agent())

    assert api.get(f"{URL}{autre.pk}/").status_code == 404
    assert api.patch(f"{URL}{autre.pk}/", {"texte": "Piraté"}, format="json").status_code == 404
    assert api.put(f"{URL}{autre.pk}/", donnees(texte="Piraté"), format="json").status_code == 404
    autre.refresh_from_db()
    assert autre.texte == "Pas à moi"


def test_un_agent_modifie_son_observation_par_le_service(api, experimentation):
    moi = connecte(api, agent())
    observation = ObservationFactory(experimentation=experimentation, auteur=moi, texte="Avant")

    reponse = api.patch(f"{URL}{observation.pk}/", {"texte": "Après", "type": "besoin"}, format="json")

    assert reponse.status_code == 200, reponse.json()
    observation.refresh_from_db()
    assert (observation.texte, observation.type) == ("Après", TypeObservation.BESOIN)
    assert reponse.json()["texte"] == "Après"


def test_le_facilitateur_modifie_l_observation_d_un_agent(api, experimentation):
    observation = ObservationFactory(experimentation=experimentation, auteur=agent(), texte="Avant")
    connecte(api, facilitateur())
    assert api.patch(f"{URL}{observation.pk}/", {"texte": "Reformulée"}, format="json").status_code == 200
    observation.refresh_from_db()
    assert observation.texte == "Reformulée"


@pytest.mark.parametrize(
    ("champs", "cle", "extrait"),
    [
        ({"texte": "x" * 2001}, "texte", "trop long"),
        ({"date": "2019-06-01"}, "date", "en dehors de l'expérimentation « Carte Blanche à Cahors »"),
        ({"date": "2018-13-45"}, "date", "La date n’a pas le bon format"),
        ({"communes": ["99999"]}, "communes", "Aucune commune connue ne porte le code INSEE « 99999 »."),
        ({"communes": ["Cahors"]}, "communes", "n'est pas un code INSEE"),
        ({"experimentation": "inconnue"}, "experimentation", "n'existe pas"),
        ({"type": "rumeur"}, "type", "n'est pas un choix valide"),
        ({"verbatim": {"texte": "y" * 1001}}, "verbatim", "Le verbatim est trop long"),
        ({"lieux": [999999]}, "lieux", "n'existe pas"),
    ],
)
def test_une_saisie_invalide_repond_400_en_francais_et_n_enregistre_rien(api, experimentation, champs, cle, extrait):
    connecte(api, agent())

    reponse = api.post(URL, donnees(**champs), format="json")

    assert reponse.status_code == 400
    erreurs = reponse.json()
    assert cle in erreurs, erreurs
    assert extrait.replace("’", "'") in str(erreurs[cle]).replace("’", "'").replace("\\'", "'"), erreurs
    assert Observation.objects.count() == 0
    assert Verbatim.objects.count() == 0


def test_une_modification_invalide_ne_change_rien(api, experimentation):
    moi = connecte(api, agent())
    observation = ObservationFactory(experimentation=experimentation, auteur=moi, texte="Intacte")

    reponse = api.patch(f"{URL}{observation.pk}/", {"texte": "z" * 2500, "date": "2030-01-01"}, format="json")

    assert reponse.status_code == 400
    assert {"texte", "date"} <= set(reponse.json())
    observation.refresh_from_db()
    assert observation.texte == "Intacte"


def test_l_entretien_et_l_immersion_ensemble_sont_refuses(api, experimentation):
    from tests.terrain.factories import ImmersionFactory

    moi = connecte(api, agent())
    entretien = EntretienFactory(experimentation=experimentation)
    immersion = ImmersionFactory(experimentation=experimentation)
    entretien.animateurs.add(moi)
    immersion.observateurs.add(moi)

    reponse = api.post(URL, donnees(entretien=entretien.pk, immersion=immersion.pk), format="json")

    assert reponse.status_code == 400
    assert "pas des deux" in str(reponse.json()["non_field_errors"])
    assert Observation.objects.count() == 0


def test_une_commune_deleguee_se_designe_par_son_code(api, experimentation, cahors):
    deleguee = CommuneDelegueeFactory(code_insee="46999", nom="Ancienne", parent=cahors)
    connecte(api, agent())
    reponse = api.post(URL, donnees(communes=["46999"]), format="json")
    assert reponse.status_code == 201
    assert list(Observation.objects.get().communes.all()) == [deleguee]


def test_l_api_reprend_les_filtres_de_la_liste(api, experimentation, cahors):
    ObservationFactory(experimentation=experimentation, communes=[cahors], texte="À Cahors")
    ObservationFactory(experimentation=experimentation, texte="Ailleurs")
    connecte(api, facilitateur())

    assert [o["texte"] for o in api.get(URL, {"commune": "46042"}).json()["results"]] == ["À Cahors"]
    reponse = api.get(URL, {"commune": "99999"})
    assert reponse.status_code == 400
    assert "Aucune commune connue" in str(reponse.json())
    assert api.get(URL, {"date_min": "2018-13-45"}).status_code == 400


@pytest.mark.parametrize("nombre", [10, 500])
def test_la_liste_de_l_api_fait_un_nombre_borne_de_requetes(
    api, experimentation, django_assert_max_num_queries, nombre
):
    commune = CommuneFactory()
    lieu = LieuAccueilFactory(commune=commune)
    public = PublicFactory()
    irritant = IrritantFactory(experimentation=experimentation)
    for _ in range(nombre):
        observation = ObservationFactory(
            experimentation=experimentation, communes=[commune], lieux=[lieu], publics=[public]
        )
        VerbatimFactory(observation=observation, commune=commune)
        PreuveFactory(irritant=irritant, observation=observation)
    connecte(api, facilitateur())

    with django_assert_max_num_queries(12):
        reponse = api.get(URL, {"experimentation": "cahors-2018"})

    assert reponse.status_code == 200
    assert reponse.json()["count"] == nombre
    premiere = reponse.json()["results"][0]
    assert premiere["irritants"] == [{"id": irritant.pk, "titre": irritant.titre}]
    assert premiere["verbatims"][0]["commune"] == commune.code_insee


def test_le_schema_openapi_decrit_observations_et_irritants(client):
    reponse = client.get("/api/schema/")
    assert reponse.status_code == 200
    schema = yaml.safe_load(reponse.content)
    assert {"/api/observations/", "/api/observations/{id}/", "/api/irritants/", "/api/irritants/{id}/"} <= set(
        schema["paths"]
    )
    parametres = {p["name"] for p in schema["paths"]["/api/observations/"]["get"]["parameters"]}
    assert {"commune", "date_min", "date_max", "irritant", "non_codees", "q"} <= parametres
