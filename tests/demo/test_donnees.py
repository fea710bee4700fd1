"""Le contenu de la démo est fait de fichiers qu'un facilitateur modifie : chacun a un schéma et le respecte,
les renvois entre fichiers se résolvent, et un fichier cassé est refusé avec un message qui dit où et pourquoi.

Aucun de ces tests ne touche la base, sauf le dernier (un fichier cassé n'écrit rien).
"""

import fnmatch
import importlib
import json
import re
import shutil
import string
from pathlib import Path
from typing import NamedTuple

import jsonschema
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from demo import contenu as module_contenu
from demo.chargeur import DonneesInvalides, fichiers, lire
from demo.contenu import CHAMPS_DE_DISTANCE, DOSSIER_CAHORS, contenu_lire
from demo.schemas import CODE_INSEE, PAR_FICHIER, TEXTE, liste, objet
from experimentations.models import Experimentation

FICHIERS = fichiers(DOSSIER_CAHORS)
REFERENTIEL = Path(settings.BASE_DIR) / "territoire" / "referentiels" / "bassin-de-vie-cahors-2016.json"
THEMES = importlib.import_module("irritants.migrations.0003_themes_initiaux").THEMES
PUBLICS = importlib.import_module("terrain.migrations.0002_publics_initiaux").PUBLICS

# Deux mots à majuscule qui se suivent : « Marie Dupont ». Une situation n'en contient jamais.
PRENOM_NOM = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]+[ -][A-ZÀ-Ý][a-zà-ÿ]+\b")
CIVILITE = re.compile(r"\b(M\.|Mme|Madame|Monsieur|Mademoiselle) [A-ZÀ-Ý]")


def schemas_de(chemin: Path) -> list[dict]:
    return [schema for motif, schema in PAR_FICHIER.items() if fnmatch.fnmatchcase(chemin.as_posix(), motif)]


@pytest.fixture(scope="module")
def contenu():
    return contenu_lire()


# --- Chaque fichier ------------------------------------------------------------------------------------------------
def test_le_dossier_de_cahors_tient_tout_le_contenu_du_diagnostic():
    noms = {chemin.as_posix() for chemin in FICHIERS}
    assert {motif for motif in PAR_FICHIER if "*" not in motif} <= noms
    assert sum(fnmatch.fnmatchcase(nom, "observations/*.yaml") for nom in noms) == 15


@pytest.mark.parametrize("nom", PAR_FICHIER)
def test_chaque_schema_est_un_json_schema_valide(nom):
    jsonschema.Draft202012Validator.check_schema(PAR_FICHIER[nom])


@pytest.mark.parametrize("chemin", FICHIERS, ids=str)
def test_chaque_fichier_a_un_schema_le_respecte_et_se_presente(chemin):
    schemas = schemas_de(chemin)
    assert len(schemas) == 1, f"{chemin} : aucun schéma (ou plusieurs) dans demo/schemas.py PAR_FICHIER"
    lire(chemin, schemas[0], dossier=DOSSIER_CAHORS)  # lève DonneesInvalides, dont le message dit où
    texte = (DOSSIER_CAHORS / chemin).read_text(encoding="utf-8")
    if chemin.suffix == ".md":  # un fichier Markdown commence par son en-tête : le commentaire en ouvre le bloc
        texte = texte.removeprefix("---\n")
    entete = texte.split("\n\n", 1)[0]
    assert entete.startswith("# Démonstration Carte Blanche") and "CONTENU ILLUSTRATIF" in entete
    assert "Pour modifier" in entete and "LISEZMOI.md" in entete


# --- Les renvois entre fichiers, et avec le reste de l'application ---------------------------------------------------
def test_le_contenu_reproduit_les_chiffres_du_document_source(contenu):
    assert len(contenu.entretiens) == 30
    assert len(contenu.immersions) == 10
    participants = [p for e in contenu.entretiens for p in e.participants]
    assert 90 <= len(participants) <= 110
    # Une fonction dans une structure est un acteur : chacun ne participe qu'à un entretien.
    assert len(participants) == len(set(participants))
    assert len({(e.date, e.code_insee, e.lieu) for e in contenu.entretiens}) == 30
    assert all((d.year, d.month) == (2018, 1) for d in [e.date for e in contenu.entretiens + contenu.immersions])
    assert [p.type for p in contenu.experimentation.phases] == ["diagnostic", "seminaire", "co_construction", "suivi"]


