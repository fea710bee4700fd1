"""Les schémas (JSON Schema) des fichiers de contenu de la démonstration, un par fichier.

Les valeurs permises des listes de choix viennent des `enums.py` des applications : une seule source. Les
renvois entre fichiers (une structure citée dans un entretien existe-t-elle ?) ne sont pas l'affaire du
schéma : `demo/contenu.py` les vérifie après lecture.

Pour un nouveau fichier (par exemple `personas.yaml`) : écrire son schéma ici, l'ajouter à `PAR_FICHIER`
(le test de `tests/demo/test_donnees.py` refuse un fichier de contenu sans schéma), puis le lire avec
`demo.chargeur.lire("personas.yaml", schemas.PERSONAS, dossier=...)`.
"""

from ateliers.enums import Competence, Decision, OrigineMembre, TypeParticipant
from comptes.enums import Role
from experimentations.enums import TypePhase
from irritants.enums import Gravite
from personas.enums import AutonomieNumerique, Mobilite
from promesses.enums import STATUTS_DECLARABLES
from terrain.enums import TrancheAge, TypeObservation, TypeStructure
from territoire.enums import Canal, TypeLieuAccueil


# --- Briques communes ----------------------------------------------------------------------------------------------
def objet(requis: dict, optionnels: dict | None = None) -> dict:
    """Un bloc de champs : ceux de `requis` obligatoires, ceux d'`optionnels` permis, aucun autre."""
    return {
        "type": "object",
        "properties": {**requis, **(optionnels or {})},
        "required": list(requis),
        "additionalProperties": False,
    }


def liste(elements: dict, *, vide: bool = False, unique: bool = False) -> dict:
    schema = {"type": "array", "items": elements, "minItems": 0 if vide else 1}
    if unique:
        schema["uniqueItems"] = True
    return schema


def choix(valeurs) -> dict:
    return {"enum": list(valeurs)}


def dictionnaire(cles: dict, valeurs: dict) -> dict:
    """Un bloc dont les noms de champs sont libres mais contrôlés (ex. un type de lieu) : « nom: valeur »."""
    return {"type": "object", "propertyNames": cles, "additionalProperties": valeurs, "minProperties": 1}


TEXTE = {"type": "string", "minLength": 1}
CLE = {
    "type": "string",
    "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$",
    "description": "une clé valide (minuscules sans accent et chiffres, mots reliés par des tirets, ex. sans-voiture)",
}
CODE_INSEE = {
    "type": "string",
    "pattern": r"^([0-9]{5}|2[AB][0-9]{3})$",
    "description": 'un code INSEE de commune (5 caractères entre guillemets, ex. "46042" pour Cahors)',
}
DATE = {"type": "string", "format": "date"}
GRAVITES = [g.name.lower() for g in Gravite]  # « critique » plutôt que 4 : le mot se lit, le nombre non


# --- experimentation.yaml ------------------------------------------------------------------------------------------
EXPERIMENTATION = objet(
    {
        "slug": CLE,
        "nom": TEXTE,
        "commanditaire": TEXTE,
        "question": TEXTE,
        "description": TEXTE,
        "date_lancement": DATE,
        "date_echeance_promesses": DATE,
        "personas_fil_rouge": liste(objet({"prenom": TEXTE, "profil": TEXTE})),
        "phases": liste(
            objet(
                {
                    "type": choix(TypePhase.values),
                    "nom": TEXTE,
                    "date_debut": DATE,
                    "date_fin": DATE,
                    "description": TEXTE,
                }
            )
        ),
    }
)

# --- lieux-accueil.yaml ----------------------------------------------------------------------------------------------
LIEUX_ACCUEIL = liste(
    objet(
        {
            "type": choix(TypeLieuAccueil.values),
            "nom": TEXTE,
            "commune": CODE_INSEE,
            "latitude": {"type": "number", "minimum": -90, "maximum": 90},
            "longitude": {"type": "number", "minimum": -180, "maximum": 180},
            "canaux": liste(choix(Canal.values), unique=True),
        }
    )
)

# --- comptes.yaml ----------------------------------------------------------------------------------------------------
COMPTES = objet(
    {
        "mot_de_passe": {"type": "string", "minLength": 8},
        "comptes": liste(
            objet(
                {
                    "identifiant": {
                        "type": "string",
                        "pattern": r"^[a-z0-9._-]+$",
                        "description": "un identifiant valide (minuscules sans accent, chiffres, . _ -)",
                    },
                    "role": choix(Role.values),
                    "prenom": TEXTE,
                    "nom": TEXTE,
                    "structure": TEXTE,
                }
            )
        ),
    }
)

# --- structures.yaml -------------------------------------------------------------------------------------------------
STRUCTURES = liste(
    objet(
        {
            "cle": CLE,
            "nom": TEXTE,
            "type": choix(TypeStructure.values),
            "commune": CODE_INSEE,
            "dans_une_phrase": TEXTE,
        }
    )
)

