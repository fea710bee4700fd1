"""Export CSV des observations : réservé aux facilitateurs, mêmes filtres que la liste, sûr pour les tableurs."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from terrain.enums import StatutPublication, TypeObservation
from tests.comptes.factories import agent
from tests.irritants.factories import IrritantFactory, PreuveFactory
from tests.terrain.factories import EntretienFactory, ObservationFactory, PublicFactory, VerbatimFactory
from tests.territoire.factories import CommuneFactory, LieuAccueilFactory

URL = reverse("observations:export")


def lire_csv(reponse) -> list[dict]:
    contenu = b"".join(reponse.streaming_content).decode("utf-8")
    assert contenu.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(contenu.removeprefix("\ufeff")), delimiter=";"))


def test_l_export_est_refuse_aux_agents_et_aux_anonymes(client, experimentation):
    ObservationFactory(experimentation=experimentation)
    assert client.get(URL).status_code == 302  # connexion demandée
    client.force_login(agent())
    assert client.get(URL).status_code == 403


def test_l_export_contient_les_colonnes_et_les_verbatims_avec_leur_statut(client, fac, experimentation):
    cahors = CommuneFactory(code_insee="46042", nom="Cahors")
    entretien = EntretienFactory(experimentation=experimentation, commune=cahors, date=datetime.date(2018, 1, 15))
    observation = ObservationFactory(
        experimentation=experimentation,
        entretien=entretien,
        date=datetime.date(2018, 1, 16),
        texte="Pas de bus le samedi",
        communes=[cahors],
        lieux=[LieuAccueilFactory(nom="CAF du Lot")],
        publics=[PublicFactory(slug="seniors-test", nom="Seniors (test)")],
        auteur=agent(first_name="Camille", last_name="Agent"),
    )
    PreuveFactory(observation=observation, irritant=IrritantFactory(experimentation=experimentation, titre="Mobilité"))
    VerbatimFactory(observation=observation, texte="Je prends le taxi.", statut=StatutPublication.PUBLIABLE)
    VerbatimFactory(observation=observation, texte="Dit en confiance.", statut=StatutPublication.INTERNE)
    VerbatimFactory(observation=observation, texte="Consentement retiré.", statut=StatutPublication.RETIRE)
    ObservationFactory(experimentation=experimentation, texte="Sans verbatim")

    reponse = client.get(URL)

    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    assert reponse["Content-Disposition"].startswith('attachment; filename="observations-')
    lignes = lire_csv(reponse)
    # Une ligne par verbatim exportable ; le verbatim retiré n'est jamais exporté.
    assert len(lignes) == 3
    assert "Consentement retiré." not in str(lignes)
    par_verbatim = {ligne["Verbatim"]: ligne for ligne in lignes}
    publiable = par_verbatim["Je prends le taxi."]
    assert publiable["N° observation"] == str(observation.pk)
    assert publiable["Date"] == "2018-01-16"
    assert publiable["Expérimentation"] == "Carte Blanche à Cahors"
    assert publiable["Origine"] == "Entretien collectif"
    assert publiable["Entretien ou immersion"] == "Entretien du 15/01/2018 à Cahors"
    assert publiable["Nature"] == "Difficulté"
    assert publiable["Observation"] == "Pas de bus le samedi"
    assert publiable["Communes (code INSEE)"] == "Cahors (46042)"
    assert publiable["Lieux d'accueil"] == "CAF du Lot"
    assert publiable["Publics concernés"] == "Seniors (test)"
    assert publiable["Auteur"] == "Camille Agent"
    assert publiable["Irritants"] == "Mobilité"
    assert publiable["Profil de la personne citée"] == "60 à 74 ans, retraitée, vit seule"
    assert publiable["Statut de publication du verbatim"] == "Publiable"
    assert par_verbatim["Dit en confiance."]["Statut de publication du verbatim"] == "Interne"
    sans = par_verbatim[""]
    assert sans["Observation"] == "Sans verbatim"
    assert sans["Statut de publication du verbatim"] == ""


def test_l_export_suit_les_filtres_de_la_liste(client, fac, experimentation):
    ObservationFactory(experimentation=experimentation, type=TypeObservation.IDEE, texte="Une idée")
    ObservationFactory(experimentation=experimentation, texte="Une difficulté")

    lignes = lire_csv(client.get(URL, {"type": "idee"}))

    assert [ligne["Observation"] for ligne in lignes] == ["Une idée"]


def test_l_export_avec_un_filtre_invalide_repond_400_sans_fichier(client, fac):
    reponse = client.get(URL, {"date_min": "2018-13-45"})
    assert reponse.status_code == 400
    assert reponse["Content-Type"].startswith("text/html")
    assert "Saisissez une date valide." in reponse.content.decode()


@pytest.mark.parametrize("formule", ['=HYPERLINK("http://pirate.example","Cliquez")', "+1", "-2", "@SUM(A1:A9)"])
def test_les_formules_sont_neutralisees_dans_les_textes_et_les_verbatims(client, fac, experimentation, formule):
    observation = ObservationFactory(experimentation=experimentation, texte=formule)
    VerbatimFactory(observation=observation, texte=formule, situation=formule)

    contenu = b"".join(client.get(URL).streaming_content).decode("utf-8")
    (ligne,) = lire_csv_texte(contenu)

    assert ligne["Observation"] == f"'{formule}"
    assert ligne["Verbatim"] == f"'{formule}"
    # Aucune cellule ne commence par un caractère de formule.
    for cellule in ligne.values():
        assert not cellule.startswith(("=", "+", "-", "@")), cellule


def lire_csv_texte(contenu: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(contenu.removeprefix("\ufeff")), delimiter=";"))


@pytest.mark.parametrize("nombre", [10, 500])
def test_l_export_fait_un_nombre_borne_de_requetes(
    client, fac, experimentation, django_assert_max_num_queries, nombre
):
    commune = CommuneFactory()
    lieu = LieuAccueilFactory(commune=commune)
    public = PublicFactory()
    irritant = IrritantFactory(experimentation=experimentation)
    entretien = EntretienFactory(experimentation=experimentation, commune=commune)
    for i in range(nombre):
        observation = ObservationFactory(
            experimentation=experimentation,
            communes=[commune],
            lieux=[lieu],
            publics=[public],
            **({"entretien": entretien} if i % 2 else {}),
        )
        VerbatimFactory(observation=observation)
        PreuveFactory(irritant=irritant, observation=observation)

    with django_assert_max_num_queries(15):
        lignes = lire_csv(client.get(URL, {"experimentation": experimentation.slug}))

    assert len(lignes) == nombre