def test_chaque_structure_participe_a_un_entretien(contenu):
    assert {cle for e in contenu.entretiens for cle, _ in e.participants} == set(contenu.structures)


def test_les_communes_sont_celles_du_bassin_de_vie(contenu):
    bassin = {c["code_insee"] for c in json.loads(REFERENTIEL.read_text(encoding="utf-8"))["communes"]}
    codes = {
        *(s.code_insee for s in contenu.structures.values()),
        *(e.code_insee for e in contenu.entretiens),
        *(lieu.code_insee for lieu in contenu.lieux),
        *(identifiant[-5:] for i in contenu.immersions for _, identifiant in i.lieux),
    }
    assert codes - bassin == set()


def test_themes_et_publics_sont_ceux_de_l_application(contenu):
    themes, publics = {slug for slug, *_ in THEMES}, {slug for slug, _ in PUBLICS}
    assert {i.theme for i in contenu.irritants.values()} == themes  # les trois axes, tous servis
    assert {p for i in contenu.irritants.values() for p in i.publics} <= publics
    assert set(contenu.redaction.mots_des_publics) <= publics


def test_aucun_nom_de_personne_et_les_personas_fil_rouge_se_reconnaissent(contenu):
    personas = contenu.experimentation.personas_fil_rouge
    assert {p.prenom for p in personas} == {"Sarah", "Sébastien", "Roseline"}
    temoignages = [t for i in contenu.irritants.values() for t in i.temoignages]
    situations = {t.situation for t in temoignages}
    for persona in personas:
        assert any(persona.profil in situation for situation in situations), persona.prenom
    textes = [
        texte for i in contenu.irritants.values() for texte in (*(f.texte for f in i.faits_rapportes), *i.constats)
    ]
    for temoignage in temoignages:
        assert not PRENOM_NOM.search(temoignage.situation), temoignage.situation
        assert not CIVILITE.search(temoignage.verbatim), temoignage.verbatim
        textes += [temoignage.texte, temoignage.verbatim, temoignage.situation]
    for persona in personas:
        assert not [t for t in textes if persona.prenom in t], persona.prenom


def test_les_textes_a_trous_se_remplissent(contenu):
    valeurs = dict.fromkeys(module_contenu.CHAMPS_DES_OBSERVATIONS, "x") | dict.fromkeys(CHAMPS_DE_DISTANCE, 1)
    for irritant in contenu.irritants.values():
        textes = [f.texte for f in irritant.faits_rapportes] + list(irritant.constats)
        textes += [t for temoignage in irritant.temoignages for t in (temoignage.texte, temoignage.verbatim)]
        for texte in textes:
            texte.format_map(valeurs)
            champs = {nom for _, nom, _, _ in string.Formatter().parse(texte) if nom}
            # « à 3 km de Cahors » n'aurait pas de sens : les distances ne servent que loin de Cahors.
            assert not champs & CHAMPS_DE_DISTANCE or irritant.loin, texte
    redaction = contenu.redaction
    assert redaction.idee_rapportee.format(qui="la CAF", texte="un bus") == "Idée avancée par la CAF : un bus"
    assert "illustratif" in redaction.compte_rendu_d_entretien.format(structures="CAF", sujets="mobilité")


# --- Un fichier cassé ----------------------------------------------------------------------------------------------
@pytest.fixture
def copie(tmp_path):
    dossier = tmp_path / "cahors-2018"
    shutil.copytree(DOSSIER_CAHORS, dossier)
    return dossier


def casser(dossier: Path, nom: str, avant: str, apres: str) -> tuple[Path, int]:
    """Remplace la première ligne de données égale à `avant` (hors commentaires) ; rend le fichier et la ligne."""
    fichier = dossier / nom
    lignes = fichier.read_text(encoding="utf-8").split("\n")
    n = next(n for n, ligne in enumerate(lignes) if ligne == avant)
    lignes[n] = apres
    fichier.write_text("\n".join(lignes), encoding="utf-8")
    return fichier, n + 1


class Casse(NamedTuple):
    fichier: str
    avant: str  # une ligne du fichier
    apres: str  # ce qui la remplace
    raison: str  # dans le message
    decalage: int = 0  # la ligne signalée, par rapport à la ligne cassée
    problemes: int = 1