# --- entretiens.yaml -------------------------------------------------------------------------------------------------
ENTRETIENS = objet(
    {
        "agent_co_anime_avec": liste(CLE, vide=True, unique=True),
        "entretiens": liste(
            objet(
                {
                    "date": DATE,
                    "commune": CODE_INSEE,
                    "lieu": TEXTE,
                    "participants": liste(objet({"structure": CLE, "fonction": TEXTE})),
                    "irritants": liste(CLE, unique=True),
                }
            )
        ),
    }
)

# --- immersions.yaml -------------------------------------------------------------------------------------------------
LIEU = objet({"type": choix(TypeLieuAccueil.values), "commune": CODE_INSEE})
IMMERSIONS = liste(
    objet(
        {
            "date": DATE,
            "lieu": LIEU,
            "duree_minutes": {"type": "integer", "minimum": 1, "maximum": 24 * 60},
            "canaux": liste(choix(Canal.values), unique=True),
            "attente": TEXTE,
            "aide": TEXTE,
            "issue": TEXTE,
            "irritants": liste(CLE, unique=True),
        },
        {"lieu_de_repli": LIEU},
    )
)

# --- irritants.yaml --------------------------------------------------------------------------------------------------
IRRITANTS = liste(
    objet(
        {
            "cle": CLE,
            "titre": TEXTE,
            "theme": CLE,
            "gravite": choix(GRAVITES),
            "description": TEXTE,
            "sujet": TEXTE,
            "publics": liste(CLE, unique=True),
            "lieux_concernes": liste(choix(TypeLieuAccueil.values), unique=True),
            "voisins": liste(CLE, unique=True),
        },
        {"communes_eloignees": {"type": "boolean"}},
    )
)

# --- observations/<irritant>.yaml ------------------------------------------------------------------------------------
OBSERVATIONS = objet(
    {
        "faits_rapportes": liste(
            objet(
                {"type": choix(TypeObservation.values), "texte": TEXTE},
                {"type_de_lieu": choix(TypeLieuAccueil.values)},
            )
        ),
        "constats": liste(TEXTE),
        "temoignages": liste(
            objet(
                {
                    "observation": TEXTE,
                    "verbatim": TEXTE,
                    "tranche_age": choix(TrancheAge.values),
                    "situation": TEXTE,
                }
            )
        ),
    }
)

# --- redaction.yaml --------------------------------------------------------------------------------------------------
FORMES = objet({"service": TEXTE, "au_service": TEXTE, "du_service": TEXTE})
REDACTION = objet(
    {
        "formes_des_lieux": dictionnaire(choix(TypeLieuAccueil.values), FORMES),
        "forme_par_defaut": FORMES,
        "rapporteurs_en_immersion": dictionnaire(choix(TypeLieuAccueil.values), TEXTE),
        "rapporteur_par_defaut": TEXTE,
        "attributions": liste(TEXTE),
        "idee_rapportee": TEXTE,
        "idee_constatee": TEXTE,
        "compte_rendu_d_entretien": TEXTE,
        "msap_par_defaut": TEXTE,
        "mots_des_publics": dictionnaire(CLE, liste(TEXTE)),
        "avant_de_chercher_les_mots": liste(objet({"remplacer": TEXTE, "par": {"type": "string"}}), vide=True),
    }
)

# --- personas.yaml --------------------------------------------------------------------------------------------------
PERSONAS = liste(
    objet(
        {
            "slug": CLE,
            "prenom": TEXTE,
            "age": {"type": "integer", "minimum": 14, "maximum": 110},
            "situation_familiale": TEXTE,
            "situation_professionnelle": TEXTE,
            "commune": CODE_INSEE,
            "mobilite": choix(Mobilite.values),
            "autonomie_numerique": choix(AutonomieNumerique.values),
            "publics": liste(CLE, unique=True),
            "irritants": {**liste(CLE, unique=True), "maxItems": 8},
            "fil_rouge": {"type": "boolean"},
            "publie": {"type": "boolean"},
        },
        {
            "citation_verbatim": objet({"irritant": CLE, "situation": TEXTE}),
            "citation_redigee": TEXTE,
            "description_image": TEXTE,
        },
    )
)

# --- personas/<slug>.md : le portrait (corps Markdown et ses sections ## Besoins, ## Attentes, ## Freins) -----------
PORTRAIT = objet({"persona": CLE})

# --- lettres/<slug>.md : la lettre d'interpellation (corps Markdown) ------------------------------------------------
LETTRE = objet(
    {
        "persona": CLE,
        "objet": TEXTE,
        "destinataire": liste(TEXTE),
        "date": DATE,
        "irritants": {**liste(CLE, unique=True), "maxItems": 6},
        "politesse": TEXTE,
    },
    {"appel": TEXTE},
)

