"""Lire les fichiers de contenu de la démonstration (YAML, JSON, Markdown) et les valider contre un schéma.

Le contenu de la démo (l'expérimentation, le diagnostic, plus tard les personas, le séminaire, les
promesses) vit dans `demo/donnees/<expérimentation>/` pour qu'un facilitateur le modifie sans toucher au
code. Ce module ne connaît aucun domaine : il lit un fichier, le valide contre un schéma JSON Schema
(bibliothèque `jsonschema`) et rend les données, avec de quoi situer une erreur (fichier, ligne, entrée) dans
un message en français. Les modules qui construisent les enregistrements (`demo/contenu.py`) vérifient
ensuite les renvois entre fichiers et signalent leurs erreurs de la même façon.

    lecture = lire("structures.yaml", schemas.STRUCTURES)
    for n, structure in enumerate(lecture.donnees):
        if structure["commune"] not in communes:
            raise DonneesInvalides([lecture.probleme(n, "commune", message="commune inconnue")])

Formats, selon l'extension :
- `.yaml` / `.yml` : YAML lu par un chargeur sûr (celui de `yaml.safe_load`), à deux différences près :
  les dates restent du texte (`2018-01-03`, que le schéma vérifie avec `format: date`), et une clé répétée
  dans un même bloc est une erreur au lieu d'écraser silencieusement la première ;
- `.json` : JSON (sans numéro de ligne dans les erreurs de schéma) ;
- `.md` : Markdown précédé d'un en-tête YAML entre deux lignes `---` ; l'en-tête est validé, le corps rendu
  tel quel dans `Lecture.corps`.
"""

import dataclasses
import difflib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jsonschema
import yaml

RACINE = Path(__file__).resolve().parents[1]
DOSSIER_DONNEES = Path(__file__).resolve().parent / "donnees"
EXTENSIONS = (".yaml", ".yml", ".json", ".md")

Chemin = tuple[str | int, ...]


@dataclasses.dataclass(frozen=True)
class Probleme:
    fichier: Path
    ligne: int | None
    chemin: Chemin
    message: str

    def __str__(self) -> str:
        ou = _afficher_fichier(self.fichier)
        if self.ligne is not None:
            ou += f", ligne {self.ligne}"
        if self.chemin:
            ou += f" ({_afficher_chemin(self.chemin)})"
        return f"{ou} : {self.message}"


class DonneesInvalides(Exception):
    """Un ou plusieurs fichiers de contenu sont illisibles ou incohérents ; le message dit où et pourquoi."""

    def __init__(self, problemes: Iterable[Probleme]):
        self.problemes = sorted(problemes, key=lambda p: (str(p.fichier), p.ligne or 0))
        nombre = len(self.problemes)
        entete = "Contenu de démonstration invalide" + (f" ({nombre} problèmes)" if nombre > 1 else "")
        super().__init__(entete + " :\n" + "\n".join(f"- {p}" for p in self.problemes))


@dataclasses.dataclass(frozen=True)
class Lecture:
    """Un fichier lu et validé : ses données, le corps Markdown s'il y en a un, et les lignes de ses entrées."""

    fichier: Path
    donnees: Any
    corps: str | None = None
    lignes: dict[Chemin, int] = dataclasses.field(default_factory=dict, repr=False)

    def ligne(self, *chemin: str | int) -> int | None:
        """La ligne d'une entrée (ou, à défaut, de l'entrée qui la contient)."""
        chemin = tuple(chemin)
        while chemin not in self.lignes and chemin:
            chemin = chemin[:-1]
        return self.lignes.get(chemin)

    def probleme(self, *chemin: str | int, message: str) -> Probleme:
        return Probleme(self.fichier, self.ligne(*chemin), tuple(chemin), message)