CASSES = {
    "syntaxe": Casse(
        "structures.yaml",
        "  nom: Préfecture du Lot",
        "  nom: Préfecture du Lot: services",
        "syntaxe YAML incorrecte",
    ),
    "champ inconnu": Casse(
        "irritants.yaml",
        "  titre: Sans voiture, les services restent hors de portée",
        "  titr: Sans voiture, les services restent hors de portée",
        "champ inconnu « titr » (champs possibles : cle, titre, theme, gravite, description, sujet, publics, "
        "lieux_concernes, voisins, communes_eloignees). Vouliez-vous dire « titre » ?",
        problemes=2,  # et « il manque le champ « titre » »
    ),
    "choix impossible": Casse(
        "structures.yaml",
        "  type: association",
        "  type: asso",
        "« asso » n'est pas une valeur possible",
    ),
    "code INSEE sans guillemets": Casse(
        "entretiens.yaml",
        '    commune: "46148"',
        "    commune: 46148",
        "« 46148 » devrait être un texte : écrivez-le entre guillemets",
    ),
    "date impossible": Casse(
        "immersions.yaml", "- date: 2018-01-09", "- date: 2018-01-32", "n'est pas une date valide"
    ),
    "structure inconnue": Casse(
        "entretiens.yaml",
        "      - structure: ddt",
        "      - structure: dtt",
        "« dtt » n'est pas une clé de structures.yaml",
    ),
    "irritant inconnu": Casse(
        "immersions.yaml",
        "  irritants: [tout-numerique, complexite, delais, garde-enfants, non-recours]",
        "  irritants: [tout-numerique, complexites, delais, garde-enfants, non-recours]",
        "« complexites » n'est pas un irritant de irritants.yaml",
    ),
    "clé mal formée": Casse(
        "irritants.yaml",
        "  voisins: [distance, jeunes, chomage]",
        "  voisins: [distance, jeunes, chômage]",
        "« chômage » n'est pas une clé valide",
    ),
    "mot entre accolades mal écrit": Casse(
        "observations/sans-voiture.yaml",
        "    Une usagère venue {de_commune} repart avant son tour pour ne pas manquer le seul car du retour.",
        "    Une usagère venue {de_comune} repart avant son tour pour ne pas manquer le seul car du retour.",
        "{de_comune} n'est pas un mot connu ici",
        decalage=-1,  # la ligne « - >- » où commence le texte
    ),
    "distance hors des communes éloignées": Casse(
        "observations/complexite.yaml",
        "    {n2} personnes sur la matinée reviennent pour une pièce manquante, demandée lors d'un précédent passage.",
        "    {km} personnes sur la matinée reviennent pour une pièce manquante, demandée lors d'un précédent passage.",
        "demandent communes_eloignees: true",
        decalage=-1,
    ),
    "clé en double": Casse(
        "structures.yaml",
        "- cle: ddt",
        "- cle: prefecture",
        "(n° 2) : cette clé figure déjà plus haut dans ce fichier.",
        problemes=3,  # et les deux entretiens où « ddt » participait
    ),
    "clé répétée": Casse(
        "comptes.yaml",
        "    role: facilitateur",
        "    role: facilitateur\n    role: agent",
        "la clé « role » est écrite deux fois",
        decalage=1,  # la ligne ajoutée
    ),
}


@pytest.mark.parametrize("cas", CASSES, ids=str)
def test_un_fichier_casse_est_refuse_avec_son_nom_sa_ligne_et_la_raison(copie, cas):
    casse = CASSES[cas]
    fichier, ligne = casser(copie, casse.fichier, casse.avant, casse.apres)
    with pytest.raises(DonneesInvalides) as erreur:
        contenu_lire(copie)
    message = str(erreur.value)
    assert f"{fichier}, ligne {ligne + casse.decalage}" in message, message
    assert casse.raison in message, message
    assert len(erreur.value.problemes) == casse.problemes, message


def test_un_irritant_sans_ses_observations_est_signale(copie):
    (copie / "observations" / "jeunes.yaml").rename(copie / "observations" / "jeune.yaml")
    with pytest.raises(DonneesInvalides) as erreur:
        contenu_lire(copie)
    message = str(erreur.value)
    assert "irritants.yaml, ligne" in message and "il manque le fichier observations/jeunes.yaml" in message
    assert f"{copie / 'observations' / 'jeune.yaml'} : aucun irritant" in message


