"""Construit la feuille DSFR servie par le site : seulement ce que nos pages utilisent.

django-dsfr charge `dsfr.min.css` (717 ko) et `utility.min.css` (458 ko) : tous les composants, toutes les
icônes, plus les variantes « legacy » pour les navigateurs sans variables CSS (Internet Explorer). Le DSFR
publie aussi chaque morceau à part (`core/`, `component/<nom>/`, `utility/icons/`, `utility/colors/`) ;
cette feuille assemble, dans l'ordre du DSFR complet :

- le cœur (`core.main.min.css` : typographie, grille, espacements, thèmes clair et sombre) ;
- tous les composants sauf ceux que le site n'emploie pas (`COMPOSANTS_ECARTES`) — un composant
  nouveau du DSFR est donc inclus par défaut ;
- les utilitaires de couleur (`colors.main.min.css`) ;
- les seules règles des icônes `fr-icon-*` nommées dans nos gabarits, scripts et code Python.

Les `url()` relatives (polices, icônes des composants) sont réécrites depuis l'emplacement de la feuille :
collectstatic les suit et les renomme avec leur empreinte. Relancer après une mise à jour de django-dsfr
ou l'ajout d'une icône ; tests/perf/test_feuille_dsfr.py échoue tant que la feuille n'est pas à jour ou
qu'un gabarit emploie une classe DSFR qu'elle ne définit pas.

    .venv/bin/python scripts/dsfr_feuille.py
"""

import posixpath
import re
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
SORTIE = RACINE / "static" / "dsfr" / "dist" / "carteblanche" / "dsfr-carteblanche.min.css"
CHEMIN_STATIQUE = "dsfr/dist/carteblanche/dsfr-carteblanche.min.css"

# Composants du DSFR que le site n'emploie pas (ni ses gabarits, ni ceux de django-dsfr qu'il rend).
COMPOSANTS_ECARTES = {
    "connect",  # bouton FranceConnect
    "consent",  # bandeau de consentement aux cookies (le site n'en pose aucun de mesure d'audience)
    "content",  # média avec légende (vidéo, image responsive)
    "follow",  # lettre d'information et réseaux sociaux
    "range",  # curseur
    "share",  # boutons de partage
    "transcription",  # transcription de vidéo
    "translate",  # sélecteur de langue (site en français seulement)
}
SOURCES_DU_PROJET = (
    "templates",
    "static/js",
    "carteblanche",
    "commun",
    "comptes",
    "documents",
    "territoire",
    "experimentations",
    "terrain",
    "irritants",
    "personas",
    "demo",
)
ICONE = re.compile(r"fr-icon-[a-z0-9-]+[a-z0-9]")


def dist() -> Path:
    import dsfr

    return Path(dsfr.__file__).resolve().parent / "static" / "dsfr" / "dist"


def textes_du_projet():
    for dossier in SOURCES_DU_PROJET:
        for fichier in sorted((RACINE / dossier).rglob("*")):
            employe = fichier.suffix in (".html", ".js", ".py", ".css") and "vendor" not in fichier.parts
            if employe and fichier.resolve() != SORTIE.resolve():
                yield fichier.read_text(errors="ignore")


def icones_employees() -> set[str]:
    return {icone for texte in textes_du_projet() for icone in ICONE.findall(texte)}


def _sans_entete(css: str) -> str:
    css = re.sub(r'^@charset "UTF-8";', "", css.strip())
    return re.sub(r"^/\*.*?\*/", "", css.strip(), flags=re.S).strip()


def _urls_reecrites(css: str, source: Path, racine: Path) -> str:
    """Les url() relatives d'un morceau, réécrites depuis le dossier de la feuille assemblée."""
    depuis = posixpath.dirname(SORTIE.relative_to(RACINE / "static").as_posix())
    dossier = source.parent.relative_to(racine.parent.parent).as_posix()  # dsfr/dist/<…>

    def reecrire(correspondance):
        url = correspondance.group(1).strip("'\"")
        if url.startswith(("data:", "http:", "https:", "/", "#")):
            return correspondance.group(0)
        cible = posixpath.normpath(posixpath.join(dossier, url))
        return f"url({posixpath.relpath(cible, depuis)})"

    return re.sub(r"url\(([^)]*)\)", reecrire, css)


def _regles(css: str) -> list[str]:
    """Les règles de premier niveau d'une feuille minifiée (un bloc @media compte pour une règle)."""
    regles, profondeur, debut = [], 0, 0
    for i, caractere in enumerate(css):
        if caractere == "{":
            profondeur += 1
        elif caractere == "}":
            profondeur -= 1
            if profondeur == 0:
                regles.append(css[debut : i + 1])
                debut = i + 1
    return regles


def _icones_filtrees(css: str, icones: set[str]) -> str:
    gardees = []
    for regle in _regles(css):
        nommees = set(ICONE.findall(regle.split("{", 1)[0]))
        if regle.startswith("@") or not nommees or nommees & icones:
            gardees.append(regle)
    return "".join(gardees)


def morceaux(racine: Path) -> list[Path]:
    """Le cœur puis les composants gardés, dans l'ordre où le DSFR complet les assemble."""
    complet = (racine / "dsfr" / "dsfr.main.min.css").read_text()
    composants = []
    for fichier in sorted((racine / "component").glob("*/*.main.min.css")):
        if fichier.parent.name in COMPOSANTS_ECARTES:
            continue
        corps = _sans_entete(fichier.read_text())
        position = complet.find(corps[:200])
        if position < 0:
            raise SystemExit(f"{fichier.name} introuvable dans dsfr.main.min.css : ordre inconnu")
        composants.append((position, fichier))
    return [racine / "core" / "core.main.min.css", *(fichier for _position, fichier in sorted(composants))]


def construire() -> str:
    racine = dist()
    parties = [_urls_reecrites(_sans_entete(f.read_text()), f, racine) for f in morceaux(racine)]
    couleurs = racine / "utility" / "colors" / "colors.main.min.css"
    parties.append(_urls_reecrites(_sans_entete(couleurs.read_text()), couleurs, racine))
    icones = racine / "utility" / "icons" / "icons.main.min.css"
    filtrees = _icones_filtrees(_sans_entete(icones.read_text()), icones_employees())
    parties.append(_urls_reecrites(filtrees, icones, racine))
    version = re.search(r"DSFR v[\d.]+", (racine / "core" / "core.main.min.css").read_text()).group(0)
    entete = (
        f'@charset "UTF-8";/*! {version} | SPDX-License-Identifier: MIT | License-Filename: LICENSE.md | '
        "restricted use (see terms and conditions). Assemblé par scripts/dsfr_feuille.py */"
    )
    return entete + "".join(parties) + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(RACINE))
    SORTIE.parent.mkdir(parents=True, exist_ok=True)
    contenu = construire()
    SORTIE.write_text(contenu)
    print(f"{SORTIE.relative_to(RACINE)} : {len(contenu.encode()) / 1000:.0f} ko")
