"""L'API attaquée par des appels générés depuis son schéma OpenAPI (schemathesis), sous trois rôles.

Chaque opération du schéma (/api/schema/) reçoit des appels générés (valeurs valides et invalides :
hypothesis, par schemathesis) en anonyme, en agent local et en facilitateur, authentifiés en HTTP Basic
(le chemin que django-axes surveille). Un appel échoue le test s'il répond 5xx, un statut que le schéma
ne déclare pas, un type de contenu ou un corps que le schéma ne décrit pas.

Le nombre d'appels par opération et par rôle est `APPELS_PAR_MODE` ; le test vérifie qu'au moins
`APPELS_MIN` appels ont été faits en tout, et l'écrit (avec la durée) dans le rapport de pytest
(`pytest tests/securite/test_api_generee.py -s` l'affiche). Une nouvelle app qui enregistre un viewset
dans `carteblanche/api.py` est couverte sans rien écrire ici.
"""

import base64
import datetime
import time

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.comptes.factories import agent, facilitateur
from tests.experimentations.factories import ExperimentationFactory
from tests.irritants.factories import IrritantFactory, PreuveFactory
from tests.terrain.factories import EntretienFactory, ImmersionFactory, ObservationFactory, VerbatimFactory
from tests.territoire.factories import CommuneFactory, EpciFactory, LieuAccueilFactory

MOT_DE_PASSE = "mot-de-passe-de-test"
# Par opération et par rôle : valeurs conformes au schéma, puis valeurs qui le violent (types, bornes, champs).
APPELS_PAR_MODE = {GenerationMode.POSITIVE: 22, GenerationMode.NEGATIVE: 10}
APPELS_MIN = 1000
VERIFICATIONS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def donnees():
    """Un peu de tout ce que l'API sert : territoire, expérimentation, observations de deux agents, irritants."""
    experimentation = ExperimentationFactory(
        slug="cahors-2018",
        date_lancement=datetime.date(2017, 12, 15),
        date_echeance_promesses=datetime.date(2018, 12, 31),
    )
    epci = EpciFactory()
    communes = [CommuneFactory(code_insee=code, epci=epci) for code in ("46042", "46102", "46201")]
    lieu = LieuAccueilFactory(commune=communes[0])
    moi, autre = agent(username="agent-api"), agent(username="autre-agent-api")
    fac = facilitateur(username="facilitateur-api")
    entretien = EntretienFactory(experimentation=experimentation, commune=communes[0])
    immersion = ImmersionFactory(experimentation=experimentation, lieu=lieu)
    for auteur in (moi, autre):
        for _ in range(3):
            observation = ObservationFactory(
                experimentation=experimentation, auteur=auteur, date=datetime.date(2018, 2, 1)
            )
            observation.communes.set(communes[:2])
            VerbatimFactory(observation=observation)
    irritant = IrritantFactory(experimentation=experimentation)
    PreuveFactory(irritant=irritant, observation=ObservationFactory(experimentation=experimentation, auteur=moi))
    del entretien, immersion
    return {"anonyme": None, "agent": moi, "facilitateur": fac}


@pytest.fixture
def connexion_gardee():
    """L'application WSGI ferme la connexion à la fin de chaque requête, ce qui annulerait la transaction du
    test : on retire ce branchement le temps du test, comme le fait le client de test de Django."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _entetes(utilisateur) -> dict:
    # Sans compression : le transport WSGI de schemathesis ne décompresse pas (GZipMiddleware, commun.cache).
    entetes = {"Accept-Encoding": "identity"}
    if utilisateur is not None:
        jeton = base64.b64encode(f"{utilisateur.username}:{MOT_DE_PASSE}".encode()).decode()
        entetes["Authorization"] = f"Basic {jeton}"
    return entetes


statuts: dict = {}


def _appelant(operation, mode, role: str, entetes: dict, appels: dict, echecs: list):
    """Le test hypothesis d'une opération sous un rôle : chaque appel compté, chaque écart noté."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=APPELS_PAR_MODE[mode],
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def appeler(case):
        appels[role] = appels.get(role, 0) + 1
        # Les identifiants sont ceux du rôle : schemathesis en génère pour le schéma de sécurité « basicAuth »,
        # dont les échecs verrouilleraient 127.0.0.1 (django-axes) pour les rôles suivants. Les identifiants
        # hostiles ont leur propre test (tests/securite/test_limites.py).
        if case.headers:
            case.headers.pop("Authorization", None)
        reponse = case.call(headers=entetes)
        statuts[(role, reponse.status_code)] = statuts.get((role, reponse.status_code), 0) + 1
        try:
            case.validate_response(reponse, checks=VERIFICATIONS, headers=entetes)
        except (Exception, BaseExceptionGroup) as exc:  # toutes les erreurs, rassemblées pour un seul rapport lisible
            echecs.append(f"{role} {operation.label} → {reponse.status_code} : {str(exc)[:600]}")

    return appeler


def test_chaque_operation_sous_chaque_role_sans_5xx_ni_ecart_au_schema(
    donnees, connexion_gardee, record_property, capsys
):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    operations = [resultat.ok() for resultat in schema.get_all_operations()]
    assert len(operations) >= 10, [op.label for op in operations]
    appels: dict[str, int] = {}
    echecs: list[str] = []
    debut = time.monotonic()

    for role, utilisateur in donnees.items():
        for operation in operations:
            for mode in APPELS_PAR_MODE:
                try:
                    _appelant(operation, mode, role, _entetes(utilisateur), appels, echecs)()
                except Unsatisfiable:  # rien à violer (un identifiant texte dans l'adresse) : pas d'appel négatif
                    continue
                except (Exception, BaseExceptionGroup) as exc:  # relevé par schemathesis lui-même : rassemblé
                    echecs.append(f"{role} {operation.label} : {str(exc)[:800]}")

    duree = time.monotonic() - debut
    total = sum(appels.values())
    bilan = f"schemathesis : {total} appels ({appels}) sur {len(operations)} opérations en {duree:.0f} s"
    record_property("schemathesis", bilan)
    with capsys.disabled():
        print(f"\n{bilan}, {len(echecs)} échec(s)", sorted(statuts.items()))
    assert not echecs, "\n".join(dict.fromkeys(e.split(" : ", 1)[-1][:400] for e in echecs))
    assert total >= APPELS_MIN, bilan