def test_toutes_les_erreurs_sont_dites_ensemble(copie):
    casser(copie, "structures.yaml", "  type: association", "  type: asso")
    casser(copie, "immersions.yaml", "- date: 2018-01-09", "- date: 2018-01-32")
    with pytest.raises(DonneesInvalides, match=r"\(2 problèmes\)") as erreur:
        contenu_lire(copie)
    assert [p.fichier.name for p in erreur.value.problemes] == ["immersions.yaml", "structures.yaml"]


@pytest.mark.django_db
def test_charger_demo_refuse_un_fichier_casse_sans_rien_ecrire(copie, monkeypatch):
    fichier, ligne = casser(copie, "entretiens.yaml", "      - structure: ddt", "      - structure: dtt")
    monkeypatch.setattr(module_contenu, "DOSSIER_CAHORS", copie)
    with pytest.raises(CommandError, match=rf"entretiens\.yaml, ligne {ligne} .*« dtt »"):
        call_command("charger_demo")
    assert not Experimentation.objects.exists()


# --- Le chargeur, pour les fichiers à venir (lettres en Markdown, JSON) ---------------------------------------------
LETTRE = objet({"persona": {"type": "string"}, "irritants": liste(TEXTE)}, {"commune": CODE_INSEE})


def test_une_lettre_en_markdown_donne_son_en_tete_valide_et_son_corps(tmp_path):
    (tmp_path / "roseline.md").write_text(
        "---\npersona: roseline\nirritants:\n  - isolement\n---\n\nMadame, Monsieur,\n\nJe vis seule.\n",
        encoding="utf-8",
    )
    lecture = lire("roseline.md", LETTRE, dossier=tmp_path)
    assert lecture.donnees == {"persona": "roseline", "irritants": ["isolement"]}
    assert lecture.corps == "Madame, Monsieur,\n\nJe vis seule."
    assert lecture.ligne("irritants", 0) == 4  # les lignes comptent depuis le début du fichier


def test_une_erreur_d_en_tete_markdown_est_situee_dans_le_fichier(tmp_path):
    (tmp_path / "lettre.md").write_text("---\npersona: roseline\nirritants: []\ncommune: 46042\n---\nTexte\n")
    with pytest.raises(DonneesInvalides) as erreur:
        lire("lettre.md", LETTRE, dossier=tmp_path)
    message = str(erreur.value)
    assert "lettre.md, ligne 3 (irritants) : cette liste est vide." in message
    assert "lettre.md, ligne 4 (commune) : « 46042 » devrait être un texte : écrivez-le entre guillemets." in message
    (tmp_path / "sans-en-tete.md").write_text("Madame, Monsieur,\n")
    with pytest.raises(DonneesInvalides, match="doit commencer par une ligne « --- »"):
        lire("sans-en-tete.md", LETTRE, dossier=tmp_path)


def test_un_fichier_json_est_lu_et_valide(tmp_path):
    (tmp_path / "lettre.json").write_text('{"persona": "sarah", "irritants": ["horaires"]}')
    assert lire("lettre.json", LETTRE, dossier=tmp_path).donnees["persona"] == "sarah"
    (tmp_path / "casse.json").write_text('{"persona": "sarah",\n "irritants": ["horaires"],}')
    with pytest.raises(DonneesInvalides, match=r"casse\.json, ligne 2 : JSON incorrect"):
        lire("casse.json", LETTRE, dossier=tmp_path)
    with pytest.raises(DonneesInvalides, match="fichier introuvable"):
        lire("absent.yaml", LETTRE, dossier=tmp_path)


def test_les_dates_restent_du_texte_valide_par_le_schema(tmp_path):
    (tmp_path / "d.yaml").write_text("date: 2018-02-07\n")
    schema = objet({"date": {"type": "string", "format": "date"}})
    assert lire("d.yaml", schema, dossier=tmp_path).donnees == {"date": "2018-02-07"}
    (tmp_path / "d.yaml").write_text("date: 2018-02-30\n")
    with pytest.raises(DonneesInvalides, match="« 2018-02-30 » n'est pas une date valide, écrite AAAA-MM-JJ"):
        lire("d.yaml", schema, dossier=tmp_path)