def lire(nom_fichier: str | Path, schema: dict, *, dossier: Path | None = None) -> Lecture:
    """Lit `dossier/nom_fichier` et le valide contre `schema` ; lève DonneesInvalides avec toutes ses erreurs."""
    fichier = Path(dossier or DOSSIER_DONNEES) / nom_fichier
    try:
        texte = fichier.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DonneesInvalides([Probleme(fichier, None, (), "fichier introuvable.")]) from None
    except UnicodeDecodeError:
        raise DonneesInvalides([Probleme(fichier, None, (), "le fichier n'est pas enregistré en UTF-8.")]) from None

    corps, decalage = None, 0
    if fichier.suffix == ".md":
        texte, corps, decalage = _separer_en_tete(fichier, texte)
    if fichier.suffix == ".json":
        donnees, lignes = _lire_json(fichier, texte), {}
    elif fichier.suffix in (".yaml", ".yml", ".md"):
        donnees, lignes = _lire_yaml(fichier, texte, decalage)
    else:
        raise DonneesInvalides(
            [Probleme(fichier, None, (), f"extension inconnue (attendu : {', '.join(EXTENSIONS)}).")]
        )

    lecture = Lecture(fichier, donnees, corps, lignes)
    validateur = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    problemes = {}
    for erreur in validateur.iter_errors(donnees):
        chemin, message = _traduire(erreur)
        problemes.setdefault((chemin, message), lecture.probleme(*chemin, message=message))
    if problemes:
        raise DonneesInvalides(problemes.values())
    return lecture


class Releve:
    """Les problèmes de plusieurs fichiers, notés au fil de la lecture pour être tous dits ensemble.

    releve = Releve()
    personas = releve.lire("personas.yaml", schemas.PERSONAS, dossier=dossier)
    releve.lever()  # un fichier illisible : inutile de vérifier ses renvois
    releve.doublons(personas, personas.donnees, lambda p: p["slug"], "ce slug")
    for n, persona in enumerate(personas.donnees):
        if persona["irritant"] not in irritants:
            releve.noter(personas, n, "irritant", message="n'est pas un irritant de irritants.yaml.")
    releve.lever()
    """

    def __init__(self):
        self.problemes: list[Probleme] = []

    def lire(self, nom_fichier: str | Path, schema: dict, *, dossier: Path | None = None) -> Lecture | None:
        """Comme `lire`, mais note les problèmes au lieu de les lever ; rend None si le fichier est invalide."""
        try:
            return lire(nom_fichier, schema, dossier=dossier)
        except DonneesInvalides as exc:
            self.problemes.extend(exc.problemes)
            return None

    def noter(self, lecture: Lecture, *chemin: str | int, message: str) -> None:
        self.problemes.append(lecture.probleme(*chemin, message=message))

    def doublons(self, lecture: Lecture, elements: list, cle, quoi: str, *prefixe: str | int) -> None:
        """Note chaque élément de `elements` (à `prefixe` dans le fichier) dont `cle(élément)` est déjà vu."""
        vus = set()
        for n, element in enumerate(elements):
            valeur = cle(element)
            if valeur in vus:
                self.noter(lecture, *prefixe, n, message=f"{quoi} figure déjà plus haut dans ce fichier.")
            vus.add(valeur)

    def lever(self) -> None:
        if self.problemes:
            raise DonneesInvalides(self.problemes)


def fichiers(dossier: Path | None = None) -> list[Path]:
    """Tous les fichiers de contenu d'un dossier (sous-dossiers compris), en chemins relatifs triés."""
    racine = Path(dossier or DOSSIER_DONNEES)
    return sorted(p.relative_to(racine) for p in racine.rglob("*") if p.is_file() and p.suffix in EXTENSIONS)


