"""Audit d'accessibilité d'une page avec axe-core (WCAG 2.1 niveaux A et AA).

axe-core vient de `node_modules/` (installé par `npm ci` depuis package-lock.json) : jamais
d'un CDN, pour que l'audit tourne hors ligne et avec une version figée.
"""

from django.conf import settings

AXE_CHEMIN = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_AXE_RUN = """
(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
"""


def axe_chemin():
    """Le fichier axe.min.js, ou un échec explicite (jamais un test ignoré) s'il manque."""
    if not AXE_CHEMIN.is_file():
        raise AssertionError(
            f"axe-core introuvable ({AXE_CHEMIN}) : lancer `npm ci` à la racine du projet pour l'installer."
        )
    return AXE_CHEMIN


def axe_analyser(page) -> list[dict]:
    """Injecte axe-core dans la page et renvoie ses violations WCAG 2.1 A/AA.

    Par le protocole du navigateur (`evaluate`), pas par une balise <script> : la Content-Security-Policy
    du site (script-src 'self') bloque un script en ligne, et l'audit ne doit pas l'affaiblir."""
    page.evaluate(axe_chemin().read_text(encoding="utf-8") + "\n;undefined")
    resultats = page.evaluate(_AXE_RUN, WCAG_TAGS)
    return resultats["violations"]


def violations_formater(violations: list[dict]) -> str:
    """Un rapport lisible : règle, impact, aide, puis chaque élément fautif (sélecteur et HTML)."""
    lignes = []
    for violation in violations:
        lignes.append(f"- {violation['id']} ({violation.get('impact') or '?'}) : {violation['help']}")
        lignes.append(f"  {violation['helpUrl']}")
        for noeud in violation["nodes"]:
            cible = " ".join(str(selecteur) for selecteur in noeud["target"])
            lignes.append(f"    • {cible}")
            lignes.append(f"      {noeud['html'][:300]}")
            if resume := noeud.get("failureSummary"):
                lignes.extend(f"      {ligne}" for ligne in resume.splitlines())
    return "\n".join(lignes)
