"""Chaque motif d'URL du projet × cinq rôles : la réponse attendue est celle de la table (tests/securite/table/).

Le test parcourt le résolveur (administration et API comprises) : un motif absent de la table échoue,
avec la clé exacte à ajouter. Comment une app ajoute ses lignes : voir `tests/securite/table/__init__.py`.
"""

import datetime
import importlib
import pkgutil
import re
import warnings
from types import SimpleNamespace

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils.deprecation import RemovedInDjango60Warning
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

import tests.securite.table as paquet_table
from personas.services import CHAMPS_LETTRE, lettre_enregistrer
from tests.comptes.factories import UserFactory, agent, facilitateur
from tests.experimentations.factories import ExperimentationFactory
from tests.irritants.factories import IrritantFactory, PreuveFactory
from tests.personas.factories import LettreFactory, PersonaFactory
from tests.securite.table import ADMIN_CONNEXION, CONNEXION, ROLES
from tests.terrain.factories import EntretienFactory, ImmersionFactory, ObservationFactory, VerbatimFactory
from tests.territoire.factories import CommuneFactory, EpciFactory, LieuAccueilFactory


def motifs(resolver=None, prefixe: str = ""):
    """Tous les motifs d'URL, préfixes d'inclusion compris, tels que la table les nomme."""
    resolver = resolver or get_resolver()
    for motif in resolver.url_patterns:
        if isinstance(motif, URLResolver):
            yield from motifs(motif, prefixe + str(motif.pattern))
        else:
            yield prefixe + str(motif.pattern)


def modules_de_table():
    for info in pkgutil.iter_modules(paquet_table.__path__):
        yield importlib.import_module(f"{paquet_table.__name__}.{info.name}")


def table() -> dict:
    lignes = {}
    for module in modules_de_table():
        for cle, ligne in getattr(module, "LIGNES", {}).items():
            assert cle not in lignes, f"{cle} est décrit deux fois (dans {module.__name__})"
            lignes[cle] = ligne
    return lignes


def adresse(motif: str, params: dict) -> str:
    """L'adresse concrète d'un motif (chemin `<conv:nom>` ou expression `(?P<nom>…)`)."""
    chemin = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(params[m[1]]), motif)
    chemin = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(params[m[1]]), chemin)
    chemin = chemin.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    return "/" + chemin


@pytest.fixture
def monde():
    """Le monde commun : un utilisateur par rôle et une donnée de chaque sorte, propriété de l'agent."""
    experimentation = ExperimentationFactory(
        slug="cahors-2018",
        date_lancement=datetime.date(2017, 12, 15),
        date_echeance_promesses=datetime.date(2018, 12, 31),
    )
    epci = EpciFactory()
    commune = CommuneFactory(code_insee="46042", nom="Cahors", epci=epci)
    lieu = LieuAccueilFactory(commune=commune)
    utilisateurs = {
        "anonyme": None,
        "participant": UserFactory(role="participant", username="participant"),
        "agent": agent(username="agent"),
        "autre_agent": agent(username="autre-agent"),
        "facilitateur": facilitateur(username="facilitateur"),
    }
    moi = utilisateurs["agent"]
    entretien = EntretienFactory(experimentation=experimentation, commune=commune)
    entretien.animateurs.add(moi)
    immersion = ImmersionFactory(experimentation=experimentation, lieu=lieu)
    observation = ObservationFactory(experimentation=experimentation, auteur=moi, entretien=entretien)
    observation.communes.set([commune])
    VerbatimFactory(observation=observation)
    irritant = IrritantFactory(experimentation=experimentation)
    PreuveFactory(irritant=irritant, observation=observation)
    persona = PersonaFactory(experimentation=experimentation)
    modele = LettreFactory.build(persona=persona)
    lettre_enregistrer(
        acteur=utilisateurs["facilitateur"],
        persona=persona,
        irritants=[irritant],
        **{champ: getattr(modele, champ) for champ in CHAMPS_LETTRE},
    )
    monde = SimpleNamespace(
        experimentation=experimentation,
        epci=epci,
        commune=commune,
        lieu=lieu,
        utilisateurs=utilisateurs,
        entretien=entretien,
        immersion=immersion,
        observation=observation,
        irritant=irritant,
        persona=persona,
    )
    for module in modules_de_table():
        if hasattr(module, "preparer"):
            module.preparer(monde)
    return monde


def lien_reinitialisation(monde) -> dict:
    """Un lien valide pour l'agent, calculé au moment de la demande (une connexion change le jeton)."""
    moi = type(monde.utilisateurs["agent"]).objects.get(pk=monde.utilisateurs["agent"].pk)
    return {"uidb64": urlsafe_base64_encode(force_bytes(moi.pk)), "token": default_token_generator.make_token(moi)}


def _conforme(reponse, attendu) -> bool:
    location = reponse.headers.get("Location", "")
    if attendu == CONNEXION:
        return reponse.status_code == 302 and location.startswith("/comptes/login/")
    if attendu == ADMIN_CONNEXION:
        return reponse.status_code == 302 and location.startswith("/admin/login/")
    if isinstance(attendu, tuple):
        return reponse.status_code in attendu
    return reponse.status_code == attendu


def test_chaque_motif_d_url_est_dans_la_table():
    lignes = table()
    manquants = [motif for motif in dict.fromkeys(motifs()) if motif not in lignes]
    assert not manquants, "Motifs d'URL absents de tests/securite/table/ (ajoutez-y une ligne) :\n" + "\n".join(
        f'    "{m}": Ligne(...),' for m in manquants
    )
    perimes = [cle for cle in lignes if cle not in set(motifs())]
    assert not perimes, f"Lignes de la table sans motif d'URL (à retirer) : {perimes}"


def test_chaque_motif_sous_chaque_role_repond_comme_la_table(monde, record_property):
    lignes = table()
    clients = {}
    for role, utilisateur in monde.utilisateurs.items():
        clients[role] = Client()
        if utilisateur is not None:
            clients[role].force_login(utilisateur)

    ecarts, requetes = [], 0
    for motif in dict.fromkeys(motifs()):
        ligne = lignes.get(motif)
        if ligne is None:
            continue  # signalé par le test précédent
        url = adresse(motif, ligne.params(monde) if ligne.params else {})
        for methode, attendus in (("get", ligne), ("post", ligne.post)):
            if attendus is None:
                continue
            for role in ROLES:
                with warnings.catch_warnings():
                    # Formulaires d'ajout de l'administration du territoire (URLField sans assume_scheme) :
                    # avertissement de Django 6, hors du sujet de ce test (voir territoire/admin.py).
                    warnings.filterwarnings("ignore", category=RemovedInDjango60Warning)
                    reponse = getattr(clients[role], methode)(url, **ligne.entetes)
                requetes += 1
                if methode == "post" and monde.utilisateurs[role] is not None:
                    clients[role].force_login(monde.utilisateurs[role])  # la déconnexion en POST ne dure pas
                attendu = attendus.attendu(role)
                if reponse.status_code >= 500 or not _conforme(reponse, attendu):
                    ecarts.append(
                        f"{methode.upper()} {url} [{motif}] {role} : {reponse.status_code} "
                        f"{reponse.headers.get('Location', '')} (attendu {attendu})"
                    )
    record_property("urls_roles", f"{len(lignes)} motifs, {requetes} requêtes")
    print(f"\nTable adresses × rôles : {len(lignes)} motifs × {len(ROLES)} rôles, {requetes} requêtes")
    assert not ecarts, "\n".join(ecarts)
