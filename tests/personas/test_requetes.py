"""Nombre de requêtes SQL borné sur chaque liste et chaque page de persona, mesuré avec 10 et 500 lignes."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from commun import versions
from irritants.enums import StatutIrritant
from irritants.models import Irritant, Preuve, Theme
from personas.enums import AutonomieNumerique, Mobilite, StatutPersona
from personas.models import LettreInterpellation, LettreIrritant, Persona, PersonaIrritant, VersionLettre
from terrain.enums import SourceObservation, StatutPublication
from terrain.models import Observation, Verbatim
from tests.comptes.factories import facilitateur
from tests.experimentations.factories import ExperimentationFactory
from tests.terrain.factories import EntretienFactory, ImmersionFactory, PublicFactory
from tests.territoire.factories import AppartenanceTerritoireFactory, CommuneFactory

# Mesuré, les mêmes à 10 et 500 lignes : liste 5 (public) / 8 (facilitateur) ; page d'un persona 9 / 13 ;
# lettre 3 / 10 (dont l'état du PDF et ses droits) ; versions 6 ; formulaire dérivé de trois irritants 16
# (session et groupes compris).
BORNES = {"liste": 9, "detail": 14, "lettre": 11, "versions": 7, "creer": 17}


@pytest.fixture
def experimentation():
    return ExperimentationFactory(slug="cahors-2018")


def peupler(experimentation, nombre: int) -> dict:
    """`nombre` personas (publiés) sur trois irritants ; `nombre` observations qui fondent ces irritants (communes,
    publics, verbatims de chaque statut) ; la lettre du premier persona a `nombre` versions."""
    communes = [CommuneFactory() for _ in range(4)]
    for commune in communes:
        AppartenanceTerritoireFactory(territoire=experimentation.territoire, commune=commune)
    publics = [PublicFactory(slug=f"public-{i}", nom=f"Public {i}", ordre=i) for i in range(3)]
    themes = list(Theme.objects.all())
    irritants = Irritant.objects.bulk_create(
        Irritant(experimentation=experimentation, titre=f"Irritant {i}", theme=themes[i], statut=StatutIrritant.PUBLIE)
        for i in range(3)
    )
    entretien = EntretienFactory(experimentation=experimentation, commune=communes[0])
    immersion = ImmersionFactory(experimentation=experimentation)
    observations = Observation.objects.bulk_create(
        Observation(
            experimentation=experimentation,
            date=datetime.date(2018, 1, 1 + i % 28),
            texte=f"Observation {i}",
            source=SourceObservation.values[i % 3],
            entretien=entretien if i % 3 == 0 else None,
            immersion=immersion if i % 3 == 1 else None,
        )
        for i in range(nombre)
    )
    Preuve.objects.bulk_create(
        Preuve(irritant=irritants[i % 3], observation=observation) for i, observation in enumerate(observations)
    )
    Observation.communes.through.objects.bulk_create(
        Observation.communes.through(observation=o, commune=communes[i % 4]) for i, o in enumerate(observations)
    )
    Observation.publics.through.objects.bulk_create(
        Observation.publics.through(observation=o, public=publics[i % 3]) for i, o in enumerate(observations)
    )
    verbatims = Verbatim.objects.bulk_create(
        Verbatim(observation=o, texte=f"Verbatim {i}", statut=StatutPublication.values[i % 3])
        for i, o in enumerate(observations)
    )
    personas = Persona.objects.bulk_create(
        Persona(
            experimentation=experimentation,
            prenom=f"Persona {i}",
            slug=f"persona-{i}",
            age=40,
            situation_familiale="seul",
            situation_professionnelle="sans emploi",
            commune=communes[i % 4],
            mobilite=Mobilite.AUCUNE,
            autonomie_numerique=AutonomieNumerique.FRAGILE,
            portrait="Portrait.",
            besoins="- Besoin.",
            attentes="- Attente.",
            freins="- Frein.",
            statut=StatutPersona.PUBLIE,
            citation_verbatim=verbatims[0] if i % 2 == 0 else None,
            ordre=i,
        )
        for i in range(nombre)
    )
    PersonaIrritant.objects.bulk_create(
        PersonaIrritant(persona=persona, irritant=irritant, ordre=rang)
        for persona in personas
        for rang, irritant in enumerate(irritants, 1)
    )
    Persona.publics.through.objects.bulk_create(
        Persona.publics.through(persona=persona, public=publics[0]) for persona in personas
    )
    lettres = LettreInterpellation.objects.bulk_create(
        LettreInterpellation(
            persona=persona,
            objet="Objet",
            destinataire="Madame, Monsieur",
            date_lettre=datetime.date(2018, 2, 5),
            corps="Corps[^1][^2][^3].",
        )
        for persona in personas
    )
    LettreIrritant.objects.bulk_create(
        LettreIrritant(lettre=lettre, irritant=irritant, ordre=rang)
        for lettre in lettres
        for rang, irritant in enumerate(irritants, 1)
    )
    VersionLettre.objects.bulk_create(
        VersionLettre(
            lettre=lettres[0],
            numero=n,
            contenu={"corps": f"Version {n}\nsuite", "irritants": [{"id": irritants[0].pk, "libelle": "Irritant 0"}]},
        )
        for n in range(1, nombre + 1)
    )
    assert versions.versions_de(VersionLettre, lettres[0]).count() == nombre
    return {"persona": personas[0], "irritants": irritants}


def compter(client, url: str) -> int:
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
    assert reponse.status_code == 200, url
    return len(requetes)


@pytest.mark.parametrize("nombre", [10, 500])
@pytest.mark.parametrize("role", ["public", "facilitateur"])
def test_listes_et_pages_des_personas_en_requetes_bornees(experimentation, nombre, role):
    donnees = peupler(experimentation, nombre)
    client = Client()
    if role == "facilitateur":
        client.force_login(facilitateur())
    slug = donnees["persona"].slug

    mesures = {
        "liste": compter(client, "/personas/"),
        "detail": compter(client, f"/personas/{slug}/"),
        "lettre": compter(client, f"/personas/{slug}/lettre/"),
    }
    if role == "facilitateur":
        ids = "&".join(f"irritants={irritant.pk}" for irritant in donnees["irritants"])
        mesures["versions"] = compter(client, f"/personas/{slug}/lettre/versions/")
        mesures["creer"] = compter(client, f"/personas/nouveau/?{ids}")

    for page, nombre_requetes in mesures.items():
        assert nombre_requetes <= BORNES[page], f"{page} : {nombre_requetes} requêtes pour {nombre} lignes ({role})"
    contenu = client.get(f"/personas/{slug}/").content.decode()
    assert f"<strong>{nombre}</strong> observation" in contenu, "les nombres portent bien sur toutes les lignes"
