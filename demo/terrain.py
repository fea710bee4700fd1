"""Le diagnostic de terrain de Cahors (janvier 2018) : contenu illustratif et générateur.

Le document source (DITP, février 2018) donne les chiffres : 30 entretiens collectifs et 10 immersions
en janvier, une centaine d'acteurs (agents, associations, entreprises), des irritants rangés sous trois
axes, et trois personas fil rouge (Sarah, Sébastien, Roseline). Tout le reste est ILLUSTRATIF : qui a été
rencontré, ce qui a été noté, les verbatims sont inventés mais plausibles, situés dans les vraies
communes et les lieux d'accueil du bassin de vie. Aucun nom de personne : un acteur est une fonction dans
une structure, un verbatim porte un profil pseudonyme (tranche d'âge, situation, commune).

Le générateur est déterministe (graine 2018) et idempotent : chaque objet a une clé naturelle
(structure : nom et commune ; entretien : date, commune et lieu ; immersion : lieu et date ; observation :
`uuid_client` dérivé de son rang ; irritant : titre). Une relance ne crée que ce qui manque et ne touche
pas à ce qui existe, y compris ce qu'un facilitateur a recodé dans la démo.
"""

import datetime
import importlib
import math
import random
import uuid
import zoneinfo
from typing import NamedTuple

from django.db import transaction

from experimentations.models import Experimentation
from irritants.enums import ActionCodage, Gravite, StatutIrritant
from irritants.models import EvenementCodage, Irritant, Preuve, Theme
from terrain.enums import SourceObservation, StatutPublication, TrancheAge, TypeObservation, TypeStructure
from terrain.models import Acteur, Entretien, Immersion, Observation, Public, Structure, Verbatim
from territoire.enums import SourceLieu, TypeLieuAccueil
from territoire.models import Commune, LieuAccueil, Territoire

GRAINE = 2018
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://carte-blanche.example/demo/cahors-2018")
VILLE_CENTRE = "46042"  # Cahors
DISTANCE_LOIN_KM = 12  # en deçà, « loin de Cahors » ne se dit pas
PART_NON_CODEES = 0.12
FUSEAU = zoneinfo.ZoneInfo("Europe/Paris")

D = TypeObservation.DIFFICULTE
B = TypeObservation.BESOIN
BP = TypeObservation.BONNE_PRATIQUE
ID = TypeObservation.IDEE

ETAT = TypeStructure.SERVICE_ETAT
COLL = TypeStructure.COLLECTIVITE
OPER = TypeStructure.OPERATEUR
ASSO = TypeStructure.ASSOCIATION
ENTR = TypeStructure.ENTREPRISE


def uuid_observation(rang: int) -> uuid.UUID:
    """L'identifiant d'envoi de la n-ième observation de la démo : stable d'une relance à l'autre."""
    return uuid.uuid5(NAMESPACE, f"cahors-2018-obs-{rang}")


# --- Les structures rencontrées -------------------------------------------------------------------------------------
# (clé, nom, type, code INSEE de la commune, manière de les citer dans une observation)
STRUCTURES = [
    ("prefecture", "Préfecture du Lot", ETAT, "46042", "les services de la préfecture"),
    ("ddt", "Direction départementale des territoires du Lot", ETAT, "46042", "la direction des territoires"),
    (
        "ddcspp",
        "Direction départementale de la cohésion sociale et de la protection des populations du Lot",
        ETAT,
        "46042",
        "la DDCSPP",
    ),
    ("ddfip", "Centre des finances publiques de Cahors", ETAT, "46042", "les agents des finances publiques"),
    ("direccte", "DIRECCTE — unité départementale du Lot", ETAT, "46042", "l'unité départementale de la DIRECCTE"),
    ("dsden", "Services départementaux de l'Éducation nationale du Lot", ETAT, "46042", "l'Éducation nationale"),
    ("cd46", "Conseil départemental du Lot", COLL, "46042", "le conseil départemental"),
    (
        "msd",
        "Maison des solidarités départementales de Cahors",
        COLL,
        "46042",
        "les travailleurs sociaux du département",
    ),
    ("grand-cahors", "Communauté d'agglomération du Grand Cahors", COLL, "46042", "le Grand Cahors"),
    (
        "cc-lalbenque",
        "Communauté de communes du Pays de Lalbenque-Limogne",
        COLL,
        "46148",
        "la communauté de communes",
    ),
    ("ccas", "CCAS de Cahors", COLL, "46042", "le CCAS de Cahors"),
    ("mairie-cahors", "Mairie de Cahors", COLL, "46042", "la mairie de Cahors"),
    ("mairie-pradines", "Mairie de Pradines", COLL, "46224", "la mairie de Pradines"),
    ("mairie-lalbenque", "Mairie de Lalbenque", COLL, "46148", "la mairie de Lalbenque"),
    ("mairie-catus", "Mairie de Catus", COLL, "46064", "la mairie de Catus"),
    ("mairie-arcambal", "Mairie d'Arcambal", COLL, "46007", "la mairie d'Arcambal"),
    ("mairie-douelle", "Mairie de Douelle", COLL, "46088", "la mairie de Douelle"),
    ("mairie-cabrerets", "Mairie de Cabrerets", COLL, "46040", "la mairie de Cabrerets"),
    ("mairie-saint-gery-vers", "Mairie de Saint Géry-Vers", COLL, "46268", "la mairie de Saint Géry-Vers"),
    ("mairie-labastide-marnhac", "Mairie de Labastide-Marnhac", COLL, "46137", "la mairie de Labastide-Marnhac"),
    ("mairie-le-montat", "Mairie du Montat", COLL, "46197", "la mairie du Montat"),
    ("mairie-mercues", "Mairie de Mercuès", COLL, "46191", "la mairie de Mercuès"),
    ("caf", "CAF du Lot", OPER, "46042", "les agents de la CAF"),
    ("cpam", "CPAM du Lot", OPER, "46042", "la CPAM"),
    ("pole-emploi", "Pôle emploi — agence de Cahors", OPER, "46042", "les conseillers de Pôle emploi"),
    ("msa", "MSA Midi-Pyrénées Nord", OPER, "46042", "la MSA"),
    ("carsat", "CARSAT Midi-Pyrénées", OPER, "46042", "la CARSAT"),
    ("la-poste", "La Poste — bureau de Lalbenque", OPER, "46148", "les agents de La Poste"),
    ("msap-lalbenque", "Maison de services au public de Lalbenque", OPER, "46148", "l'animatrice de la MSAP"),
    ("lot-habitat", "Office public de l'habitat du Lot", OPER, "46042", "le bailleur social"),
    ("secours-populaire", "Secours populaire — comité de Cahors", ASSO, "46042", "les bénévoles du Secours populaire"),
    ("restos", "Restaurants du cœur — centre de Cahors", ASSO, "46042", "les bénévoles des Restos du cœur"),
    ("admr", "ADMR — association du Pays de Lalbenque", ASSO, "46148", "l'ADMR"),
    ("mission-locale", "Mission locale du Lot — antenne de Cahors", ASSO, "46042", "la mission locale"),
    ("centre-social", "Centre social et culturel de Cahors", ASSO, "46042", "le centre social"),
    (
        "transport-solidaire",
        "Association de transport solidaire du Causse",
        ASSO,
        "46007",
        "les chauffeurs bénévoles du transport solidaire",
    ),
    (
        "mediation-numerique",
        "Association de médiation numérique du Quercy",
        ASSO,
        "46224",
        "les médiateurs numériques",
    ),
    ("insertion", "Chantier d'insertion du Grand Cahors", ASSO, "46042", "le chantier d'insertion"),
    ("aidants", "Association des aidants familiaux du Lot", ASSO, "46042", "l'association des aidants"),
    ("club-aines", "Club des aînés de Catus", ASSO, "46064", "le club des aînés"),
    (
        "transporteur",
        "Entreprise de transport de voyageurs (lignes régulières et scolaires)",
        ENTR,
        "46042",
        "le transporteur",
    ),
    ("taxis", "Société de taxis conventionnés", ENTR, "46148", "le taxi conventionné"),
    ("aide-domicile", "Entreprise d'aide et de services à domicile", ENTR, "46224", "l'entreprise d'aide à domicile"),
    ("cooperative", "Coopérative agricole du Causse", ENTR, "46148", "la coopérative agricole"),
    ("interim", "Agence d'intérim de Cahors", ENTR, "46042", "l'agence d'intérim"),
    ("supermarche", "Supermarché de Pradines", ENTR, "46224", "la direction du supermarché"),
]


# --- Les 30 entretiens collectifs -----------------------------------------------------------------------------------
class EntretienPrevu(NamedTuple):
    date: datetime.date
    code_insee: str
    lieu: str
    participants: list[tuple[str, str]]  # (clé de la structure, fonction)
    irritants: list[str]  # les irritants dont on a parlé


def _janvier(jour: int) -> datetime.date:
    return datetime.date(2018, 1, jour)


SALLE_PREFECTURE = "Préfecture du Lot, salle de réunion"

ENTRETIENS = [
    EntretienPrevu(
        _janvier(3),
        "46042",
        SALLE_PREFECTURE,
        [
            ("prefecture", "Secrétaire générale"),
            ("prefecture", "Responsable du bureau de l'accueil et des titres"),
            ("ddt", "Directeur adjoint"),
            ("ddcspp", "Cheffe du service cohésion sociale"),
        ],
        ["tout-numerique", "ping-pong", "distance", "sans-voiture"],
    ),
    EntretienPrevu(
        _janvier(4),
        "46042",
        "CAF du Lot, salle de réunion",
        [("caf", "Responsable de l'accueil"), ("caf", "Conseillère de services"), ("caf", "Travailleuse sociale")],
        ["tout-numerique", "complexite", "delais", "garde-enfants", "telephone"],
    ),
    EntretienPrevu(
        _janvier(4),
        "46148",
        "Maison de services au public de Lalbenque",
        [
            ("msap-lalbenque", "Animatrice de la MSAP"),
            ("cc-lalbenque", "Directeur général des services"),
            ("cc-lalbenque", "Vice-présidente chargée des services à la population"),
            ("la-poste", "Responsable du bureau de poste"),
        ],
        ["distance", "illectronisme", "sans-voiture", "zones-blanches"],
    ),
    EntretienPrevu(
        _janvier(5),
        "46042",
        "Pôle emploi, agence de Cahors",
        [
            ("pole-emploi", "Directrice d'agence"),
            ("pole-emploi", "Conseiller à l'emploi"),
            ("pole-emploi", "Conseillère chargée de l'accompagnement global"),
            ("direccte", "Chargé de mission insertion"),
        ],
        ["chomage", "tout-numerique", "sans-voiture", "horaires"],
    ),
    EntretienPrevu(
        _janvier(8),
        "46042",
        "Conseil départemental du Lot, salle de commission",
        [
            ("cd46", "Directrice de la solidarité départementale"),
            ("cd46", "Chef du service autonomie"),
            ("msd", "Assistante sociale de secteur"),
            ("msd", "Conseillère en économie sociale et familiale"),
        ],
        ["non-recours", "isolement", "complexite", "ping-pong"],
    ),
    EntretienPrevu(
        _janvier(8),
        "46064",
        "Mairie de Catus, salle du conseil",
        [
            ("mairie-catus", "Maire"),
            ("mairie-catus", "Secrétaire de mairie"),
            ("mairie-catus", "Agent d'accueil de la MSAP"),
            ("club-aines", "Président"),
        ],
        ["isolement", "sans-voiture", "illectronisme", "distance"],
    ),
    EntretienPrevu(
        _janvier(9),
        "46042",
        "Locaux du Secours populaire",
        [
            ("secours-populaire", "Secrétaire du comité"),
            ("secours-populaire", "Bénévole de l'accueil"),
            ("restos", "Responsable du centre"),
            ("restos", "Bénévole chargé des inscriptions"),
        ],
        ["non-recours", "complexite", "sans-voiture", "tout-numerique"],
    ),
    EntretienPrevu(
        _janvier(10),
        "46042",
        "Mission locale, antenne de Cahors",
        [
            ("mission-locale", "Directeur"),
            ("mission-locale", "Conseillère en insertion professionnelle"),
            ("mission-locale", "Référente Garantie jeunes"),
        ],
        ["jeunes", "sans-voiture", "non-recours", "tout-numerique"],
    ),
    EntretienPrevu(
        _janvier(10),
        "46224",
        "Mairie de Pradines",
        [
            ("mairie-pradines", "Adjointe aux affaires sociales"),
            ("mairie-pradines", "Responsable de l'accueil"),
            ("supermarche", "Directeur du magasin"),
            ("aide-domicile", "Responsable d'agence"),
        ],
        ["horaires", "garde-enfants", "sans-voiture"],
    ),
    EntretienPrevu(
        _janvier(11),
        "46042",
        "CPAM du Lot, salle de réunion",
        [
            ("cpam", "Responsable de l'accueil"),
            ("cpam", "Conseiller de la plateforme téléphonique"),
            ("cpam", "Référente de la plateforme d'accès aux soins (PFIDASS)"),
        ],
        ["telephone", "complexite", "non-recours", "delais"],
    ),
    EntretienPrevu(
        _janvier(12),
        "46042",
        "Grand Cahors, service des transports",
        [
            ("grand-cahors", "Responsable du service des transports"),
            ("grand-cahors", "Chargée de mission politique de la ville"),
            ("transporteur", "Responsable d'exploitation"),
            ("transporteur", "Conducteur de ligne régulière"),
        ],
        ["sans-voiture", "distance", "horaires", "jeunes"],
    ),
    EntretienPrevu(
        _janvier(15),
        "46007",
        "Mairie d'Arcambal",
        [
            ("mairie-arcambal", "Maire"),
            ("mairie-arcambal", "Secrétaire de mairie"),
            ("transport-solidaire", "Coordinatrice"),
            ("transport-solidaire", "Chauffeur bénévole"),
        ],
        ["sans-voiture", "isolement", "distance"],
    ),
    EntretienPrevu(
        _janvier(15),
        "46042",
        "MSA, agence de Cahors",
        [
            ("msa", "Responsable de l'agence"),
            ("msa", "Travailleuse sociale"),
            ("msa", "Conseiller en protection sociale"),
            ("cooperative", "Responsable administrative"),
        ],
        ["non-recours", "complexite", "distance", "isolement", "horaires"],
    ),
    EntretienPrevu(
        _janvier(16),
        "46148",
        "Locaux de l'ADMR à Lalbenque",
        [
            ("admr", "Présidente"),
            ("admr", "Responsable de secteur"),
            ("admr", "Aide à domicile"),
            ("mairie-lalbenque", "Adjointe aux affaires sociales"),
        ],
        ["isolement", "horaires", "non-recours", "sans-voiture"],
    ),
    EntretienPrevu(
        _janvier(17),
        "46042",
        "CCAS de Cahors",
        [
            ("ccas", "Directrice"),
            ("ccas", "Agent d'accueil"),
            ("ccas", "Conseillère en économie sociale et familiale"),
        ],
        ["ping-pong", "non-recours", "complexite", "isolement"],
    ),
    EntretienPrevu(
        _janvier(17),
        "46088",
        "Salle des fêtes de Douelle",
        [
            ("mairie-douelle", "Maire"),
            ("mairie-douelle", "Conseillère municipale déléguée aux aînés"),
            ("aide-domicile", "Aide à domicile"),
        ],
        ["isolement", "sans-voiture", "illectronisme", "zones-blanches"],
    ),
    EntretienPrevu(
        _janvier(18),
        "46042",
        "Centre social et culturel de Cahors",
        [
            ("centre-social", "Directrice"),
            ("centre-social", "Animatrice familles"),
            ("centre-social", "Médiateur social"),
        ],
        ["garde-enfants", "tout-numerique", "non-recours", "ping-pong"],
    ),
    EntretienPrevu(
        _janvier(19),
        "46042",
        "CARSAT, point d'accueil retraite de Cahors",
        [
            ("carsat", "Conseillère retraite"),
            ("carsat", "Assistante de service social"),
            ("aidants", "Coordinatrice"),
        ],
        ["isolement", "complexite", "telephone", "delais"],
    ),
    EntretienPrevu(
        _janvier(22),
        "46040",
        "Mairie de Cabrerets",
        [
            ("mairie-cabrerets", "Maire"),
            ("mairie-cabrerets", "Secrétaire de mairie"),
            ("taxis", "Gérant"),
            ("la-poste", "Factrice"),
        ],
        ["distance", "sans-voiture", "zones-blanches", "telephone"],
    ),
    EntretienPrevu(
        _janvier(22),
        "46042",
        "Centre des finances publiques de Cahors",
        [
            ("ddfip", "Responsable de l'accueil"),
            ("ddfip", "Agent des finances publiques"),
            ("prefecture", "Médiateur du point numérique"),
        ],
        ["tout-numerique", "ping-pong", "horaires", "complexite"],
    ),
    EntretienPrevu(
        _janvier(23),
        "46042",
        "Office public de l'habitat du Lot, agence de Cahors",
        [
            ("lot-habitat", "Responsable de l'agence"),
            ("lot-habitat", "Conseillère sociale"),
            ("lot-habitat", "Gardien d'immeuble"),
        ],
        ["non-recours", "complexite", "isolement", "delais"],
    ),
    EntretienPrevu(
        _janvier(24),
        "46268",
        "Mairie de Saint Géry-Vers",
        [
            ("mairie-saint-gery-vers", "Maire"),
            ("mairie-saint-gery-vers", "Secrétaire de mairie"),
            ("transporteur", "Conducteur de car scolaire"),
            ("aide-domicile", "Responsable de planning"),
        ],
        ["sans-voiture", "distance", "horaires", "isolement"],
    ),
    EntretienPrevu(
        _janvier(25),
        "46042",
        SALLE_PREFECTURE,
        [
            ("prefecture", "Chargée de mission modernisation"),
            ("dsden", "Inspectrice de l'Éducation nationale"),
            ("mediation-numerique", "Médiatrice numérique"),
            ("mediation-numerique", "Président"),
        ],
        ["tout-numerique", "illectronisme", "jeunes", "zones-blanches"],
    ),
    EntretienPrevu(
        _janvier(25),
        "46137",
        "Mairie de Labastide-Marnhac",
        [
            ("mairie-labastide-marnhac", "Maire"),
            ("mairie-labastide-marnhac", "Secrétaire de mairie"),
            ("cooperative", "Technicien de culture"),
        ],
        ["distance", "horaires", "telephone", "non-recours"],
    ),
    EntretienPrevu(
        _janvier(26),
        "46042",
        "Chantier d'insertion, atelier de Cahors",
        [
            ("insertion", "Encadrant technique"),
            ("insertion", "Accompagnatrice socioprofessionnelle"),
            ("interim", "Responsable d'agence"),
        ],
        ["chomage", "sans-voiture", "garde-enfants", "horaires"],
    ),
    EntretienPrevu(
        _janvier(29),
        "46197",
        "Mairie du Montat",
        [
            ("mairie-le-montat", "Maire"),
            ("mairie-le-montat", "Adjointe aux affaires sociales"),
            ("ddt", "Chargé de mission mobilité"),
        ],
        ["horaires", "garde-enfants", "sans-voiture", "jeunes"],
    ),
    EntretienPrevu(
        _janvier(29),
        "46042",
        "Maison des solidarités départementales de Cahors",
        [
            ("msd", "Responsable de la maison des solidarités"),
            ("msd", "Éducatrice spécialisée"),
            ("ddcspp", "Chargé de l'hébergement d'urgence"),
        ],
        ["non-recours", "ping-pong", "jeunes", "complexite"],
    ),
    EntretienPrevu(
        _janvier(30),
        "46191",
        "Mairie de Mercuès",
        [
            ("mairie-mercues", "Maire"),
            ("mairie-mercues", "Secrétaire de mairie"),
            ("taxis", "Chauffeur de taxi conventionné"),
        ],
        ["sans-voiture", "isolement", "telephone", "illectronisme"],
    ),
    EntretienPrevu(
        _janvier(30),
        "46042",
        "Grand Cahors, salle des commissions",
        [
            ("supermarche", "Responsable des ressources humaines"),
            ("transporteur", "Directeur"),
            ("aide-domicile", "Directrice"),
            ("interim", "Chargée de recrutement"),
        ],
        ["horaires", "sans-voiture", "chomage", "garde-enfants"],
    ),
    EntretienPrevu(
        _janvier(31),
        "46042",
        SALLE_PREFECTURE,
        [
            ("cd46", "Directeur général adjoint des services"),
            ("grand-cahors", "Directeur général des services"),
            ("mairie-cahors", "Directrice du pôle solidarités"),
            ("mairie-cahors", "Responsable de l'accueil de l'hôtel de ville"),
        ],
        ["ping-pong", "non-recours", "tout-numerique", "distance"],
    ),
]