# --- seminaire.yaml, participants.yaml, engagements.yaml, equipes.yaml, laboratoire.yaml (app ateliers) -------------
DATE_HEURE = {
    "type": "string",
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$",
    "description": "une date et une heure AAAA-MM-JJTHH:MM (heure de Paris), ex. 2018-02-07T10:00",
}
HEURE = {"type": "string", "pattern": r"^[0-9]{2}:[0-9]{2}$", "description": 'une heure entre guillemets, ex. "18:00"'}
PLACES = {"type": "integer", "minimum": 1, "maximum": 1000}
SEMINAIRE = objet(
    {
        "titre": TEXTE,
        "slug": CLE,
        "date": DATE,
        "lieu": TEXTE,
        "capacite": PLACES,
        "choix_ouverture": DATE_HEURE,
        "choix_fermeture": DATE_HEURE,
        "vote_ouverture": DATE_HEURE,
        "vote_fermeture": DATE_HEURE,
        "votes_par_participant": {"type": "integer", "minimum": 1, "maximum": 10},
        "ateliers": liste(objet({"persona": CLE, "salle": TEXTE, "animateur": TEXTE, "capacite": PLACES})),
        "retenues": {**liste(objet({"persona": CLE, "numero": {"type": "integer", "minimum": 1}})), "maxItems": 10},
    },
    {"programme": TEXTE},
)
VOIX = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*-[0-9]+$", "description": "persona-numéro, ex. sarah-1"}
PARTICIPANTS = liste(
    objet(
        {"nom": TEXTE, "type": choix(TypeParticipant.values)},
        {"organisation": TEXTE, "atelier": CLE, "attente": CLE, "voix": {**liste(VOIX, vide=True, unique=True)}},
    )
)
ENGAGEMENTS = liste(
    objet(
        {
            "persona": CLE,
            "introduction": TEXTE,
            "engagements": liste(
                objet(
                    {"titre": TEXTE, "porteur": TEXTE},
                    {"description": TEXTE, "echeance": DATE, "irritants": liste(CLE, vide=True, unique=True)},
                )
            ),
        },
        {"signataires": TEXTE},
    )
)
EQUIPES = liste(
    objet(
        {
            "persona": CLE,
            "nom": TEXTE,
            "slug": CLE,
            "membres": liste(
                objet(
                    {"nom": TEXTE, "origine": choix(OrigineMembre.values)},
                    {"fonction": TEXTE, "competence": choix([c for c in Competence.values if c])},
                )
            ),
            "cycles": liste(
                objet(
                    {"numero": {"type": "integer", "minimum": 1}, "debut": DATE, "fin": DATE, "objectif": TEXTE},
                    {
                        "pistes": liste(TEXTE, vide=True),
                        "maquettes": liste(objet({"titre": TEXTE, "description": TEXTE}), vide=True),
                        "tests": liste(
                            objet(
                                {
                                    "date": DATE,
                                    "commune": CODE_INSEE,
                                    "usagers": {"type": "integer", "minimum": 0},
                                    "enseignements": TEXTE,
                                },
                                {"lieu": choix(TypeLieuAccueil.values)},
                            ),
                            vide=True,
                        ),
                        "decision": choix(Decision.values),
                        "motif": TEXTE,
                    },
                )
            ),
        },
        {"presentation": TEXTE},
    )
)
LABORATOIRE = liste(
    objet(
        {"theme": TEXTE, "date": DATE, "debut": HEURE, "fin": HEURE, "capacite": PLACES},
        {"equipe": CLE, "description": TEXTE, "inscriptions": liste(TEXTE, vide=True)},
    )
)

# Chaque fichier d'un dossier d'expérimentation et son schéma (motifs à la `fnmatch`, chemins relatifs au dossier).
# --- suivi.yaml (le suivi des promesses, app promesses) ------------------------------------------------------------
SUIVI = liste(
    objet(
        {
            "persona": CLE,
            "numero": {"type": "integer", "minimum": 1},
            "points": liste(
                objet(
                    {
                        "date": DATE,
                        "avancement": {"type": "integer", "minimum": 0, "maximum": 100},
                        "statut": choix(valeur for valeur, _ in STATUTS_DECLARABLES),
                        "commentaire": TEXTE,
                    }
                )
            ),
        },
        {
            "contact": TEXTE,
            "jalons": liste(objet({"titre": TEXTE, "echeance": DATE}, {"fait_le": DATE}), vide=True),
        },
    )
)


PAR_FICHIER = {
    "experimentation.yaml": EXPERIMENTATION,
    "lieux-accueil.yaml": LIEUX_ACCUEIL,
    "comptes.yaml": COMPTES,
    "structures.yaml": STRUCTURES,
    "entretiens.yaml": ENTRETIENS,
    "immersions.yaml": IMMERSIONS,
    "irritants.yaml": IRRITANTS,
    "observations/*.yaml": OBSERVATIONS,
    "redaction.yaml": REDACTION,
    "personas.yaml": PERSONAS,
    "personas/*.md": PORTRAIT,
    "lettres/*.md": LETTRE,
    "seminaire.yaml": SEMINAIRE,
    "participants.yaml": PARTICIPANTS,
    "engagements.yaml": ENGAGEMENTS,
    "equipes.yaml": EQUIPES,
    "laboratoire.yaml": LABORATOIRE,
    "suivi.yaml": SUIVI,
}