# --- YAML, JSON, Markdown --------------------------------------------------------------------------------------------
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ChargeurYaml(_BASE):
    """Le chargeur de `yaml.safe_load`, sans conversion des dates et sans clé répétée."""

    yaml_implicit_resolvers = {
        initiale: [(tag, motif) for tag, motif in resolveurs if tag != "tag:yaml.org,2002:timestamp"]
        for initiale, resolveurs in _BASE.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node, deep=False):
        vues = set()
        for cle, _ in node.value:
            valeur = self.construct_object(cle, deep=True)
            if isinstance(valeur, str | int | float | bool) and valeur in vues:
                raise yaml.constructor.ConstructorError(
                    None, None, f"la clé « {valeur} » est écrite deux fois dans le même bloc", cle.start_mark
                )
            vues.add(valeur)
        return super().construct_mapping(node, deep=deep)


def _lire_yaml(fichier: Path, texte: str, decalage: int) -> tuple[Any, dict[Chemin, int]]:
    chargeur = _ChargeurYaml(texte)
    try:
        noeud = chargeur.get_single_node()
        donnees = chargeur.construct_document(noeud) if noeud is not None else None
    except yaml.MarkedYAMLError as exc:
        marque = exc.problem_mark or exc.context_mark
        ligne = marque.line + 1 + decalage if marque else None
        probleme = exc.problem or "syntaxe incorrecte"
        if not probleme.startswith(("la clé", "syntaxe")):
            probleme = (
                f"syntaxe YAML incorrecte ({probleme}) : vérifiez l'indentation, les « : » et les guillemets, "
                "et mettez entre guillemets un texte qui commence par { ou contient « : » suivi d'un espace"
            )
        raise DonneesInvalides([Probleme(fichier, ligne, (), probleme + ".")]) from None
    except yaml.YAMLError as exc:
        raise DonneesInvalides([Probleme(fichier, None, (), f"syntaxe YAML incorrecte ({exc}).")]) from None
    finally:
        chargeur.dispose()
    lignes: dict[Chemin, int] = {}
    if noeud is not None:
        _noter_lignes(noeud, (), lignes, decalage)
    return donnees, lignes


def _noter_lignes(noeud, chemin: Chemin, lignes: dict[Chemin, int], decalage: int) -> None:
    lignes.setdefault(chemin, noeud.start_mark.line + 1 + decalage)
    if isinstance(noeud, yaml.MappingNode):
        for cle, valeur in noeud.value:
            if isinstance(cle, yaml.ScalarNode):
                # La ligne de la clé : celle de la valeur peut être plus bas (texte sur plusieurs lignes).
                lignes[(*chemin, cle.value)] = cle.start_mark.line + 1 + decalage
                _noter_lignes(valeur, (*chemin, cle.value), lignes, decalage)
    elif isinstance(noeud, yaml.SequenceNode):
        for n, element in enumerate(noeud.value):
            _noter_lignes(element, (*chemin, n), lignes, decalage)


def _lire_json(fichier: Path, texte: str) -> Any:
    try:
        return json.loads(texte)
    except json.JSONDecodeError as exc:
        raise DonneesInvalides([Probleme(fichier, exc.lineno, (), f"JSON incorrect ({exc.msg}).")]) from None


def _separer_en_tete(fichier: Path, texte: str) -> tuple[str, str, int]:
    """« ---\\n<en-tête YAML>\\n---\\n<corps> » : rend l'en-tête, le corps et le décalage de lignes de l'en-tête.

    Quelques lignes plutôt qu'une dépendance (python-frontmatter) : le format est fixé ici et l'en-tête passe
    par le même chargeur YAML et les mêmes messages que les autres fichiers.
    """
    lignes = texte.splitlines(keepends=True)
    if not lignes or lignes[0].strip() != "---":
        raise DonneesInvalides(
            [Probleme(fichier, 1, (), "le fichier doit commencer par une ligne « --- » (en-tête).")]
        )
    fin = next((n for n, ligne in enumerate(lignes[1:], 1) if ligne.strip() == "---"), None)
    if fin is None:
        raise DonneesInvalides([Probleme(fichier, 1, (), "l'en-tête n'est pas fermé par une ligne « --- ».")])
    return "".join(lignes[1:fin]), "".join(lignes[fin + 1 :]).strip("\n"), 1