# L'agent de démonstration (CCAS de Cahors) a co-animé les entretiens avec ces structures du secteur social.
STRUCTURES_DE_L_AGENT = {"ccas", "msd", "centre-social", "secours-populaire", "restos"}


# --- Les 10 immersions ----------------------------------------------------------------------------------------------
class ImmersionPrevue(NamedTuple):
    date: datetime.date
    lieux: list[tuple[str, str]]  # (source, identifiant dans la source), par ordre de préférence
    duree_minutes: int
    canaux: list[str]
    attente: str
    aide: str
    issue: str
    irritants: list[str]


MAIRIES = SourceLieu.ANNUAIRE_MAIRIES
DEMO = SourceLieu.DEMO
REPLI_CARSAT = (DEMO, "demo-carsat-46042")

IMMERSIONS = [
    ImmersionPrevue(
        _janvier(9),
        [(DEMO, "demo-caf-46042")],
        240,
        ["guichet", "rendez_vous", "en_ligne"],
        "Jusqu'à 45 minutes en milieu de matinée, une vingtaine de personnes debout dans le hall ; "
        "calme l'après-midi.",
        "Deux agents au guichet et une borne en libre-service, rarement utilisée sans aide ; un agent accompagne "
        "ponctuellement les usagers à la borne.",
        "La moitié des demandes réglées sur place ; les autres renvoyées vers le site internet ou un rendez-vous.",
        ["tout-numerique", "complexite", "delais", "garde-enfants", "non-recours"],
    ),
    ImmersionPrevue(
        _janvier(11),
        [(DEMO, "demo-france_travail-46042")],
        210,
        ["guichet", "en_ligne"],
        "Quinze à trente minutes ; file d'attente dès l'ouverture, les rendez-vous prennent du retard.",
        "Zone de libre accès avec six postes informatiques ; un jeune en service civique aide à l'actualisation et "
        "aux candidatures.",
        "Inscriptions et actualisations faites sur les postes, souvent par l'agent à la place du demandeur.",
        ["chomage", "tout-numerique", "sans-voiture", "garde-enfants", "horaires"],
    ),
    ImmersionPrevue(
        _janvier(12),
        [(DEMO, "demo-france_services-46148")],
        180,
        ["guichet"],
        "Peu d'attente : une à trois personnes à la fois, plusieurs viennent sans rendez-vous.",
        "Une animatrice polyvalente aide aux démarches CAF, CPAM, Pôle emploi et retraite, avec un ordinateur et un "
        "scanner en libre accès.",
        "La plupart des démarches vont jusqu'au bout ; les cas complexes sont transmis par téléphone aux partenaires, "
        "avec des délais de rappel variables.",
        ["illectronisme", "tout-numerique", "distance", "zones-blanches", "telephone"],
    ),
    ImmersionPrevue(
        _janvier(16),
        [(DEMO, "demo-cpam-46042")],
        180,
        ["guichet", "telephone"],
        "Vingt à quarante minutes ; ticket à l'entrée et écran d'appel.",
        "Accueil de premier niveau au guichet, rendez-vous avec un conseiller pour les situations complexes, borne "
        "pour les attestations.",
        "Attestations et cartes Vitale traitées sur place ; les dossiers de complémentaire santé renvoyés vers un "
        "rendez-vous.",
        ["telephone", "complexite", "non-recours", "delais", "ping-pong"],
    ),
    ImmersionPrevue(
        _janvier(18),
        [(DEMO, "demo-prefecture-46042")],
        150,
        ["guichet", "en_ligne"],
        "Peu d'attente au guichet, mais beaucoup de personnes viennent pour des démarches qui ne s'y font plus.",
        "Depuis novembre 2017, un point numérique avec deux postes et un médiateur pour les cartes grises, les "
        "permis de conduire et les cartes d'identité.",
        "Les usagers sont aidés à faire la démarche en ligne ; ceux qui n'ont ni adresse électronique ni pièces "
        "numérisées doivent revenir.",
        ["tout-numerique", "illectronisme", "ping-pong", "distance"],
    ),
    ImmersionPrevue(
        _janvier(19),
        [(DEMO, "demo-france_services-46064")],
        180,
        ["guichet"],
        "Pas d'attente ; beaucoup de retraités du canton, souvent accompagnés d'un proche.",
        "Un agent d'accueil aide aux démarches en ligne et prend des rendez-vous auprès des organismes pour les "
        "usagers.",
        "Démarches simples réglées sur place ; pour les situations bloquées, l'agent appelle les organismes, sans "
        "ligne directe.",
        ["isolement", "illectronisme", "sans-voiture", "non-recours", "telephone"],
    ),
    ImmersionPrevue(
        _janvier(23),
        [(DEMO, "demo-ccas-46042")],
        210,
        ["guichet", "rendez_vous"],
        "Calme le matin, affluence en début d'après-midi pour les aides d'urgence.",
        "Accueil social, instruction des aides facultatives, domiciliation, orientation vers les partenaires.",
        "Les aides d'urgence sont instruites dans la journée ; beaucoup de personnes sont orientées ailleurs.",
        ["ping-pong", "non-recours", "complexite", "isolement", "chomage"],
    ),
    ImmersionPrevue(
        _janvier(24),
        [(DEMO, "demo-msa-46042")],
        150,
        ["rendez_vous", "telephone"],
        "Sur rendez-vous, peu d'attente ; les personnes venues sans rendez-vous doivent revenir.",
        "Conseillers en protection sociale et travailleurs sociaux, uniquement sur rendez-vous.",
        "Les rendez-vous sont réglés en totalité ; les personnes sans rendez-vous repartent avec un numéro de "
        "téléphone.",
        ["isolement", "distance", "non-recours", "horaires", "delais"],
    ),
    ImmersionPrevue(
        _janvier(26),
        [(MAIRIES, "46042"), REPLI_CARSAT],
        180,
        ["guichet", "telephone"],
        "Dix à vingt minutes à l'accueil général, davantage au service des cartes d'identité.",
        "Accueil général, état civil, cartes d'identité sur rendez-vous ; les agents orientent vers les autres "
        "services de la ville et les partenaires.",
        "Beaucoup de demandes d'orientation : l'accueil sert de point de repère pour des démarches qui ne relèvent "
        "pas de la mairie.",
        ["ping-pong", "horaires", "jeunes", "tout-numerique", "non-recours"],
    ),
    ImmersionPrevue(
        _janvier(30),
        [(MAIRIES, "46268"), REPLI_CARSAT],
        150,
        ["guichet", "telephone"],
        "Pas d'attente ; secrétariat ouvert trois demi-journées par semaine.",
        "La secrétaire de mairie aide les habitants pour leurs courriers et leurs démarches en ligne, sur son propre "
        "poste.",
        "Tout est réglé dans la mesure du possible ; la secrétaire garde parfois les codes d'accès des habitants "
        "pour les aider la fois suivante.",
        ["illectronisme", "isolement", "sans-voiture", "zones-blanches", "jeunes"],
    ),
]


# --- Les irritants et les gabarits de leurs observations ------------------------------------------------------------
class Temoignage(NamedTuple):
    """Ce qu'un usager a vécu (l'observation) et ses mots (le verbatim), avec un profil sans nom."""

    texte: str
    verbatim: str
    tranche_age: str
    situation: str


# Les profils des trois personas fil rouge du document source : on doit les reconnaître dans les verbatims.
SARAH = "mère isolée, aide à domicile en CDD"
SEBASTIEN = "demandeur d'emploi depuis plus de trois ans"
ROSELINE = "veuve, vit seule, perte d'autonomie"

JEUNE = TrancheAge.MOINS_25
ADULTE = TrancheAge.DE_25_A_39
MUR = TrancheAge.DE_40_A_59
SENIOR = TrancheAge.DE_60_A_74
AGE = TrancheAge.PLUS_75

