"""API publique des irritants : lecture seule, décomptes et verbatims publiables, jamais le texte des observations."""

import pytest
from rest_framework.test import APIClient

from irritants.enums import Gravite
from terrain.enums import StatutPublication
from tests.comptes.factories import facilitateur
from tests.experimentations.factories import ExperimentationFactory
from tests.irritants.factories import IrritantFactory, PreuveFactory, ThemeFactory
from tests.terrain.factories import EntretienFactory, ObservationFactory, VerbatimFactory
from tests.territoire.factories import CommuneFactory, EpciFactory

URL = "/api/irritants/"


@pytest.fixture
def experimentation():
    return ExperimentationFactory(slug="cahors-2018")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def irritant(experimentation):
    irritant = IrritantFactory(
        experimentation=experimentation, titre="Se déplacer sans voiture", gravite=Gravite.FORTE
    )
    entretien = EntretienFactory(experimentation=experimentation)
    observation = ObservationFactory(
        experimentation=experimentation, entretien=entretien, texte="TEXTE INTERNE de l'observation"
    )
    PreuveFactory(irritant=irritant, observation=observation)
    PreuveFactory(irritant=irritant, observation__texte="AUTRE TEXTE INTERNE")
    VerbatimFactory(
        observation=observation,
        texte="Le bus passe deux fois par jour.",
        statut=StatutPublication.PUBLIABLE,
        commune=CommuneFactory(nom="Cahors"),
    )
    VerbatimFactory(observation=observation, texte="CONFIDENTIEL interne", statut=StatutPublication.INTERNE)
    VerbatimFactory(observation=observation, texte="CONFIDENTIEL retiré", statut=StatutPublication.RETIRE)
    return irritant


def test_les_irritants_sont_publics_avec_decomptes_et_verbatims_publiables(api, irritant):
    reponse = api.get(URL)

    assert reponse.status_code == 200
    (corps,) = reponse.json()["results"]
    assert corps["titre"] == "Se déplacer sans voiture"
    assert corps["experimentation"] == "cahors-2018"
    assert corps["theme"] == {"slug": "accessibilite-mobilite", "nom": irritant.theme.nom}
    assert (corps["gravite"], corps["gravite_libelle"]) == (3, "Forte")
    assert corps["nb_observations"] == 2
    assert corps["nb_entretiens"] == 1
    assert corps["nb_verbatims_publiables"] == 1
    assert corps["verbatims_publiables"] == [
        {"texte": "Le bus passe deux fois par jour.", "profil": "60 à 74 ans, retraitée, vit seule, Cahors"}
    ]
    brut = reponse.content.decode()
    assert "TEXTE INTERNE" not in brut
    assert "CONFIDENTIEL" not in brut
    assert api.get(f"{URL}{irritant.pk}/").json()["titre"] == "Se déplacer sans voiture"


def test_un_facilitateur_ne_voit_pas_non_plus_les_textes_par_cette_api(api, irritant):
    api.force_authenticate(facilitateur())
    assert "TEXTE INTERNE" not in api.get(URL).content.decode()


def test_l_api_des_irritants_est_en_lecture_seule(api, irritant):
    api.force_authenticate(facilitateur())
    assert api.post(URL, {"titre": "Nouveau"}, format="json").status_code == 405
    assert api.patch(f"{URL}{irritant.pk}/", {"titre": "Changé"}, format="json").status_code == 405
    assert api.delete(f"{URL}{irritant.pk}/").status_code == 405


def test_un_irritant_fusionne_n_est_plus_liste(api, irritant, experimentation):
    fusionne = IrritantFactory(experimentation=experimentation, titre="Doublon", fusionne_dans=irritant)
    assert [i["titre"] for i in api.get(URL).json()["results"]] == ["Se déplacer sans voiture"]
    assert api.get(f"{URL}{fusionne.pk}/").status_code == 404


def test_filtres_par_experimentation_theme_et_gravite(api, irritant, experimentation):
    autre_theme = ThemeFactory(slug="accompagnement-test", nom="Accompagnement (test)")
    IrritantFactory(experimentation=experimentation, theme=autre_theme, gravite=Gravite.FAIBLE, titre="Autre")
    IrritantFactory(titre="Autre territoire", gravite=Gravite.MOYENNE)

    def titres(**parametres):
        return {i["titre"] for i in api.get(URL, parametres).json()["results"]}

    assert titres(experimentation="cahors-2018") == {"Se déplacer sans voiture", "Autre"}
    assert titres(theme="accompagnement-test") == {"Autre"}
    assert titres(gravite=3) == {"Se déplacer sans voiture"}
    assert api.get(URL, {"gravite": "beaucoup"}).status_code == 400


@pytest.mark.parametrize("nombre", [10, 500])
def test_la_liste_des_irritants_fait_un_nombre_borne_de_requetes(
    api, experimentation, django_assert_max_num_queries, nombre
):
    for _ in range(nombre):
        preuve = PreuveFactory(irritant__experimentation=experimentation)
        VerbatimFactory(observation=preuve.observation)

    with django_assert_max_num_queries(6):
        reponse = api.get(URL, {"experimentation": "cahors-2018"})

    assert reponse.status_code == 200
    assert reponse.json()["count"] == nombre
    assert all(len(i["verbatims_publiables"]) == 1 for i in reponse.json()["results"])


def test_un_verbatim_d_une_petite_commune_nomme_son_intercommunalite(api, irritant):
    """Sous le seuil de population, l'API publique ne nomme pas la commune (Verbatim.profil_public)."""
    hameau = CommuneFactory(nom="Berganty", population=68, epci=EpciFactory(nom="CC du Causse de Labastide-Murat"))
    VerbatimFactory(
        observation=irritant.preuves.first().observation,
        texte="Ici, plus rien ne passe.",
        statut=StatutPublication.PUBLIABLE,
        commune=hameau,
    )

    verbatims = api.get(f"{URL}{irritant.pk}/").json()["verbatims_publiables"]

    profils = {v["texte"]: v["profil"] for v in verbatims}
    assert "Berganty" not in api.get(URL).content.decode()
    assert profils["Ici, plus rien ne passe."].endswith("CC du Causse de Labastide-Murat")
    assert profils["Le bus passe deux fois par jour."].endswith("Cahors")
