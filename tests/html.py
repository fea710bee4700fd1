"""Lire une page rendue comme un arbre HTML plutôt que comme une chaîne (l'analyseur de `django.test.html`).

Pour les assertions sur la structure : quels éléments, avec quels attributs, dans quel élément ;
`assertContains(..., html=True)` reste le plus simple quand on connaît l'élément entier.
"""

import re

from django.test.html import Element, parse_html


def _contenu(source) -> str:
    return source.content.decode() if hasattr(source, "content") else source


def _descendants(element: Element):
    for enfant in element.children:
        if isinstance(enfant, Element):
            yield enfant
            yield from _descendants(enfant)


def elements(source, nom: str | None = None, attributs: dict | None = None, classe: str | None = None) -> list:
    """Les éléments (dans l'ordre du document) du nom, des attributs (valeur None : présent) et de la classe donnés."""
    racine = source if isinstance(source, Element) else parse_html(_contenu(source))
    trouves = []
    # parse_html rend l'élément lui-même quand le fragment n'en a qu'un : il compte aussi.
    for element in [racine, *_descendants(racine)]:
        if nom and element.name != nom:
            continue
        presents = dict(element.attributes)
        if any(
            cle not in presents or (valeur is not None and presents[cle] != valeur)
            for cle, valeur in (attributs or {}).items()
        ):
            continue
        if classe and classe not in (presents.get("class") or "").split():
            continue
        trouves.append(element)
    return trouves


def element(source, nom: str | None = None, attributs: dict | None = None, classe: str | None = None) -> Element:
    """L'unique élément qui répond à ces critères (échec explicite s'il n'y en a pas exactement un)."""
    trouves = elements(source, nom, attributs, classe)
    assert len(trouves) == 1, f"{len(trouves)} élément(s) {nom or ''} {attributs or ''} {classe or ''} au lieu d'un"
    return trouves[0]


def attribut(element: Element, nom: str):
    return dict(element.attributes).get(nom)


def texte_de(element: Element) -> str:
    """Le texte d'un élément et de ses descendants, espaces réduits."""
    morceaux = [enfant if isinstance(enfant, str) else texte_de(enfant) for enfant in element.children]
    return re.sub(r"\s+", " ", " ".join(morceaux)).strip()


def references_orphelines(source) -> list[str]:
    """Les identifiants cités par aria-describedby ou aria-labelledby qu'aucun élément de la page ne porte."""
    racine = parse_html(_contenu(source))
    tous = [racine, *_descendants(racine)]
    identifiants = {attribut(e, "id") for e in tous}
    orphelines = []
    for e in tous:
        for nom in ("aria-describedby", "aria-labelledby"):
            orphelines += [f"{nom}={ref}" for ref in (attribut(e, nom) or "").split() if ref not in identifiants]
    return orphelines


def fil_ariane(source) -> list[tuple[str, str | None]]:
    """Le fil d'Ariane DSFR de la page : (libellé, adresse) de chaque lien ; la page courante n'a pas d'adresse."""
    fil = element(source, "nav", classe="fr-breadcrumb")
    liens = elements(fil, "a", classe="fr-breadcrumb__link")
    courants = [lien for lien in liens if attribut(lien, "aria-current") == "page"]
    assert courants == liens[-1:], "la page courante (aria-current) doit être le dernier maillon, et lui seul"
    return [(texte_de(lien), attribut(lien, "href")) for lien in liens]