# Gabarits : {commune}, {de_commune}, {a_commune} (une commune du bassin), {km}, {km2} (distance à Cahors, aller
# et aller-retour), {prix}, {service}, {au_service}, {du_service} (le lieu d'accueil concerné), {msap} (la MSAP la
# plus proche), {n}, {n2}, {semaines}. Les observations « rapportées » commencent par une minuscule : le
# générateur les fait souvent précéder de « Selon … , ». Un troisième élément impose le type de lieu d'accueil.
IRRITANTS = {
    "sans-voiture": {
        "theme": "accessibilite-mobilite",
        "titre": "Sans voiture, les services restent hors de portée",
        "description": (
            "Hors de Cahors, les lignes régulières passent une à deux fois par jour et le transport à la demande se "
            "réserve la veille : sans voiture ni permis, se rendre à un rendez-vous dépend d'un proche, d'un voisin "
            "ou d'un taxi que l'on ne peut pas payer."
        ),
        "gravite": Gravite.CRITIQUE,
        "sujet": "mobilité",
        "publics": ["sans-vehicule", "personnes-agees", "jeunes"],
        "services": ["caf", "france_travail", "cpam", "prefecture"],
        "loin": True,
        "voisins": ["distance", "jeunes", "chomage"],
        "rapporte": [
            (
                D,
                "les habitants {de_commune} sans voiture n'ont qu'un car le matin vers Cahors et un retour en fin "
                "d'après-midi : un rendez-vous de vingt minutes {au_service} occupe toute la journée.",
            ),
            (
                D,
                "le transport à la demande doit être réservé la veille avant midi ; beaucoup l'ignorent ou n'osent "
                "pas appeler, et renoncent au déplacement.",
            ),
            (
                D,
                "des jeunes {de_commune} sans permis refusent des missions d'intérim à Cahors faute de pouvoir y "
                "être à 6 heures du matin.",
            ),
            (
                D,
                "pour un rendez-vous {au_service}, une personne âgée {de_commune} paie un taxi près de {prix} euros "
                "aller-retour quand le trajet n'est pas pris en charge.",
            ),
            (
                B,
                "les usagers sans véhicule demandent que les rendez-vous soient fixés en fonction des horaires du "
                "car, et non l'inverse.",
            ),
            (
                ID,
                "regrouper le même jour les rendez-vous de plusieurs organismes à Cahors, pour qu'un seul "
                "déplacement suffise.",
            ),
            (
                BP,
                "{a_commune}, des chauffeurs bénévoles conduisent les personnes sans voiture à leurs rendez-vous, "
                "sur simple appel à la mairie.",
            ),
        ],
        "constat": [
            "Plusieurs usagers arrivés par le car du matin attendent devant la porte avant l'ouverture.",
            "Une usagère venue {de_commune} repart avant son tour pour ne pas manquer le seul car du retour.",
            "Sur la matinée, {n2} personnes disent être venues grâce à un proche qui les a conduites.",
        ],
        "usager": [
            Temoignage(
                "Jeune mère {de_commune}, sans permis : le car refuse la poussette aux heures de pointe.",
                "Avec la poussette, le chauffeur m'a dit d'attendre le suivant. Le suivant, c'était quatre heures "
                "après.",
                JEUNE,
                "jeune mère, sans permis",
            ),
            Temoignage(
                "Mère seule {de_commune}, aide à domicile en CDD : sans voiture personnelle, elle se fait déposer "
                "par une collègue entre deux interventions pour venir {au_service}.",
                "Je travaille avec la voiture de l'association, je n'ai pas le droit de m'en servir pour mes "
                "papiers. Alors je viens entre deux dames, en courant.",
                ADULTE,
                SARAH,
            ),
            Temoignage(
                "Demandeur d'emploi {de_commune} sans permis : il a renoncé à deux entretiens d'embauche faute de "
                "transport.",
                "Le boulot, il y en a, mais à Cahors à 6 heures du matin. Le premier car arrive à 8 heures. Vous "
                "voulez que je fasse comment ?",
                MUR,
                SEBASTIEN + ", sans permis",
            ),
            Temoignage(
                "Femme âgée {de_commune}, ne conduit plus depuis son veuvage : elle dépend de sa voisine pour chaque "
                "démarche.",
                "Ma voisine m'emmène quand elle va faire ses courses, le jeudi. Alors les rendez-vous, je les prends "
                "le jeudi, ou je ne les prends pas.",
                AGE,
                ROSELINE,
            ),
            Temoignage(
                "Jeune {de_commune} de 19 ans, sans permis : il fait du stop pour rejoindre Cahors.",
                "Le permis, c'est 1 500 euros. Sans permis pas de travail, et sans travail pas de permis.",
                JEUNE,
                "jeune sans emploi, vit chez ses parents",
            ),
            Temoignage(
                "Retraité {de_commune} qui a vendu sa voiture : il ne sait pas que le transport à la demande existe.",
                "Un bus à la demande ? Chez nous ? Personne ne me l'a jamais dit.",
                SENIOR,
                "retraité agricole, vit seul",
            ),
            Temoignage(
                "Mère de trois enfants {de_commune} : la seule voiture du ménage part tôt avec le conjoint.",
                "La voiture part à 6 heures avec mon mari. Moi je reste au village avec les petits, et la CAF, elle, "
                "est à Cahors.",
                ADULTE,
                "mère au foyer, trois enfants",
            ),
            Temoignage(
                "Allocataire du RSA {de_commune} : sa voiture est en panne depuis deux mois, il manque ses "
                "rendez-vous.",
                "La voiture est en panne, je n'ai pas les 800 euros pour la réparer. Et on me reproche de ne pas "
                "venir aux rendez-vous.",
                MUR,
                "allocataire du RSA, voiture en panne",
            ),
        ],
    },
    "distance": {
        "theme": "accessibilite-mobilite",
        "titre": "Des lieux d'accueil éloignés des communes rurales",
        "description": (
            "Les accueils physiques sont concentrés à Cahors ; depuis les communes du causse et de la vallée du "
            "Lot, un aller-retour pour une démarche prend une demi-journée, et les permanences locales ont été "
            "réduites ou supprimées."
        ),
        "gravite": Gravite.FORTE,
        "sujet": "distance aux services",
        "publics": ["sans-vehicule", "personnes-agees"],
        "services": ["caf", "cpam", "msa", "carsat", "prefecture"],
        "loin": True,
        "voisins": ["sans-voiture", "isolement"],
        "rapporte": [
            (
                D,
                "depuis {commune}, à {km} km de Cahors, un aller-retour {au_service} prend une demi-journée pour un "
                "rendez-vous d'un quart d'heure.",
            ),
            (
                D,
                "la permanence {du_service} qui se tenait {a_commune} a été supprimée ; les usagers doivent "
                "désormais aller jusqu'à Cahors.",
            ),
            (
                D,
                "les habitants des communes du causse connaissent mal les accueils de Cahors : ils ne savent ni où "
                "se garer, ni quel bâtiment chercher.",
            ),
            (
                D,
                "pour les agriculteurs {de_commune}, quitter l'exploitation une demi-journée pour un rendez-vous à "
                "Cahors a un coût réel.",
            ),
            (
                B,
                "les communes rurales demandent le retour de permanences régulières, même une demi-journée par mois, "
                "au plus près des habitants.",
            ),
            (ID, "un bus des services publics qui passerait dans les bourgs les jours de marché."),
            (
                BP,
                "la MSAP de {msap} reçoit des habitants de tout le canton et leur évite le trajet jusqu'à Cahors "
                "pour les démarches simples.",
            ),
        ],
        "constat": [
            "Sur la matinée, la moitié des personnes reçues viennent de communes situées à plus de 20 km.",
            "Une usagère venue {de_commune}, à {km} km, découvre qu'une pièce manquante l'oblige à revenir.",
            "Une personne venue {de_commune} demande s'il existe une permanence plus près de chez elle : l'agent "
            "n'en connaît pas.",
        ],
        "usager": [
            Temoignage(
                "Agricultrice {de_commune}, à {km} km de Cahors : elle regroupe toutes ses démarches sur une journée "
                "par trimestre.",
                "Je descends à Cahors une fois tous les trois mois et je fais tout d'un coup. S'il manque un papier, "
                "c'est reparti pour trois mois.",
                MUR,
                "exploitante agricole",
            ),
            Temoignage(
                "Retraitée {de_commune} : la permanence retraite de son bourg a fermé, elle ne sait plus où "
                "s'adresser.",
                "Avant, la dame de la retraite venait à la mairie une fois par mois. Maintenant il faut aller à "
                "Cahors, et moi je ne vais plus à Cahors.",
                AGE,
                ROSELINE,
            ),
            Temoignage(
                "Couple d'actifs {de_commune}, deux enfants : chaque démarche à Cahors coûte une journée de congé et "
                "l'essence.",
                "Entre l'essence et la journée posée, un papier à Cahors, ça nous coûte cent euros.",
                ADULTE,
                "couple d'actifs, deux enfants",
            ),
            Temoignage(
                "Homme de 50 ans {de_commune}, en invalidité : le trajet jusqu'à Cahors est douloureux, il renonce "
                "aux rendez-vous de contrôle.",
                "Une heure de route aller, une heure retour, pour qu'on me dise de revenir dans trois mois. Je n'y "
                "vais plus.",
                MUR,
                "en invalidité, vit seul",
            ),
            Temoignage(
                "Mère isolée {de_commune} : pour déposer un dossier {au_service}, elle a fait deux fois le trajet à "
                "cause d'une pièce manquante.",
                "La première fois, il manquait l'avis d'imposition. J'ai refait {km2} kilomètres pour une feuille.",
                ADULTE,
                SARAH,
            ),
            Temoignage(
                "Jeune couple installé {a_commune} : ils ne savent pas quel service est compétent, ni où il se "
                "trouve.",
                "On est arrivés de Toulouse en septembre. Ici, on ne sait pas qui fait quoi, ni où c'est.",
                ADULTE,
                "couple récemment installé, un enfant",
            ),
        ],
    },
    "horaires": {
        "theme": "accessibilite-mobilite",
        "titre": "Des horaires d'ouverture incompatibles avec le travail",
        "description": (
            "Les accueils ouvrent aux heures de travail, souvent le matin seulement, et ferment le midi ; les actifs "
            "aux horaires décalés (aide à domicile, commerce, agriculture) doivent poser un congé ou renoncer."
        ),
        "gravite": Gravite.FORTE,
        "sujet": "horaires d'ouverture",
        "publics": ["actifs", "familles-monoparentales"],
        "services": ["caf", "cpam", "mairie", "prefecture", "france_travail"],
        "voisins": ["garde-enfants"],
        "rapporte": [
            (
                D,
                "les aides à domicile commencent à 7 heures et finissent après 19 heures, avec des coupures trop "
                "courtes pour venir {au_service} pendant les heures d'ouverture.",
            ),
            (
                D,
                "{service} n'ouvre que le matin certains jours : les salariés posent une demi-journée de congé pour "
                "un simple dépôt de dossier.",
            ),
            (
                D,
                "la mairie {de_commune} n'est ouverte que deux demi-journées par semaine, souvent quand les "
                "habitants travaillent.",
                "mairie",
            ),
            (
                D,
                "dans l'agriculture et le commerce, les horaires décalés et le travail du samedi rendent les accueils "
                "de semaine inaccessibles.",
            ),
            (B, "les actifs demandent des rendez-vous tôt le matin, entre midi et deux, ou le samedi matin."),
            (
                ID,
                "ouvrir un soir par semaine jusqu'à 19 heures, sur rendez-vous, dans un accueil partagé entre "
                "plusieurs organismes.",
            ),
            (
                BP,
                "{service} propose des rendez-vous téléphoniques à heure fixe, que les salariés prennent depuis leur "
                "lieu de travail.",
            ),
        ],
        "constat": [
            "L'accueil ferme à midi ; à 11 h 50, trois personnes attendent encore et sont invitées à revenir.",
            "Une salariée arrivée pendant sa pause déjeuner trouve porte close : l'accueil ne rouvre qu'à 13 h 30.",
            "Les horaires affichés à l'entrée ne correspondent pas à ceux du site internet.",
        ],
        "usager": [
            Temoignage(
                "Agent de nettoyage {de_commune} : elle travaille tôt le matin et tard le soir ; les accueils "
                "ouvrent entre les deux.",
                "Je fais les bureaux de 5 heures à 8 heures, et le soir de 18 heures à 21 heures. Entre les deux, je "
                "dors, et c'est là que tout est ouvert.",
                MUR,
                "agent de nettoyage, horaires coupés",
            ),
            Temoignage(
                "Aide à domicile en CDD, mère seule {de_commune} : ses horaires d'intervention couvrent "
                "exactement les horaires d'ouverture.",
                "Je commence chez ma première dame à 7 h 30 et je finis à 19 heures. Le guichet, lui, ferme à "
                "16 heures. On ne se croise jamais.",
                ADULTE,
                SARAH,
            ),
            Temoignage(
                "Ouvrier agricole saisonnier {de_commune} : il ne peut pas quitter le chantier en semaine.",
                "En pleine saison, si je prends une matinée, le patron en prend un autre.",
                ADULTE,
                "ouvrier agricole saisonnier",
            ),
            Temoignage(
                "Employée de commerce {de_commune} : elle a posé un jour de congé pour un rendez-vous de dix minutes.",
                "Dix minutes de rendez-vous, une journée de congé. Et encore, ma responsable a été arrangeante.",
                MUR,
                "employée de commerce à temps partiel",
            ),
            Temoignage(
                "Infirmière libérale {de_commune} : entre deux tournées, elle trouve les accueils fermés.",
                "Entre midi et deux, tout est fermé, et c'est le seul moment où je peux.",
                MUR,
                "infirmière libérale",
            ),
            Temoignage(
                "Père séparé {de_commune}, chauffeur routier : absent toute la semaine, il n'a que le samedi.",
                "Je suis sur la route du lundi au vendredi. Le samedi, tout est fermé. Il reste quoi ? Rien.",
                MUR,
                "père séparé, chauffeur routier",
            ),
            Temoignage(
                "Jeune mère {de_commune} en reprise d'emploi : le rendez-vous fixé par courrier tombe sur son premier "
                "jour de travail.",
                "On m'a donné le rendez-vous sans me demander. C'était mon premier jour de travail. J'ai choisi le "
                "travail.",
                ADULTE,
                "mère de deux enfants, reprise d'emploi en CDD",
            ),
        ],
    },
    "zones-blanches": {
        "theme": "accessibilite-mobilite",
        "titre": "Zones blanches : pas de réseau pour joindre les services à distance",
        "description": (
            "Dans une partie des communes du causse, ni le téléphone mobile ni l'internet ne passent correctement : "
            "les démarches à distance, les rappels et les SMS de rendez-vous n'aboutissent pas, et le déplacement "
            "redevient la seule solution."
        ),
        "gravite": Gravite.MOYENNE,
        "sujet": "couverture numérique",
        "publics": ["eloignes-numerique", "personnes-agees"],
        "services": ["caf", "cpam", "france_travail"],
        "loin": True,
        "voisins": ["tout-numerique", "telephone"],
        "rapporte": [
            (
                D,
                "une partie {de_commune} n'a ni réseau mobile ni internet haut débit : les démarches en ligne et les "
                "rappels téléphoniques n'aboutissent pas.",
            ),
            (
                D,
                "des habitants {de_commune} montent sur la place ou au bord de la route pour capter le réseau et "
                "appeler {service}.",
            ),
            (
                D,
                "les SMS de confirmation de rendez-vous n'arrivent pas dans les hameaux mal couverts : des "
                "rendez-vous sont manqués sans que l'usager le sache.",
            ),
            (
                D,
                "la connexion {a_commune} est trop lente pour envoyer des pièces numérisées ; les dossiers en ligne "
                "restent bloqués à l'étape de l'envoi.",
            ),
            (
                B,
                "là où le réseau manque, les habitants ont besoin d'un point d'accès équipé et accompagné dans le "
                "bourg.",
            ),
            (
                BP,
                "la mairie {de_commune} laisse les habitants utiliser son ordinateur et sa connexion pour leurs "
                "démarches, aux heures de secrétariat.",
                "mairie",
            ),
        ],
        "constat": [
            "Une usagère venue {de_commune} n'a pas reçu le SMS de rappel de son rendez-vous : chez elle, le réseau "
            "ne passe pas.",
            "Une usagère explique qu'elle est venue en personne parce que chez elle, {a_commune}, le téléphone ne "
            "passe pas.",
            "Un usager montre un SMS de rendez-vous reçu le lendemain du rendez-vous, faute de réseau chez lui.",
        ],
        "usager": [
            Temoignage(
                "Exploitant agricole {de_commune} : ses déclarations se font en ligne, mais la connexion de la ferme "
                "ne suit pas.",
                "Les déclarations, c'est en ligne obligatoire. À la ferme, la page met dix minutes à s'ouvrir. Je "
                "vais chez mon frère, en ville.",
                MUR,
                "exploitant agricole",
            ),
            Temoignage(
                "Mère de deux enfants {de_commune} : un seul téléphone pour la famille, et pas de réseau dans la "
                "maison.",
                "Un seul téléphone pour toute la famille, et il faut monter au grenier pour avoir une barre.",
                ADULTE,
                "mère de deux enfants, en recherche d'emploi",
            ),
            Temoignage(
                "Retraité {de_commune} : pas de réseau mobile à son domicile, il ne peut pas être rappelé.",
                "Ils disent « on vous rappelle ». Chez moi, le portable ne sonne pas. Il faut que je sois au fond du "
                "jardin, côté route.",
                SENIOR,
                "retraité, vit en couple dans un hameau",
            ),
            Temoignage(
                "Femme âgée {de_commune} : sa ligne fixe est souvent coupée après les orages.",
                "Après l'orage, plus de téléphone pendant huit jours. Si j'ai un souci, je fais comment ?",
                AGE,
                ROSELINE,
            ),
            Temoignage(
                "Artisan {de_commune} : il fait ses démarches en ligne depuis le parking du supermarché, pour avoir "
                "du réseau.",
                "Je fais mes papiers sur le parking du supermarché, c'est là que ça capte le mieux.",
                MUR,
                "artisan",
            ),
            Temoignage(
                "Mère isolée {de_commune} : son forfait ne lui permet pas d'attendre quarante minutes au téléphone.",
                "Quarante minutes d'attente, mon forfait ne tient pas. Je raccroche avant qu'on me réponde.",
                ADULTE,
                SARAH,
            ),
            Temoignage(
                "Jeune {de_commune} sans internet à la maison : il cherche du travail sur son téléphone, quand il "
                "capte.",
                "Le CV, je l'ai fait sur mon téléphone. Le mettre en ligne, c'est une autre histoire.",
                JEUNE,
                "jeune demandeur d'emploi",
            ),
        ],
    },
    "tout-numerique": {
        "theme": "adaptation-reponse",
        "titre": "Des démarches devenues uniquement numériques",
        "description": (
            "Cartes grises et permis de conduire depuis novembre 2017, actualisation à Pôle emploi, prime "
            "d'activité : de plus en plus de démarches ne se font qu'en ligne, sans alternative au guichet pour qui "
            "n'a ni ordinateur, ni connexion, ni l'aisance nécessaire."
        ),
        "gravite": Gravite.CRITIQUE,
        "sujet": "démarches en ligne",
        "publics": ["eloignes-numerique", "personnes-agees", "demandeurs-emploi"],
        "services": ["prefecture", "caf", "france_travail", "france_services"],
        "voisins": ["illectronisme", "zones-blanches"],
        "rapporte": [
            (
                D,
                "depuis novembre 2017, les demandes de carte grise et de permis de conduire se font uniquement en "
                "ligne ; des usagers se présentent encore à {service} et repartent sans solution.",
                "prefecture",
            ),
            (
                D,
                "l'actualisation mensuelle se fait en ligne ; des demandeurs d'emploi sans ordinateur l'oublient ou "
                "échouent, et sont radiés.",
                "france_travail",
            ),
            (
                D,
                "la prime d'activité se demande uniquement sur internet ; des salariés modestes qui y auraient droit "
                "ne la demandent pas.",
                "caf",
            ),
            (
                D,
                "les usagers reçoivent un courriel avec un lien à suivre, mais beaucoup n'ont pas d'adresse "
                "électronique ou ne la consultent jamais.",
            ),
            (
                D,
                "des garages font payer les démarches en ligne de carte grise que les usagers ne peuvent pas faire "
                "seuls.",
            ),
            (
                B,
                "les usagers demandent de pouvoir encore déposer un dossier papier, ou d'être aidés par quelqu'un au "
                "guichet plutôt que renvoyés vers une borne.",
            ),
            (
                ID,
                "un agent qui fait la démarche en ligne avec l'usager, assis à côté de lui, plutôt que devant "
                "la borne.",
            ),
        ],
        "constat": [
            "Un homme âgé, orienté vers la borne numérique, reste plusieurs minutes devant l'écran d'accueil puis "
            "quitte la salle sans avoir rien fait.",
            "Sur {n} personnes reçues, {n2} venaient pour une démarche qui n'existe plus qu'en ligne.",
            "L'agent remet un papier avec l'adresse du site internet ; l'usagère le plie et dit qu'elle n'a pas "
            "d'ordinateur.",
            "Les postes en libre accès sont occupés toute la matinée par des usagers qui attendent qu'un agent se "
            "libère pour les aider.",
        ],
        "usager": [
            Temoignage(
                "Retraité {de_commune} : on lui demande de déclarer ses revenus en ligne, il ne sait pas comment "
                "faire.",
                "Cinquante ans que je remplis ma feuille d'impôts à la main. Cette année, on m'écrit que c'est "
                "internet obligatoire.",
                SENIOR,
                "retraité, vit seul",
            ),
            Temoignage(
                "Homme de 58 ans {de_commune} : il ne peut pas faire sans internet la carte grise d'un véhicule "
                "d'occasion et roule sans certificat à jour.",
                "On m'a dit : c'est sur internet maintenant. Je n'ai pas internet. Alors la voiture, je la laisse "
                "comme ça.",
                MUR,
                "ouvrier du bâtiment, vit seul",
            ),
            Temoignage(
                "Demandeur d'emploi de longue durée {de_commune} : radié deux mois pour une actualisation oubliée.",
                "J'ai raté l'actualisation parce que l'ordinateur de la mairie était en panne. Deux mois sans rien. "
                "Deux mois.",
                MUR,
                SEBASTIEN,
            ),
            Temoignage(
                "Retraitée {de_commune} : sa fille fait ses démarches en ligne depuis Toulouse, avec ses codes.",
                "C'est ma fille qui fait tout sur internet, depuis Toulouse. Moi je ne sais même pas ce qu'elle a "
                "mis.",
                AGE,
                ROSELINE,
            ),
            Temoignage(
                "Mère isolée {de_commune} : elle fait ses démarches CAF sur son téléphone, et l'envoi des pièces "
                "échoue.",
                "Sur le téléphone, la photo de l'avis d'imposition est toujours floue, et le site me la refuse.",
                ADULTE,
                SARAH,
            ),
            Temoignage(
                "Homme de 45 ans {de_commune}, en difficulté avec la lecture : il fait semblant de comprendre à "
                "l'accueil et repart.",
                "Moi, l'écran, je ne sais pas lire ce qu'il y a dessus. Je dis oui, oui, et je m'en vais.",
                MUR,
                "travailleur saisonnier, en difficulté avec la lecture",
            ),
            Temoignage(
                "Couple de retraités {de_commune} sans adresse électronique : ils ne peuvent pas créer de compte.",
                "Il faut une adresse mail pour créer le compte. On n'en a pas. Et pour en créer une, il faut déjà "
                "savoir s'en servir.",
                SENIOR,
                "couple de retraités",
            ),
            Temoignage(
                "Jeune {de_commune} à l'aise avec son téléphone, mais pas avec les sites administratifs.",
                "Je suis tout le temps sur mon portable, mais leurs sites, je n'y comprends rien. Ce n'est pas fait "
                "pour nous.",
                JEUNE,
                "jeune en recherche d'emploi",
            ),
        ],
    },
    "complexite": {
        "theme": "adaptation-reponse",
        "titre": "Des démarches complexes et trop de pièces justificatives",
        "description": (
            "Formulaires longs au vocabulaire administratif, pièces à fournir différentes d'un organisme à l'autre "
            "et redemandées à chaque démarche : les dossiers reviennent incomplets et les droits s'ouvrent en retard."
        ),
        "gravite": Gravite.FORTE,
        "sujet": "complexité des démarches",
        "publics": ["familles-monoparentales", "personnes-agees", "demandeurs-emploi"],
        "services": ["caf", "cpam", "msa", "carsat", "ccas"],
        "voisins": ["non-recours", "delais"],
        "rapporte": [
            (
                D,
                "plus de la moitié des dossiers arrivent incomplets : la liste des pièces diffère d'un organisme à "
                "l'autre et personne ne la connaît en entier.",
            ),
            (
                D,
                "les usagers ne comprennent pas les courriers {du_service} ; ils viennent au guichet, la lettre à la "
                "main, pour qu'on leur explique ce qu'on leur demande.",
            ),
            (
                D,
                "la même pièce justificative (avis d'imposition, attestation de droits) est redemandée par chaque "
                "organisme, parfois deux fois par le même.",
            ),
            (
                D,
                "un changement de situation oblige à prévenir séparément la CAF, la CPAM, Pôle emploi et les impôts, "
                "avec chaque fois un formulaire différent.",
            ),
            (
                D,
                "le vocabulaire des formulaires (« quotient familial », « ressources N-2 », « ayant droit ») "
                "décourage avant même de commencer.",
            ),
            (ID, "un dossier unique, déposé une fois, que chaque organisme consulterait avec l'accord de l'usager."),
            (
                BP,
                "{service} remet à l'accueil une fiche d'une page, en langage simple, sur les pièces à apporter.",
            ),
        ],
        "constat": [
            "Un usager venu {de_commune} découvre au guichet que le formulaire qu'il a rempli n'est plus le bon "
            "modèle.",
            "Une usagère vide un sac de papiers sur le comptoir ; l'agent passe dix minutes à trier ce qui est utile.",
            "Une demande d'aide au logement fait une douzaine de pages : l'usager remplit les trois premières et "
            "demande de l'aide pour le reste.",
            "{n2} personnes sur la matinée reviennent pour une pièce manquante, demandée lors d'un précédent passage.",
        ],
        "usager": [
            Temoignage(
                "Mère isolée {de_commune} : son dossier lui a été renvoyé trois fois, pour des pièces différentes.",
                "Une fois c'était la fiche de paie, une fois le jugement de divorce, une fois l'attestation de "
                "l'employeur. Pourquoi ils ne demandent pas tout d'un coup ?",
                ADULTE,
                SARAH,
            ),
            Temoignage(
                "Femme âgée {de_commune} : elle ne comprend pas les courriers de sa caisse de retraite et les range "
                "sans les ouvrir.",
                "Les lettres, je les mets dans le tiroir. Je n'y comprends rien, et j'ai peur de ce qu'il y a dedans.",
                AGE,
                ROSELINE,
            ),
            Temoignage(
                "Homme de 50 ans {de_commune} : il a abandonné une demande de complémentaire santé devant le "
                "formulaire.",
                "Quatre pages pour la mutuelle gratuite, avec des mots que je ne connais pas. J'ai laissé tomber.",
                MUR,
                SEBASTIEN,
            ),
            Temoignage(
                "Couple d'exploitants {de_commune} : entre MSA, impôts et aides agricoles, ils ne savent plus quel "
                "papier va où.",
                "On a un classeur par organisme, et on se trompe quand même. On est agriculteurs, pas comptables.",
                MUR,
                "couple d'exploitants agricoles",
            ),
            Temoignage(
                "Jeune {de_commune}, première déclaration de revenus : il ne sait pas ce qu'on lui demande.",
                "Revenu fiscal de référence, c'est quoi ? Personne ne me l'a jamais expliqué.",
                JEUNE,
                "jeune salarié, premier emploi",
            ),
            Temoignage(
                "Retraité {de_commune} : le calcul de sa retraite a demandé un an de relances et de pièces.",
                "Trente-huit ans de travail, et il a fallu un an et un classeur entier pour prouver que j'avais "
                "travaillé.",
                SENIOR,
                "retraité du bâtiment",
            ),
        ],
    },
    "ping-pong": {
        "theme": "adaptation-reponse",
        "titre": "Renvoyé d'un guichet à l'autre",
        "description": (
            "Faute de connaître l'offre des autres services, les accueils réorientent l'usager sans s'assurer qu'il "
            "sera reçu : il refait le trajet, raconte à nouveau sa situation et finit parfois par abandonner."
        ),
        "gravite": Gravite.FORTE,
        "sujet": "orientation entre services",
        "publics": ["demandeurs-emploi", "familles-monoparentales"],
        "services": ["ccas", "caf", "mairie", "france_travail", "cpam"],
        "voisins": ["complexite"],
        "rapporte": [
            (
                D,
                "des usagers sont orientés {au_service} pour une demande qui relève d'un autre organisme ; ils "
                "refont le trajet pour rien.",
            ),
            (
                D,
                "les agents d'accueil ne connaissent pas l'offre des autres services du bassin et orientent « au cas "
                "où ».",
            ),
            (
                D,
                "une même famille peut être suivie par quatre ou cinq travailleurs sociaux différents qui ne se "
                "parlent pas.",
            ),
            (
                D,
                "à chaque nouveau guichet, l'usager doit raconter à nouveau toute sa situation, ce qu'il vit comme "
                "une humiliation.",
            ),
            (
                B,
                "les agents demandent un annuaire partagé des services du bassin, avec un contact direct pour "
                "orienter sans renvoyer.",
            ),
            (
                ID,
                "un référent de parcours unique, qui garde le fil du dossier même quand plusieurs organismes "
                "interviennent.",
            ),
            (
                BP,
                "entre la CAF et le CCAS de Cahors, les agents s'appellent directement pour éviter de renvoyer "
                "l'usager d'un bureau à l'autre.",
            ),
        ],
        "constat": [
            "Une usagère venue {de_commune} a déjà été reçue le matin même dans un autre organisme, qui l'a envoyée "
            "ici.",
            "Une usagère arrive avec un mot d'un autre service lui disant de venir ici ; l'agent lui explique que sa "
            "demande ne relève pas de cet accueil.",
            "En trois heures, {n2} personnes sont réorientées vers un autre organisme, sans rendez-vous ni contact à "
            "la clé.",
            "Un homme explique qu'il en est à son troisième guichet de la semaine pour la même demande.",
        ],
        "usager": [
            Temoignage(
                "Femme de 60 ans {de_commune}, en invalidité : entre l'assurance maladie et la retraite, son dossier "
                "tourne depuis un an.",
                "L'assurance maladie dit que c'est la retraite, la retraite dit que c'est l'invalidité. Un an que ça "
                "tourne.",
                SENIOR,
                "en invalidité, vit seule",
            ),
            Temoignage(
                "Mère isolée {de_commune} : envoyée au CCAS pour une aide d'urgence, puis au département, puis de "
                "nouveau au CCAS.",
                "Au CCAS, on m'a dit de voir l'assistante sociale du département. Elle m'a renvoyée au CCAS. Le "
                "frigo, lui, était vide.",
                ADULTE,
                SARAH,
            ),
            Temoignage(
                "Demandeur d'emploi {de_commune} : renvoyé de Pôle emploi au CCAS, puis à la CAF, pour une aide au "
                "transport.",
                "Pôle emploi m'a dit de voir le CCAS, le CCAS m'a dit de voir la CAF, la CAF m'a dit de voir Pôle "
                "emploi. J'ai fait le tour.",
                MUR,
                SEBASTIEN,
            ),
            Temoignage(
                "Mère isolée {de_commune} : trois services différents pour une même séparation.",
                "À chaque bureau, il faut tout redire : la séparation, les enfants, l'argent. À la fin, on n'a plus "
                "envie.",
                ADULTE,
                "mère isolée, deux enfants",
            ),
            Temoignage(
                "Aidante {de_commune} : elle ne sait pas qui, du département, de la caisse de retraite ou de la "
                "mairie, s'occupe de l'aide à domicile de sa mère.",
                "Le département dit que c'est la caisse de retraite, la caisse dit que c'est le département. Et "
                "maman attend.",
                MUR,
                "aidante de sa mère âgée",
            ),
            Temoignage(
                "Jeune {de_commune} : la mission locale l'a renvoyé vers Pôle emploi, qui l'a renvoyé vers la "
                "mission locale.",
                "On se renvoie la balle, et moi je suis au milieu.",
                JEUNE,
                "jeune sans diplôme",
            ),
            Temoignage(
                "Retraité {de_commune} : envoyé à la préfecture pour une démarche qui se fait en mairie.",
                "Une heure de route pour qu'on me dise que c'est la mairie. La mairie, elle est en face de chez moi.",
                SENIOR,
                "retraité, vit en couple",
            ),
        ],
    },
    "telephone": {
        "theme": "adaptation-reponse",
        "titre": "Des plateformes téléphoniques injoignables",
        "description": (
            "Numéros payants, temps d'attente, serveurs vocaux à choix multiples et rappels qui n'arrivent pas : le "
            "téléphone, seul recours de ceux qui ne peuvent pas se déplacer, aboutit rarement à un interlocuteur "
            "qui connaît le dossier."
        ),
        "gravite": Gravite.MOYENNE,
        "sujet": "accueil téléphonique",
        "publics": ["personnes-agees", "actifs"],
        "services": ["cpam", "caf", "carsat", "france_travail"],
        "voisins": ["zones-blanches"],
        "rapporte": [
            (
                D,
                "les usagers qui n'arrivent pas à joindre la plateforme téléphonique {du_service} se déplacent au "
                "guichet, faute d'autre solution.",
            ),
            (
                D,
                "le serveur vocal propose cinq ou six choix successifs ; les personnes âgées raccrochent avant "
                "d'atteindre un conseiller.",
            ),
            (
                D,
                "les conseillers de la plateforme n'ont pas accès au dossier complet et ne peuvent pas répondre aux "
                "questions précises.",
            ),
            (
                D,
                "les rappels promis n'arrivent pas, ou arrivent à une heure où l'usager travaille.",
            ),
            (
                B,
                "les mairies et les associations demandent une ligne directe pour joindre un agent qui connaît le "
                "dossier.",
            ),
            (
                BP,
                "{service} a ouvert une ligne réservée aux travailleurs sociaux et aux secrétaires de mairie, qui "
                "débloque une situation en un appel.",
            ),
        ],
        "constat": [
            "Un usager dit avoir essayé d'appeler toute la semaine ; il demande un numéro direct, l'agent n'en a "
            "aucun à lui donner.",
            "Le téléphone de l'accueil sonne sans arrêt ; l'agent, seul, ne décroche pas pour servir les personnes "
            "présentes.",
            "Une usagère montre son journal d'appels : {n2} appels à la plateforme en deux jours, sans réponse.",
        ],
        "usager": [
            Temoignage(
                "Aide à domicile {de_commune} : elle appelle la plateforme depuis sa voiture, entre deux "
                "interventions.",
                "J'appelle depuis la voiture, entre deux dames. Quand enfin quelqu'un décroche, je suis arrivée et "
                "je dois raccrocher.",
                MUR,
                "aide à domicile à temps partiel",
            ),
            Temoignage(
                "Retraité malentendant {de_commune} : le téléphone lui est inutilisable.",
                "J'entends mal au téléphone. Ils parlent vite, il y a de la musique derrière. Je dis oui à tout et "
                "je ne sais pas à quoi.",
                AGE,
                "retraité malentendant, vit seul",
            ),
            Temoignage(
                "Femme âgée {de_commune} : elle raccroche face au serveur vocal.",
                "Tapez 1, tapez 2… Le temps que je trouve les touches, ça a raccroché.",
                AGE,
                ROSELINE,
            ),
            Temoignage(
                "Salarié {de_commune} : il appelle pendant sa pause et reste en musique d'attente jusqu'à la reprise.",
                "J'ai un quart d'heure de pause. Le quart d'heure, je le passe avec la musique d'attente.",
                ADULTE,
                "salarié du transport, horaires décalés",
            ),
            Temoignage(
                "Mère isolée {de_commune} : on devait la rappeler, personne ne l'a fait.",
                "« On vous rappelle sous 48 heures. » Ça fait trois semaines.",
                ADULTE,
                SARAH,
            ),
            Temoignage(
                "Homme de 60 ans {de_commune} : il a dû expliquer son dossier à trois conseillers différents.",
                "Trois fois j'ai appelé, trois personnes différentes, et à chaque fois il faut tout reprendre.",
                SENIOR,
                "préretraité, ancien salarié agricole",
            ),
            Temoignage(
                "Étudiant {de_commune} : il ne savait pas que l'appel était payant et découvre sa facture.",
                "L'appel m'a coûté plus cher que ce que je voulais demander.",
                JEUNE,
                "étudiant boursier",
            ),
        ],
    },
    "garde-enfants": {
        "theme": "adaptation-reponse",
        "titre": "Pas de solution de garde pendant les rendez-vous",
        "description": (
            "Les parents seuls, sans famille à proximité, viennent avec leurs enfants ou renoncent : les accueils ne "
            "sont pas pensés pour eux, et les rendez-vous d'insertion ou de formation tombent aux heures de sortie "
            "d'école."
        ),
        "gravite": Gravite.MOYENNE,
        "sujet": "garde d'enfants",
        "publics": ["familles-monoparentales", "actifs"],
        "services": ["france_travail", "caf", "ccas"],
        "voisins": ["horaires"],
        "rapporte": [
            (
                D,
                "les mères seules sans famille à proximité viennent aux rendez-vous avec leurs enfants ; l'entretien "
                "est difficile et parfois écourté.",
            ),
            (
                D,
                "les rendez-vous et les ateliers collectifs {du_service} sont fixés entre 9 heures et 16 h 30, "
                "incompatibles avec les sorties d'école.",
            ),
            (
                D,
                "il existe des places en crèche à Cahors, mais pas de garde ponctuelle pour une demi-journée de "
                "démarches ou de formation.",
            ),
            (D, "des femmes refusent une formation qualifiante faute de solution de garde pendant les stages."),
            (
                B,
                "les parents seuls demandent des rendez-vous pendant le temps scolaire et un coin enfants dans les "
                "salles d'attente.",
            ),
            (
                ID,
                "une halte-garderie éphémère les jours de permanence, tenue par une association, pour libérer les "
                "parents le temps d'un rendez-vous.",
            ),
        ],
        "constat": [
            "Un père attend avec un enfant malade qu'il n'a pas pu faire garder ; il demande à passer avant son "
            "tour, ce que l'organisation de l'accueil ne permet pas.",
            "Une mère attend avec deux enfants en bas âge ; au bout de quarante minutes, les enfants pleurent et "
            "elle repart sans avoir été reçue.",
            "La salle d'attente n'a ni jeu ni espace pour les enfants ; une poussette bloque le passage.",
        ],
        "usager": [
            Temoignage(
                "Mère isolée {de_commune} : elle a manqué un rendez-vous parce que la cantine était fermée ce "
                "jour-là.",
                "La cantine était en grève, je n'avais personne. J'ai appelé pour prévenir, on m'a dit que ça "
                "comptait comme une absence.",
                ADULTE,
                SARAH,
            ),
            Temoignage(
                "Couple {de_commune}, trois jeunes enfants : l'un des deux parents renonce à chaque démarche pour "
                "garder les petits.",
                "On ne peut jamais y aller à deux. Un qui va au rendez-vous, l'autre qui garde. Alors on oublie la "
                "moitié des questions.",
                ADULTE,
                "couple, trois enfants en bas âge",
            ),
            Temoignage(
                "Mère isolée {de_commune}, aide à domicile en CDD : personne ne peut garder ses enfants pendant ses "
                "rendez-vous.",
                "Mes parents sont à Lille. Ici je n'ai personne. Alors les petits viennent avec moi partout, même "
                "chez le conseiller.",
                ADULTE,
                SARAH,
            ),
            Temoignage(
                "Mère de trois enfants {de_commune} : elle a refusé une formation d'aide-soignante faute de garde.",
                "La formation, c'était à Cahors de 8 heures à 17 heures. Le car scolaire arrive à 17 h 30 au village. "
                "Qui récupère les enfants ?",
                ADULTE,
                "mère de trois enfants, sans emploi",
            ),
            Temoignage(
                "Père seul {de_commune} : l'atelier collectif obligatoire a lieu le mercredi, jour sans école.",
                "L'atelier était le mercredi. Le mercredi, j'ai ma fille. On m'a dit que c'était obligatoire.",
                MUR,
                "père seul, demandeur d'emploi",
            ),
            Temoignage(
                "Jeune mère {de_commune}, 20 ans : elle n'ose plus venir avec son bébé à l'accueil.",
                "On me regarde mal quand le bébé pleure dans la salle d'attente. Alors je ne viens plus.",
                JEUNE,
                "jeune mère, sans emploi",
            ),
        ],
    },
    "delais": {
        "theme": "adaptation-reponse",
        "titre": "Des délais de traitement qui créent des ruptures de droits",
        "description": (
            "Entre le dépôt d'un dossier et le premier versement, plusieurs semaines passent ; un changement de "
            "situation (reprise d'un CDD, séparation, départ à la retraite) suspend les droits et met les ménages "
            "modestes en difficulté."
        ),
        "gravite": Gravite.FORTE,
        "sujet": "délais et ruptures de droits",
        "publics": ["familles-monoparentales", "personnes-agees", "demandeurs-emploi"],
        "services": ["caf", "cpam", "carsat", "msa"],
        "voisins": ["complexite"],
        "rapporte": [
            (
                D,
                "entre le dépôt du dossier {au_service} et le premier versement, il s'écoule {semaines} semaines ; "
                "les ménages modestes s'endettent entre-temps.",
            ),
            (
                D,
                "la reprise d'un CDD de quelques semaines suspend ou recalcule les droits, avec des trop-perçus "
                "réclamés plusieurs mois après.",
            ),
            (
                D,
                "les départs en retraite des anciens salariés agricoles, aux carrières éclatées, laissent parfois "
                "plusieurs mois sans pension.",
            ),
            (
                D,
                "les usagers ne savent pas où en est leur dossier ; ils appellent ou reviennent au guichet pour le "
                "demander, ce qui allonge encore les délais.",
            ),
            (
                B,
                "les usagers demandent à savoir à quelle étape est leur dossier, et à être prévenus quand une pièce "
                "manque.",
            ),
            (
                BP,
                "{service} traite en priorité les dossiers signalés par les travailleurs sociaux quand une rupture de "
                "droits menace.",
            ),
        ],
        "constat": [
            "Un usager vient pour la troisième fois demander où en est son dossier ; l'écran de l'agent n'affiche "
            "que « en cours de traitement ».",
            "{n2} usagers viennent uniquement savoir où en est leur dossier, déposé il y a plus d'un mois.",
            "Une usagère présente un courrier lui réclamant un trop-perçu de plusieurs centaines d'euros, qu'elle ne "
            "comprend pas.",
        ],
        "usager": [
            Temoignage(
                "Mère isolée {de_commune}, deux enfants : six semaines sans aide au logement après un déménagement.",
                "J'ai déménagé pour être plus près du travail. Six semaines sans APL, le temps qu'ils changent "
                "l'adresse.",
                ADULTE,
                "mère isolée, deux enfants, temps partiel",
            ),
            Temoignage(
                "Demandeur d'emploi {de_commune} : son allocation a été suspendue le temps de vérifier un document.",
                "Un papier qu'ils avaient déjà. Suspendu cinq semaines, le temps de vérifier. Et le loyer, lui, il "
                "n'attend pas.",
                MUR,
                SEBASTIEN,
            ),
            Temoignage(
                "Mère isolée {de_commune} : chaque fin de CDD interrompt ses aides.",
                "À chaque fin de contrat, tout s'arrête, puis tout repart, puis on me demande de rembourser. Je ne "
                "sais jamais combien j'aurai.",
                ADULTE,
                SARAH,
            ),
            Temoignage(
                "Retraité {de_commune} : trois mois sans revenu entre la fin de ses indemnités et sa première "
                "pension.",
                "Trois mois sans rien. Heureusement que mon fils a payé l'électricité.",
                SENIOR,
                "retraité agricole, vit seul",
            ),
            Temoignage(
                "Allocataire du RSA {de_commune} : un trop-perçu lui est réclamé un an après.",
                "Ils me demandent 900 euros pour une erreur qui n'est pas la mienne. Je touche moins de 500 euros "
                "par mois.",
                MUR,
                SEBASTIEN + ", allocataire du RSA",
            ),
            Temoignage(
                "Veuve {de_commune} : la pension de réversion a mis cinq mois à arriver.",
                "Mon mari est parti en juillet, la réversion est arrivée en décembre. Entre les deux, j'ai vendu des "
                "meubles.",
                AGE,
                "veuve depuis peu, vit seule",
            ),
        ],
    },
    "non-recours": {
        "theme": "accompagnement-eloignes",
        "titre": "Méconnaissance des droits et non-recours",
        "description": (
            "Beaucoup d'usagers ignorent les aides auxquelles ils ont droit (prime d'activité, CMU complémentaire, "
            "aide personnalisée d'autonomie, chèque énergie) ou renoncent à les demander, par découragement, par "
            "fierté ou par peur de devoir rembourser."
        ),
        "gravite": Gravite.CRITIQUE,
        "sujet": "accès aux droits",
        "publics": ["personnes-agees", "familles-monoparentales", "demandeurs-emploi"],
        "services": ["caf", "cpam", "msa", "ccas", "mairie"],
        "voisins": ["complexite", "isolement"],
        "rapporte": [
            (
                D,
                "beaucoup de salariés modestes ignorent qu'ils ont droit à la prime d'activité ; d'autres la croient "
                "réservée aux personnes au chômage.",
            ),
            (
                D,
                "des personnes âgées refusent de demander l'aide à domicile de peur que leurs enfants doivent "
                "rembourser, ou de devoir vendre la maison.",
            ),
            (
                D,
                "le chèque énergie, généralisé au 1er janvier 2018, arrive par courrier sans explication ; certains "
                "le jettent en le prenant pour une publicité.",
            ),
            (
                D,
                "la CMU complémentaire et l'aide à la complémentaire santé sont peu demandées, par méconnaissance ou "
                "devant la complexité du dossier.",
            ),
            (
                D,
                "dans les petites communes comme {commune}, on ne demande pas d'aide par fierté, ni pour ne pas être "
                "vu chez l'assistante sociale.",
            ),
            (
                B,
                "les habitants ont besoin qu'on vienne vers eux pour les informer, plutôt que d'attendre qu'ils "
                "fassent la démarche.",
            ),
            (
                ID,
                "un rendez-vous des droits à chaque changement de vie (naissance, séparation, perte d'emploi, "
                "retraite, veuvage).",
            ),
            (
                BP,
                "la plateforme d'accès aux soins de la CPAM accompagne les assurés qui renoncent à se soigner, du "
                "repérage jusqu'au rendez-vous médical.",
                "cpam",
            ),
        ],
        "constat": [
            "Une usagère venue {de_commune} pour un justificatif apprend qu'elle a droit au chèque énergie ; elle "
            "l'avait jeté, croyant à une publicité.",
            "En faisant le point sur sa situation, l'agent découvre qu'une usagère venue pour autre chose a droit "
            "à la prime d'activité depuis deux ans.",
            "Un retraité venu pour un changement d'adresse repart avec un dossier d'aide au chauffage dont il "
            "ignorait l'existence.",
        ],
        "usager": [
            Temoignage(
                "Mère isolée {de_commune}, deux enfants : elle ne demande plus rien depuis qu'on lui a réclamé un "
                "trop-perçu.",
                "La dernière fois qu'on m'a donné une aide, on me l'a reprise six mois après. Maintenant je ne "
                "demande plus rien, c'est plus simple.",
                ADULTE,
                "mère isolée, deux enfants",
            ),
            Temoignage(
                "Mère isolée {de_commune}, aide à domicile en CDD : elle ignorait pouvoir toucher la prime "
                "d'activité.",
                "La prime d'activité ? Je croyais que c'était pour les chômeurs. Moi, je travaille.",
                ADULTE,
                SARAH,
            ),
            Temoignage(
                "Femme âgée {de_commune} : elle refuse l'aide à domicile par peur que la maison soit reprise.",
                "Si je demande l'aide, après ils prennent la maison. C'est ce que disait ma mère.",
                AGE,
                ROSELINE,
            ),
            Temoignage(
                "Homme de 52 ans {de_commune} : sans complémentaire santé, il ignorait avoir droit à la CMU "
                "complémentaire.",
                "Je ne vais plus chez le dentiste depuis cinq ans. Personne ne m'a dit que c'était gratuit pour moi.",
                MUR,
                SEBASTIEN,
            ),
            Temoignage(
                "Ancien exploitant {de_commune}, petite retraite : il ne demande rien.",
                "Je ne suis pas venu demander la charité. On s'est toujours débrouillés.",
                AGE,
                "ancien exploitant agricole, petite retraite",
            ),
            Temoignage(
                "Jeune couple {de_commune} : ils ont découvert l'aide au logement six mois après leur installation.",
                "Six mois qu'on paie le loyer plein. L'APL, on ne pensait pas y avoir droit, on travaille tous les "
                "deux.",
                ADULTE,
                "jeune couple de salariés",
            ),
            Temoignage(
                "Femme de 63 ans {de_commune}, aidante de son mari : elle ignorait tout des aides aux aidants.",
                "Je m'occupe de lui jour et nuit depuis deux ans. Je ne savais pas qu'il existait quelque chose pour "
                "moi.",
                SENIOR,
                "aidante de son conjoint malade",
            ),
        ],
    },
    "isolement": {
        "theme": "accompagnement-eloignes",
        "titre": "Isolement des personnes âgées en perte d'autonomie",
        "description": (
            "Dans les hameaux, des personnes âgées seules, sans voiture et sans internet, ne sortent plus : elles "
            "découvrent les aides au maintien à domicile trop tard, quand la perte d'autonomie est installée, et "
            "dépendent du voisinage, de l'aide à domicile ou du facteur."
        ),
        "gravite": Gravite.CRITIQUE,
        "sujet": "isolement des personnes âgées",
        "publics": ["personnes-agees", "sans-vehicule"],
        "services": ["carsat", "msa", "ccas", "mairie"],
        "voisins": ["sans-voiture", "non-recours"],
        "rapporte": [
            (
                D,
                "des personnes âgées seules {de_commune} ne voient plus personne en dehors de l'aide à domicile, "
                "quelques heures par semaine.",
            ),
            (
                D,
                "la perte d'autonomie est repérée tard, souvent après une chute ou une hospitalisation, quand le "
                "maintien à domicile est déjà compromis.",
            ),
            (
                D,
                "le facteur, la secrétaire de mairie et l'infirmière sont souvent les seuls à voir certaines "
                "personnes âgées ; ils repèrent les difficultés mais ne savent pas à qui les signaler.",
            ),
            (
                D,
                "les dossiers d'aide au maintien à domicile sont remplis par les enfants, quand il y en a ; les "
                "personnes sans famille proche restent sans aide.",
            ),
            (D, "en hiver, des personnes âgées des hameaux {de_commune} ne sortent plus de chez elles des semaines."),
            (B, "les aidants demandent un interlocuteur unique pour tout ce qui touche au maintien à domicile."),
            (
                BP,
                "la mairie {de_commune} tient une liste des personnes âgées isolées et les appelle pendant les "
                "épisodes de grand froid ou de canicule.",
                "mairie",
            ),
            (
                ID,
                "des visites de convivialité régulières, par des bénévoles ou des jeunes en service civique, qui "
                "serviraient aussi à repérer les besoins.",
            ),
        ],
        "constat": [
            "Une aide à domicile vient faire une démarche pour une personne âgée qu'elle accompagne, sans "
            "procuration ; l'agent ne peut rien faire.",
            "Une dame de plus de 80 ans, venue avec sa voisine, dit que c'est sa première sortie depuis un mois.",
            "Un homme âgé demande de l'aide pour lire un courrier ; il explique que personne ne passe chez lui.",
        ],
        "usager": [
            Temoignage(
                "Femme de 88 ans {de_commune} : ses seules visites sont celles de l'infirmière, le matin.",
                "L'infirmière vient le matin pour les médicaments. Après, la journée est longue. La télé, c'est ma "
                "compagnie.",
                AGE,
                "veuve, vit seule, ne sort plus",
            ),
            Temoignage(
                "Voisine {de_commune} : elle veille sur un voisin âgé qui n'a plus de famille.",
                "Je passe chez lui tous les soirs. Si je pars en vacances, qui le fera ? Personne ne me l'a demandé, "
                "mais je ne peux pas le laisser.",
                SENIOR,
                "retraitée, voisine aidante",
            ),
            Temoignage(
                "Femme âgée {de_commune}, veuve : elle vit seule dans un hameau et ne sort plus l'hiver.",
                "L'hiver, je ne vois personne. La dame de l'aide ménagère, le mardi. Et le facteur, quand il a "
                "quelque chose.",
                AGE,
                ROSELINE,
            ),
            Temoignage(
                "Homme de 84 ans {de_commune} : depuis sa chute, il ne conduit plus et ne sait pas à qui demander de "
                "l'aide.",
                "Depuis que je suis tombé, je ne prends plus la voiture. Je ne sais pas qui appeler, je n'ose pas "
                "déranger.",
                AGE,
                "veuf, vit seul, ne conduit plus",
            ),
            Temoignage(
                "Fille d'une femme âgée {de_commune}, installée à Bordeaux : elle organise à distance le maintien à "
                "domicile de sa mère.",
                "Je fais 250 kilomètres chaque week-end. Pendant la semaine, je croise les doigts pour qu'il ne se "
                "passe rien.",
                MUR,
                "aidante à distance de sa mère âgée",
            ),
            Temoignage(
                "Retraité {de_commune}, aidant de son épouse en perte d'autonomie : il s'épuise.",
                "Je fais tout : la toilette, les repas, les papiers. J'ai 81 ans, moi aussi.",
                AGE,
                "retraité, aidant de son épouse",
            ),
            Temoignage(
                "Femme âgée {de_commune} : elle ne comprend pas pourquoi ses heures d'aide à domicile ont baissé.",
                "Avant elle venait trois fois, maintenant deux. On ne m'a pas expliqué. J'ai peut-être fait une "
                "bêtise dans les papiers.",
                AGE,
                ROSELINE,
            ),
        ],
    },
    "jeunes": {
        "theme": "accompagnement-eloignes",
        "titre": "Pas d'interlocuteur de proximité pour les jeunes",
        "description": (
            "Hors de Cahors, les jeunes sortis du système scolaire ne savent pas vers qui se tourner ; sans permis ni "
            "transport, ils ne vont pas jusqu'à la mission locale et disparaissent des radars."
        ),
        "gravite": Gravite.MOYENNE,
        "sujet": "jeunes",
        "publics": ["jeunes", "sans-vehicule"],
        "services": ["france_travail", "mairie", "france_services"],
        "loin": True,
        "voisins": ["sans-voiture", "chomage"],
        "rapporte": [
            (
                D,
                "les jeunes des communes rurales sortis du lycée sans solution ne connaissent pas la mission locale, "
                "ou la croient réservée aux jeunes de Cahors.",
            ),
            (
                D,
                "sans permis ni transport, les jeunes {de_commune} ne peuvent pas se rendre chaque jour aux ateliers "
                "de la Garantie jeunes à Cahors.",
            ),
            (
                D,
                "les jeunes ne répondent ni au téléphone fixe ni aux courriers : seuls les SMS et les réseaux sociaux "
                "les atteignent.",
            ),
            (
                D,
                "le coût du permis de conduire, autour de 1 500 euros, bloque l'accès à l'emploi des jeunes du "
                "bassin.",
            ),
            (
                B,
                "les jeunes demandent un contact de proximité, dans le bourg ou au lycée, plutôt qu'un rendez-vous à "
                "Cahors.",
            ),
            (ID, "une permanence de la mission locale dans chaque MSAP, un après-midi par semaine."),
        ],
        "constat": [
            "Un jeune venu {de_commune} en stop demande un rendez-vous à la mission locale ; l'agent lui donne "
            "l'adresse, à Cahors.",
            "Un jeune de 19 ans demande à l'accueil « s'il y a du travail » ; l'agent ne sait pas vers qui "
            "l'orienter.",
            "Deux jeunes venus s'inscrire n'ont ni adresse électronique active ni justificatif de domicile à leur "
            "nom.",
        ],
        "usager": [
            Temoignage(
                "Jeune {de_commune}, 17 ans, sorti du lycée en cours d'année : personne ne l'a recontacté.",
                "J'ai arrêté en novembre. Depuis, personne ne m'a appelé. Je crois qu'ils ne savent même pas que je "
                "suis parti.",
                JEUNE,
                "jeune décrocheur scolaire",
            ),
            Temoignage(
                "Jeune femme {de_commune}, 23 ans : elle a trouvé une formation à Cahors, mais aucun moyen de s'y "
                "rendre.",
                "La formation est à Cahors, j'habite à {km} kilomètres sans voiture. Un studio à Cahors, je ne peux "
                "pas le payer.",
                JEUNE,
                "jeune femme en recherche de formation, sans permis",
            ),
            Temoignage(
                "Jeune {de_commune}, 18 ans, sans diplôme : il ignorait l'existence de la mission locale.",
                "La mission locale ? Je connais pas. Au lycée, on m'a dit « tu verras plus tard ».",
                JEUNE,
                "jeune sorti du lycée sans diplôme",
            ),
            Temoignage(
                "Jeune femme {de_commune}, 21 ans : elle a abandonné la Garantie jeunes faute de transport.",
                "Quatre semaines à Cahors, tous les jours. Le car du matin, ça allait, mais le retour, il n'y en a "
                "pas.",
                JEUNE,
                "jeune en recherche d'emploi, sans permis",
            ),
            Temoignage(
                "Jeune intérimaire {de_commune} : il n'ouvre pas les courriers, il répond aux messages.",
                "Les lettres, je les ouvre pas. Envoyez-moi un message, je réponds.",
                JEUNE,
                "jeune intérimaire",
            ),
            Temoignage(
                "Jeune couple {de_commune} : ils ne savent pas qui peut les aider pour leur premier logement.",
                "On voulait juste savoir si on avait droit à quelque chose pour le premier appartement. On nous a "
                "envoyés partout.",
                JEUNE,
                "jeune couple, contrats précaires",
            ),
        ],
    },
    "chomage": {
        "theme": "accompagnement-eloignes",
        "titre": "Demandeurs d'emploi de longue durée découragés",
        "description": (
            "Après des années de recherche, les rendez-vous se résument à l'actualisation et à des offres "
            "inadaptées ; sans permis ni voiture, les emplois du bassin (agriculture, aide à domicile, commerce) "
            "restent inaccessibles et la confiance s'effrite."
        ),
        "gravite": Gravite.FORTE,
        "sujet": "emploi et insertion",
        "publics": ["demandeurs-emploi", "sans-vehicule"],
        "services": ["france_travail", "ccas"],
        "voisins": ["sans-voiture", "tout-numerique"],
        "rapporte": [
            (
                D,
                "les demandeurs d'emploi de très longue durée vivent les rendez-vous {du_service} comme un contrôle "
                "plutôt que comme une aide.",
            ),
            (
                D,
                "la plupart des offres exigent le permis et un véhicule, ce qui écarte d'emblée les personnes sans "
                "voiture.",
            ),
            (
                D,
                "après plusieurs années sans emploi, des personnes n'osent plus se présenter à un employeur et ont "
                "besoin de reprendre confiance.",
            ),
            (
                D,
                "les employeurs du bassin (aide à domicile, agriculture, restauration) peinent à recruter alors que "
                "des demandeurs d'emploi habitent à quelques kilomètres.",
            ),
            (
                B,
                "les demandeurs d'emploi de longue durée demandent un conseiller stable, qui connaisse leur parcours, "
                "et des rendez-vous moins espacés.",
            ),
            (
                ID,
                "des immersions de quelques jours en entreprise, transport organisé, pour remettre le pied à "
                "l'étrier.",
            ),
            (
                BP,
                "le chantier d'insertion organise le covoiturage de ses salariés, ce qui leur permet de tenir un "
                "emploi sans voiture.",
            ),
        ],
        "constat": [
            "Un demandeur d'emploi venu {de_commune} demande s'il existe une aide pour passer le permis ; l'agent "
            "n'a pas de réponse sur place.",
            "Un homme attend son rendez-vous depuis quarante minutes ; il en est à son quatrième conseiller en trois "
            "ans.",
            "Sur le panneau d'offres, la plupart des annonces portent la mention « permis B exigé, véhicule "
            "indispensable ».",
        ],
        "usager": [
            Temoignage(
                "Homme de 57 ans {de_commune}, au chômage depuis quatre ans : il se sent trop vieux pour les "
                "employeurs.",
                "À 57 ans, on vous dit que vous êtes trop vieux pour commencer, et trop jeune pour la retraite. "
                "Alors on attend.",
                MUR,
                SEBASTIEN,
            ),
            Temoignage(
                "Femme de 35 ans {de_commune}, sortie d'un contrat aidé : elle retombe au chômage sans "
                "accompagnement.",
                "Mon contrat aidé s'est arrêté en décembre. On m'avait parlé d'une formation après. Il n'y a rien eu.",
                ADULTE,
                "fin de contrat aidé, demandeuse d'emploi",
            ),
            Temoignage(
                "Demandeur d'emploi {de_commune}, sans emploi depuis plus de trois ans : il ne croit plus à "
                "l'accompagnement.",
                "Je viens, je pointe, je repars. En trois ans, j'ai eu quatre conseillers. Ils ne savent même pas ce "
                "que je faisais avant.",
                MUR,
                SEBASTIEN,
            ),
            Temoignage(
                "Ancien maçon {de_commune}, 52 ans : on lui propose des postes incompatibles avec son dos.",
                "On m'envoie sur de la manutention. Mon dos est cassé, c'est écrit dans le dossier.",
                MUR,
                "ancien ouvrier du bâtiment, demandeur d'emploi de longue durée",
            ),
            Temoignage(
                "Demandeur d'emploi {de_commune} : il a honte de sa situation et évite le village.",
                "Au village, tout le monde sait. Alors je ne sors plus, même pour le marché.",
                MUR,
                SEBASTIEN,
            ),
            Temoignage(
                "Femme de 55 ans {de_commune}, licenciée : elle ne sait pas se servir des sites de recherche "
                "d'emploi.",
                "Trente ans à la même usine. Maintenant on me dit de faire un profil sur internet. "
                "Un profil de quoi ?",
                MUR,
                "licenciée économique, demandeuse d'emploi",
            ),
            Temoignage(
                "Allocataire du RSA {de_commune} : il aimerait travailler dans les vignes, inaccessibles sans "
                "voiture.",
                "Les vignes sont à dix kilomètres. Le patron veut bien, mais il faut y être à 7 heures.",
                ADULTE,
                "allocataire du RSA, sans permis",
            ),
        ],
    },
    "illectronisme": {
        "theme": "accompagnement-eloignes",
        "titre": "Pas d'accompagnement de proximité aux démarches numériques",
        "description": (
            "Ceux qui n'ont pas d'ordinateur ou ne savent pas s'en servir dépendent d'un proche, de la secrétaire "
            "de mairie ou d'un bénévole, qui font les démarches à leur place, sans cadre ni formation, avec les "
            "codes de l'usager."
        ),
        "gravite": Gravite.FORTE,
        "sujet": "accompagnement au numérique",
        "publics": ["eloignes-numerique", "personnes-agees"],
        "services": ["france_services", "mairie", "ccas"],
        "voisins": ["tout-numerique", "isolement"],
        "rapporte": [
            (
                D,
                "la secrétaire de mairie {de_commune} fait des démarches en ligne pour des habitants, avec leurs "
                "identifiants, sans cadre ni formation.",
                "mairie",
            ),
            (
                D,
                "les bénévoles font des démarches à la place des personnes et se retrouvent avec leurs mots de "
                "passe, ce qui les met mal à l'aise.",
            ),
            (
                D,
                "beaucoup de personnes âgées n'ont ni ordinateur ni adresse électronique, et n'ont jamais utilisé "
                "internet.",
            ),
            (
                D,
                "les ateliers d'initiation au numérique de Cahors ne touchent pas ceux qui en ont le plus besoin, "
                "faute de transport et de confiance.",
            ),
            (
                B,
                "les habitants demandent quelqu'un de confiance, près de chez eux, pour faire les démarches avec eux "
                "et non à leur place.",
            ),
            (
                BP,
                "la MSAP de {msap} accompagne chaque semaine des habitants dans leurs démarches en ligne, avec ou "
                "sans rendez-vous.",
            ),
            (
                ID,
                "former les secrétaires de mairie et les bénévoles à l'accompagnement numérique, avec des règles "
                "claires sur les mots de passe.",
            ),
        ],
        "constat": [
            "Un retraité tend à l'agent un carnet où sont notés tous ses identifiants, pour qu'il « fasse la "
            "démarche » à sa place.",
            "Un agent aide une usagère à créer une adresse électronique : il faut trente-cinq minutes, faute de "
            "téléphone pour recevoir le code.",
            "Une usagère tend son téléphone à l'agent : « Faites-le, vous, je ne sais pas. »",
        ],
        "usager": [
            Temoignage(
                "Couple de retraités {de_commune} : leur petit-fils a créé leurs comptes en ligne, ils n'en "
                "connaissent pas les mots de passe.",
                "C'est le petit qui a tout créé, pendant les vacances. Les mots de passe, il les a dans son "
                "téléphone, à Paris.",
                SENIOR,
                "couple de retraités",
            ),
            Temoignage(
                "Retraité {de_commune} : il a payé des frais sur un site privé pour une démarche de carte grise.",
                "J'ai tapé carte grise, j'ai cliqué sur le premier site. Soixante euros de frais. Après on m'a dit "
                "que ce n'était pas le site officiel.",
                SENIOR,
                "retraité, vit seul",
            ),
            Temoignage(
                "Femme de 79 ans {de_commune} : elle n'a jamais utilisé d'ordinateur.",
                "Un ordinateur, je n'en ai jamais touché. À mon âge, ce n'est plus la peine de commencer, on me dit. "
                "Mais alors, qui fait mes papiers ?",
                AGE,
                ROSELINE,
            ),
            Temoignage(
                "Homme de 47 ans {de_commune} : il a confié ses codes à un voisin pour son actualisation.",
                "C'est le voisin qui fait mon actualisation avec mes codes. Il est gentil, mais je n'aime pas ça.",
                MUR,
                SEBASTIEN,
            ),
            Temoignage(
                "Retraitée {de_commune} : elle a suivi un atelier numérique, mais a tout oublié faute de pratique.",
                "J'ai fait l'atelier à Cahors. Trois semaines après, je ne me rappelais plus de rien.",
                SENIOR,
                "retraitée, vit seule",
            ),
            Temoignage(
                "Mère isolée {de_commune} : à l'aise avec son téléphone, perdue sur un site administratif.",
                "Je sais aller sur les réseaux sociaux, pas sur le site de la CAF. Ce n'est pas pareil.",
                ADULTE,
                SARAH,
            ),
        ],
    },
}