# --- Messages en français ------------------------------------------------------------------------------------------
TYPES = {
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "true ou false",
    "array": "une liste (des lignes « - … »)",
    "object": "un bloc de champs « nom: valeur »",
    "null": "vide",
}


def _traduire(erreur: jsonschema.ValidationError) -> tuple[Chemin, str]:
    """Le chemin de l'entrée en cause et un message en français pour une erreur de jsonschema."""
    chemin, valeur, attendu, schema = (
        tuple(erreur.absolute_path),
        erreur.instance,
        erreur.validator_value,
        erreur.schema,
    )
    regle = erreur.validator
    if regle == "required":
        manquants = [f"« {c} »" for c in attendu if isinstance(valeur, dict) and c not in valeur]
        pluriel = "les champs" if len(manquants) > 1 else "le champ"
        return chemin, f"il manque {pluriel} {', '.join(manquants)}."
    if regle == "additionalProperties" and isinstance(valeur, dict):
        connus = list(schema.get("properties", {}))
        inconnus = [c for c in valeur if c not in connus]
        cle = inconnus[0] if inconnus else ""
        return (*chemin, cle), (
            f"champ inconnu « {cle} » (champs possibles : {', '.join(connus)}).{_suggestion(cle, connus)}"
        )
    if regle == "enum":
        possibles = [str(v) for v in attendu]
        return chemin, (
            f"{_montrer(valeur)} n'est pas une valeur possible (valeurs possibles : {', '.join(possibles)})."
            + _suggestion(str(valeur), possibles)
        )
    if regle == "type":
        types = attendu if isinstance(attendu, list) else [attendu]
        message = f"{_montrer(valeur)} devrait être {' ou '.join(TYPES.get(t, t) for t in types)}"
        if "string" in types and isinstance(valeur, int | float | bool):
            message += " : écrivez-le entre guillemets"
        return chemin, message + "."
    if regle == "pattern":
        return chemin, f"{_montrer(valeur)} n'est pas {schema.get('description', 'de la forme attendue')}."
    if regle == "format":
        forme = {"date": "une date valide, écrite AAAA-MM-JJ"}.get(attendu, f"au format {attendu}")
        return chemin, f"{_montrer(valeur)} n'est pas {forme}."
    if regle == "minLength":
        return (
            chemin,
            "ce texte est vide." if attendu == 1 else f"ce texte doit compter au moins {attendu} caractères.",
        )
    if regle == "minItems":
        return (
            chemin,
            "cette liste est vide." if attendu == 1 else f"cette liste doit compter au moins {attendu} éléments.",
        )
    if regle == "maxItems":
        return chemin, f"cette liste compte plus de {attendu} éléments."
    if regle == "uniqueItems":
        return chemin, "cette liste contient deux fois la même valeur."
    if regle in ("minimum", "maximum"):
        borne = "au moins" if regle == "minimum" else "au plus"
        return chemin, f"{_montrer(valeur)} devrait valoir {borne} {attendu}."
    return chemin, f"valeur refusée ({erreur.message})."


def _suggestion(valeur: str, possibles: list[str]) -> str:
    proches = difflib.get_close_matches(valeur, possibles, n=1)
    return f" Vouliez-vous dire « {proches[0]} » ?" if proches else ""


def _afficher_chemin(chemin: Chemin) -> str:
    return " › ".join(f"n° {e + 1}" if isinstance(e, int) else str(e) for e in chemin)


def _afficher_fichier(fichier: Path) -> str:
    try:
        return str(fichier.resolve().relative_to(RACINE))
    except ValueError:
        return str(fichier)


def _montrer(valeur: Any) -> str:
    if valeur is None:
        return "la valeur vide"
    texte = valeur if isinstance(valeur, str) else json.dumps(valeur, ensure_ascii=False, default=str)
    return f"« {texte if len(texte) <= 60 else texte[:57] + '…'} »"