# Comment on appelle un lieu d'accueil dans une phrase : (le, au, du).
FORMES_SERVICE = {
    TypeLieuAccueil.CAF: ("la CAF", "à la CAF", "de la CAF"),
    TypeLieuAccueil.CPAM: ("la CPAM", "à la CPAM", "de la CPAM"),
    TypeLieuAccueil.FRANCE_TRAVAIL: ("Pôle emploi", "à Pôle emploi", "de Pôle emploi"),
    TypeLieuAccueil.MSA: ("la MSA", "à la MSA", "de la MSA"),
    TypeLieuAccueil.CARSAT: ("la CARSAT", "à la CARSAT", "de la CARSAT"),
    TypeLieuAccueil.CCAS: ("le CCAS", "au CCAS", "du CCAS"),
    TypeLieuAccueil.PREFECTURE: ("la préfecture", "à la préfecture", "de la préfecture"),
}
FORMES_GENERIQUES = ("le service", "au service", "du service")

# Qui rapporte un fait pendant une immersion, selon le lieu.
RAPPORTEURS_IMMERSION = {
    TypeLieuAccueil.MAIRIE: "la secrétaire de mairie",
    TypeLieuAccueil.FRANCE_SERVICES: "l'agent de la MSAP",
}
ATTRIBUTIONS = ("Selon {qui}, ", "D'après {qui}, ", "Pour {qui}, ")
EN_LETTRES = {3: "trois", 4: "quatre", 5: "cinq", 6: "six"}


# --- Le générateur --------------------------------------------------------------------------------------------------
def de_commune(nom: str) -> str:
    """« de Catus », « d'Arcambal », « du Montat », « des Pechs du Vers »."""
    if nom.startswith("Le "):
        return "du " + nom[3:]
    if nom.startswith("Les "):
        return "des " + nom[4:]
    if nom[0] in "AEIOUYÉÈH":
        return "d'" + nom
    return "de " + nom


def a_commune(nom: str) -> str:
    """« à Catus », « au Montat », « aux Pechs du Vers »."""
    if nom.startswith("Le "):
        return "au " + nom[3:]
    if nom.startswith("Les "):
        return "aux " + nom[4:]
    return "à " + nom


def _majuscule(texte: str) -> str:
    return texte[:1].upper() + texte[1:]


def _distance_km(c1: Commune, c2: Commune) -> float:
    """Distance à vol d'oiseau entre deux centroïdes (20 km par défaut quand un centroïde manque)."""
    if None in (c1.centroide_latitude, c1.centroide_longitude, c2.centroide_latitude, c2.centroide_longitude):
        return 20.0
    lat1, lon1, lat2, lon2 = map(
        math.radians, (c1.centroide_latitude, c1.centroide_longitude, c2.centroide_latitude, c2.centroide_longitude)
    )
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def _a_l_heure(jour: datetime.date, heure: int, minutes: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(jour, datetime.time(heure), tzinfo=FUSEAU) + datetime.timedelta(minutes=minutes)


# Les publics concernés, reconnus aux mots du texte ou du profil (slugs de terrain/migrations/0002).
MOTS_DES_PUBLICS = {
    "jeunes": ("jeune", "lycée", "étudiant"),
    "personnes-agees": ("âgé", "retraite", "retraité", "veuve", "veuf", "aînés", "maintien à domicile"),
    "familles-monoparentales": ("mère isolée", "mère seule", "mères seules", "parents seuls", "père seul", "séparé"),
    "demandeurs-emploi": ("demandeur d'emploi", "demandeurs d'emploi", "demandeuse d'emploi", "RSA", "chômage"),
    "sans-vehicule": ("sans voiture", "sans permis", "sans véhicule", "ne conduit plus", "car ", "transport"),
    "eloignes-numerique": ("en ligne", "internet", "ordinateur", "numérique", "électronique", "borne", "codes"),
    "actifs": ("CDD", "salarié", "employée", "libérale", "artisan", "chauffeur", "aide à domicile", "actifs"),
}


def _publics_du_texte(*textes: str) -> set[str]:
    textes = [t.replace("jeunes enfants", "enfants").replace("jeune mère", "mère") for t in textes]
    return {slug for slug, mots in MOTS_DES_PUBLICS.items() if any(mot in t for t in textes for mot in mots)}


class _Planificateur:
    """Construit en mémoire tout le diagnostic, sans rien écrire : la même graine donne le même plan."""

    def __init__(self, territoire: Territoire):
        self.rng = random.Random(GRAINE)
        communes = (
            Commune.objects.actuelles().filter(appartenances__territoire=territoire).distinct().order_by("code_insee")
        )
        self.communes = {c.code_insee: c for c in communes}
        self.centre = self.communes.get(VILLE_CENTRE) or next(iter(self.communes.values()), None)
        self.rurales = [c for c in self.communes.values() if c != self.centre]
        self.lointaines = [c for c in self.rurales if self._km(c) >= DISTANCE_LOIN_KM] or self.rurales
        lieux = LieuAccueil.objects.filter(commune__in=self.communes.values()).select_related("commune")
        self.lieux = {(lieu.source, lieu.identifiant_source): lieu for lieu in lieux if lieu.identifiant_source}
        demos = sorted((lieu for lieu in lieux if lieu.source == SourceLieu.DEMO), key=lambda lieu: lieu.pk)
        self.sites_par_type = {}
        for lieu in demos:
            self.sites_par_type.setdefault(lieu.type, lieu)
        self.msaps = [lieu for lieu in demos if lieu.type == TypeLieuAccueil.FRANCE_SERVICES]
        # Les témoignages ne servent qu'une fois : un même verbatim cité deux fois sonnerait faux.
        self.temoignages = {}
        for cle, irritant in IRRITANTS.items():
            pioche = list(irritant["usager"])
            self.rng.shuffle(pioche)
            self.temoignages[cle] = pioche
        self.textes = set()

    # Lieux et communes
    def _km(self, commune: Commune) -> int:
        """Distance par la route à Cahors, estimée (vol d'oiseau × 1,3)."""
        return max(5, round(1.3 * _distance_km(commune, self.centre))) if self.centre else 20

    def _commune_concernee(self, autour: Commune, portee_km: float, *, loin: bool) -> Commune:
        candidates = self.lointaines if loin else self.rurales
        if autour in candidates and self.rng.random() < 0.6:
            return autour
        if not loin and self.centre and self.rng.random() < 0.2:
            return self.centre
        poids = [math.sqrt(c.population or 100) * math.exp(-_distance_km(autour, c) / portee_km) for c in candidates]
        return self.rng.choices(candidates, weights=poids)[0]

    def _msap_proche(self, commune: Commune) -> LieuAccueil | None:
        return min(self.msaps, key=lambda lieu: _distance_km(commune, lieu.commune), default=None)

    def _lieu_du_type(self, type_lieu: str, commune: Commune) -> LieuAccueil | None:
        if type_lieu == TypeLieuAccueil.MAIRIE:
            return self.lieux.get((SourceLieu.ANNUAIRE_MAIRIES, commune.code_insee))
        if type_lieu == TypeLieuAccueil.FRANCE_SERVICES:
            return self._msap_proche(commune)
        return self.sites_par_type.get(type_lieu)

    @staticmethod
    def _formes(lieu: LieuAccueil | None) -> tuple[str, str, str]:
        if lieu is None:
            return FORMES_GENERIQUES
        if lieu.type == TypeLieuAccueil.MAIRIE:
            nom = f"la mairie {de_commune(lieu.commune.nom)}"
        elif lieu.type == TypeLieuAccueil.FRANCE_SERVICES:
            nom = f"la MSAP {de_commune(lieu.commune.nom)}"
        else:
            return FORMES_SERVICE.get(lieu.type, FORMES_GENERIQUES)
        return nom, "à " + nom, "de " + nom

    # Rédaction
    def _rediger(
        self, gabarits: list[str], commune: Commune, *, site=None, type_lieu=None, services=()
    ) -> tuple[list[str], list[LieuAccueil]]:
        """Remplit les gabarits pour une commune et un lieu d'accueil ; rend les textes et les lieux cités."""
        lieux = []
        cite_un_service = any("_service}" in g or "{service}" in g for g in gabarits)
        if site is not None:
            service = site
            lieux.append(site)
        elif cite_un_service:
            types = [type_lieu] if type_lieu else list(services)
            self.rng.shuffle(types)
            service = next((lieu for t in types if (lieu := self._lieu_du_type(t, commune))), None)
            if service is None:  # ex. une commune sans mairie dans l'annuaire : un autre lieu du même irritant
                service = next((lieu for t in services if (lieu := self._lieu_du_type(t, commune))), None)
            if service is not None:
                lieux.append(service)
        else:
            service = None
        msap = self._msap_proche(commune)
        if msap is not None and any("{msap}" in g for g in gabarits) and msap not in lieux:
            lieux.append(msap)
        km = self._km(commune)
        le, au, du = self._formes(service)
        valeurs = {
            "commune": commune.nom,
            "de_commune": de_commune(commune.nom),
            "a_commune": a_commune(commune.nom),
            "km": km,
            "km2": 2 * km,
            "prix": 5 * round(2 * km * 2 / 5),
            "service": le,
            "au_service": au,
            "du_service": du,
            "msap": msap.commune.nom if msap else "Lalbenque",
            "n": self.rng.randint(12, 20),
            "n2": EN_LETTRES[self.rng.randint(3, 6)],
            "semaines": self.rng.randint(4, 8),
        }
        return [g.format_map(valeurs) for g in gabarits], lieux

    @staticmethod
    def _publics(cle: str, *textes: str, tranche_age: str = "") -> list[str]:
        """Les publics que le texte nomme ; à défaut, le premier public de l'irritant."""
        publics = _publics_du_texte(*textes)
        if tranche_age:  # un témoignage : l'âge dit mieux que les mots qui est jeune
            publics.discard("jeunes")
        if tranche_age == JEUNE:
            publics.add("jeunes")
        if tranche_age == AGE:
            publics.add("personnes-agees")
        return sorted(publics) or IRRITANTS[cle]["publics"][:1]

    def _statut_verbatim(self) -> str:
        tirage = self.rng.random()
        if tirage < 0.7:
            return StatutPublication.PUBLIABLE
        if tirage < 0.93:
            return StatutPublication.INTERNE
        return StatutPublication.RETIRE

    def _depuis_temoignage(self, cle: str, autour: Commune, portee_km: float, site=None) -> dict | None:
        pioche = self.temoignages[cle]
        if site is not None and site.type == TypeLieuAccueil.FRANCE_TRAVAIL:  # en âge de travailler
            pioche = [t for t in pioche if t.tranche_age in (JEUNE, ADULTE, MUR)]
        if not pioche:
            return None
        temoignage = pioche[-1]
        self.temoignages[cle].remove(temoignage)
        irritant = IRRITANTS[cle]
        commune = self._commune_concernee(autour, portee_km, loin=irritant.get("loin", False))
        (texte, verbatim), lieux = self._rediger(
            [temoignage.texte, temoignage.verbatim], commune, site=site, services=irritant["services"]
        )
        return {
            "texte": _majuscule(texte),
            "type": D,
            "source": SourceObservation.USAGER,
            "communes": [commune],
            "lieux": lieux,
            "publics": self._publics(cle, texte, temoignage.situation, tranche_age=temoignage.tranche_age),
            "verbatim": {
                "texte": verbatim,
                "tranche_age": temoignage.tranche_age,
                "situation": temoignage.situation,
                "commune": commune,
                "statut": self._statut_verbatim(),
            },
        }

    def _depuis_gabarit(self, cle: str, autour: Commune, portee_km: float, *, qui: str, site=None) -> dict | None:
        """Un fait rapporté par un acteur (qui = « les agents de la CAF »…), ou constaté si qui est vide."""
        irritant = IRRITANTS[cle]
        if qui:
            gabarits = irritant["rapporte"]
            poids = [2 if g[0] == D else 1 for g in gabarits]
        else:
            gabarits = [(D, texte) for texte in irritant["constat"]]
            poids = [1] * len(gabarits)
        for _ in range(8):
            type_, gabarit, *impose = self.rng.choices(gabarits, weights=poids)[0]
            commune = self._commune_concernee(autour, portee_km, loin=irritant.get("loin", False))
            (texte,), lieux = self._rediger(
                [gabarit], commune, site=site, type_lieu=impose[0] if impose else None, services=irritant["services"]
            )
            if type_ == ID:  # une idée est un groupe nominal : « Idée avancée par … : un bus qui … »
                texte = f"Idée avancée par {qui} : {texte}" if qui else f"Idée : {texte}"
            elif qui and self.rng.random() < 0.75:
                texte = self.rng.choice(ATTRIBUTIONS).format(qui=qui) + texte
            texte = _majuscule(texte)
            if texte not in self.textes:
                break
        else:
            return None
        self.textes.add(texte)
        return {
            "texte": texte,
            "type": type_,
            "source": SourceObservation.RAPPORTE if qui else SourceObservation.CONSTAT,
            "communes": [commune],
            "lieux": lieux,
            "publics": self._publics(cle, texte),
            "verbatim": None,
        }

    # Le plan complet
    def planifier(self) -> dict:
        entretiens, immersions, observations = [], [], []
        if not self.rurales:  # pas le bassin de vie de Cahors : rien à situer
            return {"communes": self.communes, "entretiens": [], "immersions": [], "observations": []}
        appels = {cle: appel for cle, _, _, _, appel in STRUCTURES}
        for prevu in ENTRETIENS:
            commune = self.communes.get(prevu.code_insee)
            if commune is None:
                continue
            structures = list(dict.fromkeys(cle for cle, _ in prevu.participants))
            entretiens.append(
                {
                    "prevu": prevu,
                    "commune": commune,
                    "structures": structures,
                    "agent": bool(STRUCTURES_DE_L_AGENT & set(structures)),
                }
            )
        for prevue in IMMERSIONS:
            site = next((self.lieux[ref] for ref in prevue.lieux if ref in self.lieux), None)
            if site is None or any(i["site"] == site and i["prevue"].date == prevue.date for i in immersions):
                continue
            immersions.append({"prevue": prevue, "site": site, "agent": site.type == TypeLieuAccueil.CCAS})

        def ajouter(observation, origine, rang, date, agent, cle):
            if observation is not None:
                observation.update(origine=origine, rang=rang, date=date, agent=agent, irritants=[cle])
                observations.append(observation)

        # Les immersions d'abord : c'est là que l'on recueille la parole des usagers (les témoignages).
        for rang, immersion in enumerate(immersions):
            prevue, site = immersion["prevue"], immersion["site"]
            portee = 20 if site.commune == self.centre else 10
            for _ in range(self.rng.randint(9, 13)):
                # En immersion, on entend les usagers et on constate ; l'agent sur place ne rapporte qu'en dernier
                # recours, quand les témoignages et les constats de ces irritants sont épuisés.
                tirage, observation = self.rng.random(), None
                for _essai in range(4):
                    cle = self.rng.choice(prevue.irritants)
                    if tirage < 0.7:
                        observation = self._depuis_temoignage(cle, site.commune, portee, site=site)
                    if observation is None and tirage < 0.95:
                        observation = self._depuis_gabarit(cle, site.commune, portee, qui="", site=site)
                    if observation is not None:
                        break
                if observation is None:
                    qui = RAPPORTEURS_IMMERSION.get(site.type, "l'agent d'accueil")
                    observation = self._depuis_gabarit(cle, site.commune, portee, qui=qui, site=site)
                ajouter(observation, "immersion", rang, prevue.date, immersion["agent"], cle)

        for rang, entretien in enumerate(entretiens):
            prevu, commune = entretien["prevu"], entretien["commune"]
            portee = 25 if commune == self.centre else 12
            for _ in range(self.rng.randint(5, 7)):
                cle = self.rng.choice(prevu.irritants)
                observation = None
                if self.rng.random() < 0.2:
                    observation = self._depuis_temoignage(cle, commune, portee)
                if observation is None:
                    qui = appels[self.rng.choice(entretien["structures"])]
                    observation = self._depuis_gabarit(cle, commune, portee, qui=qui)
                ajouter(observation, "entretien", rang, prevu.date, entretien["agent"], cle)

        self._coder(observations)
        return {
            "communes": self.communes,
            "entretiens": entretiens,
            "immersions": immersions,
            "observations": observations,
        }

    def _coder(self, observations: list[dict]) -> None:
        """Rattache la plupart des observations à leur irritant (parfois à un second), en laisse ~12 % à coder."""
        non_codees = set(self.rng.sample(range(len(observations)), k=round(PART_NON_CODEES * len(observations))))
        for n, observation in enumerate(observations, start=1):
            observation["n"] = n
            observation["cree_le"] = _a_l_heure(observation["date"], 18, self.rng.randint(0, 90))
            if n - 1 in non_codees:
                observation["irritants"] = []
                continue
            cle = observation["irritants"][0]
            if self.rng.random() < 0.15:
                voisin = self.rng.choice(IRRITANTS[cle]["voisins"])
                observation["irritants"].append(voisin)
            # Codage en fin de diagnostic : à partir du 29 janvier, le lendemain de l'observation au plus tôt.
            jour = max(datetime.date(2018, 1, 29), observation["date"] + datetime.timedelta(days=1))
            observation["code_le"] = _a_l_heure(jour, 10, self.rng.randint(30, 480))


def _irritant_cree_le(rang: int) -> datetime.datetime:
    """Les irritants naissent le 29 janvier au matin, à l'ouverture de la séance de codage."""
    return _a_l_heure(datetime.date(2018, 1, 29), 9, 3 * rang)


@transaction.atomic
def diagnostic_charger(*, experimentation: Experimentation, animateur=None, agent=None) -> dict[str, int]:
    """Crée le diagnostic de terrain illustratif de Cahors (idempotent) et rend ses chiffres.

    `animateur` (facilitateur) et `agent` sont les comptes de démonstration quand ils existent : ils
    animent, observent, rédigent et codent ; sinon ces champs restent vides.
    """
    _referentiels_assurer()
    plan = _Planificateur(experimentation.territoire).planifier()
    structures = _structures_enregistrer(plan)
    acteurs = _acteurs_enregistrer(plan, structures)
    entretiens = _entretiens_enregistrer(plan, experimentation, structures, acteurs, animateur, agent)
    immersions = _immersions_enregistrer(plan, experimentation, animateur, agent)
    observations, nouvelles = _observations_enregistrer(
        plan, experimentation, entretiens, immersions, animateur, agent
    )
    _irritants_enregistrer(plan, experimentation, observations, nouvelles, animateur)
    return diagnostic_compter(experimentation)


def _referentiels_assurer() -> None:
    """Recrée les thèmes et publics initiaux s'ils manquent (base vidée depuis les migrations, par exemple).

    Les listes restent celles des migrations de données : une seule source.
    """
    themes = importlib.import_module("irritants.migrations.0003_themes_initiaux").THEMES
    publics = importlib.import_module("terrain.migrations.0002_publics_initiaux").PUBLICS
    prevus = [
        *(
            Theme(slug=slug, nom=nom, description=description, ordre=ordre)
            for ordre, (slug, nom, description) in enumerate(themes, 1)
        ),
        *(Public(slug=slug, nom=nom, ordre=ordre) for ordre, (slug, nom) in enumerate(publics, 1)),
    ]
    for modele in (Theme, Public):
        existants = set(modele.objects.values_list("slug", flat=True)) | set(
            modele.objects.values_list("nom", flat=True)
        )
        modele.objects.bulk_create(
            [o for o in prevus if isinstance(o, modele) and o.slug not in existants and o.nom not in existants]
        )


def diagnostic_compter(experimentation: Experimentation) -> dict[str, int]:
    return {
        "entretiens": experimentation.entretiens.count(),
        "immersions": experimentation.immersions.count(),
        "acteurs": Acteur.objects.filter(entretiens__experimentation=experimentation).distinct().count(),
        "observations": experimentation.observations.count(),
        "verbatims": Verbatim.objects.filter(observation__experimentation=experimentation).count(),
        "irritants": experimentation.irritants.actifs().count(),
    }


def _structures_enregistrer(plan: dict) -> dict[str, Structure]:
    utilisees = {cle for e in plan["entretiens"] for cle in e["structures"]}
    prevues = {
        cle: Structure(nom=nom, type=type_, commune=plan["communes"].get(code))
        for cle, nom, type_, code, _ in STRUCTURES
        if cle in utilisees
    }
    existantes = {
        (s.nom, s.commune_id): s for s in Structure.objects.filter(nom__in=[s.nom for s in prevues.values()])
    }
    structures = {cle: existantes.get((s.nom, s.commune_id), s) for cle, s in prevues.items()}
    Structure.objects.bulk_create([s for s in structures.values() if s.pk is None])
    return structures


def _acteurs_enregistrer(plan: dict, structures: dict[str, Structure]) -> dict[tuple[str, str], Acteur]:
    existants = {
        (a.structure_id, a.fonction): a for a in Acteur.objects.filter(structure__in=list(structures.values()))
    }
    acteurs = {}
    for entretien in plan["entretiens"]:
        for cle, fonction in entretien["prevu"].participants:
            structure = structures[cle]
            acteurs[(cle, fonction)] = existants.get((structure.pk, fonction)) or Acteur(
                fonction=fonction, structure=structure
            )
    Acteur.objects.bulk_create([a for a in acteurs.values() if a.pk is None])
    return acteurs


def _entretiens_enregistrer(plan, experimentation, structures, acteurs, animateur, agent) -> list[Entretien]:
    existants = {(e.date, e.commune_id, e.lieu): e for e in experimentation.entretiens.all()}
    resultat, nouveaux = [], []
    for entretien in plan["entretiens"]:
        prevu, commune = entretien["prevu"], entretien["commune"]
        objet = existants.get((prevu.date, commune.pk, prevu.lieu))
        if objet is None:
            sujets = list(dict.fromkeys(IRRITANTS[cle]["sujet"] for cle in prevu.irritants))
            noms = [structures[cle].nom for cle in entretien["structures"]]
            objet = Entretien(
                experimentation=experimentation,
                date=prevu.date,
                lieu=prevu.lieu,
                commune=commune,
                nb_participants=len(prevu.participants),
                themes=sujets,
                notes=(
                    "Compte rendu illustratif (contenu de démonstration, inventé). "
                    f"Structures présentes : {', '.join(noms)}. Sujets abordés : {', '.join(sujets)}."
                ),
            )
            nouveaux.append((objet, entretien))
        resultat.append(objet)
    Entretien.objects.bulk_create([objet for objet, _ in nouveaux])
    lignes_acteurs, lignes_structures, lignes_animateurs = [], [], []
    for objet, entretien in nouveaux:
        for participant in entretien["prevu"].participants:
            lignes_acteurs.append(Entretien.acteurs.through(entretien_id=objet.pk, acteur_id=acteurs[participant].pk))
        for cle in entretien["structures"]:
            lignes_structures.append(
                Entretien.structures.through(entretien_id=objet.pk, structure_id=structures[cle].pk)
            )
        for user in (animateur, agent if entretien["agent"] else None):
            if user is not None:
                lignes_animateurs.append(Entretien.animateurs.through(entretien_id=objet.pk, user_id=user.pk))
    Entretien.acteurs.through.objects.bulk_create(lignes_acteurs)
    Entretien.structures.through.objects.bulk_create(lignes_structures)
    Entretien.animateurs.through.objects.bulk_create(lignes_animateurs)
    return resultat


def _immersions_enregistrer(plan, experimentation, animateur, agent) -> list[Immersion]:
    existantes = {(i.lieu_id, i.date): i for i in experimentation.immersions.all()}
    resultat, nouvelles = [], []
    for immersion in plan["immersions"]:
        prevue, site = immersion["prevue"], immersion["site"]
        objet = existantes.get((site.pk, prevue.date))
        if objet is None:
            objet = Immersion(
                experimentation=experimentation,
                lieu=site,
                date=prevue.date,
                duree_minutes=prevue.duree_minutes,
                attente=prevue.attente,
                canaux=prevue.canaux,
                aide=prevue.aide,
                issue=prevue.issue,
            )
            nouvelles.append((objet, immersion))
        resultat.append(objet)
    Immersion.objects.bulk_create([objet for objet, _ in nouvelles])
    Immersion.observateurs.through.objects.bulk_create(
        [
            Immersion.observateurs.through(immersion_id=objet.pk, user_id=user.pk)
            for objet, immersion in nouvelles
            for user in (animateur, agent if immersion["agent"] else None)
            if user is not None
        ]
    )
    return resultat


def _observations_enregistrer(plan, experimentation, entretiens, immersions, animateur, agent):
    """Crée les observations qui manquent (clé : uuid_client) ; rend {rang: pk} et l'ensemble des rangs créés."""
    prevues = {uuid_observation(o["n"]): o for o in plan["observations"]}
    existantes = dict(Observation.objects.filter(uuid_client__in=list(prevues)).values_list("uuid_client", "pk"))
    nouvelles = []
    for uuid_client, prevue in prevues.items():
        if uuid_client in existantes:
            continue
        origine = (entretiens if prevue["origine"] == "entretien" else immersions)[prevue["rang"]]
        nouvelles.append(
            (
                Observation(
                    experimentation=experimentation,
                    entretien=origine if prevue["origine"] == "entretien" else None,
                    immersion=origine if prevue["origine"] == "immersion" else None,
                    date=prevue["date"],
                    texte=prevue["texte"],
                    type=prevue["type"],
                    source=prevue["source"],
                    auteur=agent if prevue["agent"] and agent else animateur,
                    uuid_client=uuid_client,
                ),
                prevue,
            )
        )
    Observation.objects.bulk_create([objet for objet, _ in nouvelles])

    publics = dict(Public.objects.values_list("slug", "pk"))
    communes, lieux, lignes_publics, verbatims = [], [], [], []
    for objet, prevue in nouvelles:
        objet.cree_le = objet.modifie_le = prevue["cree_le"]
        communes += [
            Observation.communes.through(observation_id=objet.pk, commune_id=c.pk) for c in prevue["communes"]
        ]
        lieux += [
            Observation.lieux.through(observation_id=objet.pk, lieuaccueil_id=lieu.pk) for lieu in prevue["lieux"]
        ]
        lignes_publics += [
            Observation.publics.through(observation_id=objet.pk, public_id=publics[slug])
            for slug in prevue["publics"]
            if slug in publics
        ]
        if prevue["verbatim"]:
            verbatims.append(Verbatim(observation=objet, **prevue["verbatim"]))
    Observation.communes.through.objects.bulk_create(communes)
    Observation.lieux.through.objects.bulk_create(lieux)
    Observation.publics.through.objects.bulk_create(lignes_publics)
    Verbatim.objects.bulk_create(verbatims)
    # Les horodatages d'origine (janvier 2018) : auto_now_add les a mis à aujourd'hui.
    Observation.objects.bulk_update([objet for objet, _ in nouvelles], ["cree_le", "modifie_le"])
    for verbatim in verbatims:
        verbatim.cree_le = verbatim.observation.cree_le
    Verbatim.objects.bulk_update(verbatims, ["cree_le"])

    pks = {prevue["n"]: existantes.get(u) for u, prevue in prevues.items()}
    pks |= {prevue["n"]: objet.pk for objet, prevue in nouvelles}
    return pks, {prevue["n"] for _, prevue in nouvelles}


def _irritants_enregistrer(plan, experimentation, observations, nouvelles, animateur) -> None:
    """Crée les irritants qui manquent (clé : titre), leurs preuves et le journal du codage.

    Une preuve n'est écrite que si l'observation ou l'irritant vient d'être créé : une relance ne
    rattache pas de nouveau ce qu'un facilitateur a détaché dans la démo.
    """
    themes = {t.slug: t for t in Theme.objects.filter(slug__in={i["theme"] for i in IRRITANTS.values()})}
    existants = {i.titre: i for i in experimentation.irritants.all()}
    irritants, crees = {}, {}
    for cle, prevu in IRRITANTS.items():
        if prevu["titre"] in existants:
            irritants[cle] = existants[prevu["titre"]]
        elif prevu["theme"] in themes:
            irritants[cle] = crees[cle] = Irritant(
                experimentation=experimentation,
                titre=prevu["titre"],
                description=prevu["description"],
                theme=themes[prevu["theme"]],
                gravite=prevu["gravite"],
                statut=StatutIrritant.PUBLIE,
            )
    Irritant.objects.bulk_create(list(crees.values()))

    # Le journal est écrit à l'heure d'origine (fin janvier 2018) ; les irritants de la démo sont publiés.
    evenements = []
    for rang, cle in enumerate(IRRITANTS):
        if cle in crees:
            cree_le = _irritant_cree_le(rang)
            evenements.append(
                EvenementCodage(action=ActionCodage.CREATION, irritant=crees[cle], par=animateur, le=cree_le)
            )
            evenements.append(
                EvenementCodage(action=ActionCodage.PUBLICATION, irritant=crees[cle], par=animateur, le=cree_le)
            )
    preuves = []
    for observation in plan["observations"]:
        n = observation["n"]
        for cle in observation["irritants"]:
            if cle not in irritants or (n not in nouvelles and cle not in crees):
                continue
            irritant, pk, code_le = irritants[cle], observations[n], observation["code_le"]
            preuves.append((Preuve(irritant=irritant, observation_id=pk, code_par=animateur), code_le))
            evenements.append(
                EvenementCodage(
                    action=ActionCodage.RATTACHEMENT, irritant=irritant, observation_id=pk, par=animateur, le=code_le
                )
            )
    Preuve.objects.bulk_create([preuve for preuve, _ in preuves])
    EvenementCodage.objects.bulk_create(evenements)

    for rang, cle in enumerate(IRRITANTS):
        if cle in crees:
            crees[cle].cree_le = _irritant_cree_le(rang)
    for preuve, code_le in preuves:
        preuve.code_le = code_le
    Irritant.objects.bulk_update(list(crees.values()), ["cree_le"])
    Preuve.objects.bulk_update([preuve for preuve, _ in preuves], ["code_le"])
