"""Cartes SVG des communes, calculées côté serveur.

Pourquoi une carte SVG rendue par le serveur plutôt qu'une carte à tuiles (Leaflet, MapLibre…) :

- les postes des agents et les réseaux de bien des usagers (administrations filtrées, zones rurales
  à faible débit) ne joignent pas les serveurs de tuiles : une carte à tuiles y resterait grise ;
- elle ne demande aucun JavaScript : elle s'affiche, s'imprime et se lit au clavier partout ;
- chaque commune y est un lien `<a>` avec un `<title>` : la carte se parcourt au clavier et au
  lecteur d'écran, et le tableau des communes sous la carte en donne l'alternative textuelle ;
- les contours simplifiés d'un bassin de vie pèsent quelques dizaines de kilo-octets.

Projection équirectangulaire : x = longitude × cos(latitude moyenne), y = −latitude. À l'échelle
d'un bassin de vie (une cinquantaine de kilomètres), la déformation est invisible.

Ce module ne fait que du calcul : les gabarits (`territoire/includes/_carte.html`) écrivent le SVG,
et l'échappement automatique de Django protège les noms de communes.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace

from territoire.enums import TypeLieuAccueil

# Couleurs illustratives du DSFR (teintes « main »), toutes d'un contraste d'au moins 3:1 avec le
# blanc des frontières (critère RGAA 3.3 / WCAG 1.4.11), dans un ordre qui éloigne les teintes voisines.
PALETTE_EPCI = (
    ("bleu écume", "#465f9d"),
    ("tuile", "#ce614a"),
    ("menthe", "#009081"),
    ("glycine", "#a558a0"),
    ("caramel", "#845d48"),
    ("émeraude", "#00a95f"),
    ("bleu cumulus", "#417dc4"),
)
COULEUR_SANS_EPCI = ("gris", "#666666")
COULEUR_COMMUNE_SEULE = PALETTE_EPCI[0]

BLEU_FRANCE = "#000091"
NOIR = "#161616"

# Type de lieu → (forme du repère, couleur) : chaque type a sa propre forme, qui le distingue sans voir les
# couleurs (RGAA 3.1 : l'information n'est pas donnée par la couleur seule) ; la couleur ne fait que doubler.
STYLES_LIEU = {
    TypeLieuAccueil.FRANCE_SERVICES: ("carre", BLEU_FRANCE),
    TypeLieuAccueil.CAF: ("rond", NOIR),
    TypeLieuAccueil.CPAM: ("losange", NOIR),
    TypeLieuAccueil.FRANCE_TRAVAIL: ("triangle", NOIR),
    TypeLieuAccueil.MSA: ("triangle_bas", BLEU_FRANCE),
    TypeLieuAccueil.CARSAT: ("pentagone", BLEU_FRANCE),
    TypeLieuAccueil.CCAS: ("croix", BLEU_FRANCE),
    TypeLieuAccueil.PREFECTURE: ("etoile", NOIR),
    TypeLieuAccueil.MAIRIE: ("maison", NOIR),
    TypeLieuAccueil.AUTRE: ("hexagone", NOIR),
}

LARGEUR = 800
MARGE = 12


@dataclass(frozen=True)
class Projection:
    """Passe de (longitude, latitude) aux coordonnées du viewBox (origine en haut à gauche)."""

    lon_min: float
    lat_max: float
    cos_lat: float
    echelle: float
    marge: float
    largeur: float
    hauteur: float

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.marge + (lon - self.lon_min) * self.cos_lat * self.echelle
        y = self.marge + (self.lat_max - lat) * self.echelle
        return round(x, 1), round(y, 1)

    def contient(self, lon: float, lat: float) -> bool:
        x, y = self.point(lon, lat)
        return 0 <= x <= self.largeur and 0 <= y <= self.hauteur

    @property
    def viewbox(self) -> str:
        return f"0 0 {_nombre(self.largeur)} {_nombre(self.hauteur)}"


def polygones(geometrie) -> list[list[list]]:
    """Les polygones d'une géométrie GeoJSON, chacun une liste d'anneaux (l'extérieur, puis les trous).

    Tout ce qui n'est ni Polygon ni MultiPolygon (ou est mal formé) donne une liste vide : une
    commune sans contour manque à la carte mais reste dans le tableau.
    """
    if not isinstance(geometrie, dict):
        return []
    coordonnees = geometrie.get("coordinates")
    if not isinstance(coordonnees, list):
        return []
    if geometrie.get("type") == "Polygon":
        return [coordonnees]
    if geometrie.get("type") == "MultiPolygon":
        return [polygone for polygone in coordonnees if isinstance(polygone, list)]
    return []


def _points(geometrie) -> Iterable[tuple[float, float]]:
    for polygone in polygones(geometrie):
        for anneau in polygone:
            for point in anneau if isinstance(anneau, list) else ():
                if isinstance(point, list | tuple) and len(point) >= 2:
                    yield float(point[0]), float(point[1])


def projection_pour(geometries: Iterable, largeur: float = LARGEUR, marge: float = MARGE) -> Projection | None:
    """La projection qui fait tenir toutes les géométries dans la largeur donnée (None s'il n'y a rien à dessiner).

    Seuls les contours comptent : un lieu mal géolocalisé ne peut pas réduire la carte à un point."""
    tous = [p for geometrie in geometries for p in _points(geometrie)]
    if not tous:
        return None
    lons = [p[0] for p in tous]
    lats = [p[1] for p in tous]
    lon_min, lon_max, lat_min, lat_max = min(lons), max(lons), min(lats), max(lats)
    cos_lat = math.cos(math.radians((lat_min + lat_max) / 2))
    etendue_x = max((lon_max - lon_min) * cos_lat, 1e-6)
    etendue_y = max(lat_max - lat_min, 1e-6)
    # La carte garde sa largeur ; une forme très haute est ramenée à une hauteur d'au plus 1,5 fois la largeur.
    echelle = min((largeur - 2 * marge) / etendue_x, (1.5 * largeur - 2 * marge) / etendue_y)
    largeur_utile = etendue_x * echelle
    hauteur = round(etendue_y * echelle + 2 * marge, 1)
    # Centre horizontalement ce qui n'occupe pas toute la largeur.
    decalage = (largeur - 2 * marge - largeur_utile) / 2
    return Projection(
        lon_min=lon_min - decalage / (cos_lat * echelle),
        lat_max=lat_max,
        cos_lat=cos_lat,
        echelle=echelle,
        marge=marge,
        largeur=largeur,
        hauteur=hauteur,
    )


def _nombre(valeur: float) -> str:
    texte = f"{valeur:.1f}"
    return texte[:-2] if texte.endswith(".0") else texte


def chemin(geometrie, projection: Projection) -> str:
    """L'attribut `d` d'un <path> pour un Polygon ou MultiPolygon (trous compris, avec fill-rule="evenodd")."""
    morceaux = []
    for polygone in polygones(geometrie):
        for anneau in polygone:
            sommets = []
            for point in anneau if isinstance(anneau, list) else ():
                if not (isinstance(point, list | tuple) and len(point) >= 2):
                    continue
                sommet = projection.point(float(point[0]), float(point[1]))
                if not sommets or sommets[-1] != sommet:
                    sommets.append(sommet)
            if len(sommets) >= 3:
                morceaux.append("M" + " ".join(f"{_nombre(x)},{_nombre(y)}" for x, y in sommets) + "Z")
    return "".join(morceaux)


def forme_repere(forme: str, x: float, y: float, r: float) -> str:
    """L'attribut `d` d'un repère centré en (x, y), de rayon r environ."""

    def polygone(points):
        return "M" + " ".join(f"{_nombre(px)},{_nombre(py)}" for px, py in points) + "Z"

    def regulier(nb_cotes, depart):
        return polygone(
            (
                x + r * math.cos(math.radians(depart + i * 360 / nb_cotes)),
                y + r * math.sin(math.radians(depart + i * 360 / nb_cotes)),
            )
            for i in range(nb_cotes)
        )

    if forme == "carre":
        c = r * 0.85
        return polygone([(x - c, y - c), (x + c, y - c), (x + c, y + c), (x - c, y + c)])
    if forme == "losange":
        return polygone([(x, y - r * 1.2), (x + r * 1.2, y), (x, y + r * 1.2), (x - r * 1.2, y)])
    if forme == "triangle":
        return regulier(3, -90)
    if forme == "triangle_bas":
        return regulier(3, 90)
    if forme == "pentagone":
        return regulier(5, -90)
    if forme == "etoile":
        return polygone(
            (
                x + (r * 1.2 if i % 2 == 0 else r * 0.5) * math.cos(math.radians(-90 + i * 36)),
                y + (r * 1.2 if i % 2 == 0 else r * 0.5) * math.sin(math.radians(-90 + i * 36)),
            )
            for i in range(10)
        )
    if forme == "croix":
        e = r * 0.38
        return polygone(
            [
                (x - e, y - r), (x + e, y - r), (x + e, y - e), (x + r, y - e), (x + r, y + e), (x + e, y + e),
                (x + e, y + r), (x - e, y + r), (x - e, y + e), (x - r, y + e), (x - r, y - e), (x - e, y - e),
            ]
        )  # fmt: skip
    if forme == "hexagone":
        return regulier(6, 0)
    if forme == "maison":
        return polygone(
            [(x, y - r), (x + r, y - r * 0.1), (x + r * 0.8, y + r), (x - r * 0.8, y + r), (x - r, y - r * 0.1)]
        )
    # Rond : deux arcs.
    return (
        f"M{_nombre(x - r)},{_nombre(y)}a{_nombre(r)},{_nombre(r)} 0 1,0 {_nombre(2 * r)},0"
        f"a{_nombre(r)},{_nombre(r)} 0 1,0 {_nombre(-2 * r)},0Z"
    )


def style_lieu(type_lieu: str) -> tuple[str, str]:
    return STYLES_LIEU.get(type_lieu, STYLES_LIEU[TypeLieuAccueil.AUTRE])


@dataclass(frozen=True)
class Zone:
    """Une commune dessinée : `url` vide quand elle n'est pas un lien (carte d'une seule commune)."""

    commune: object
    d: str
    couleur: str
    url: str = ""


@dataclass(frozen=True)
class Repere:
    titre: str
    d: str
    couleur: str
    trait: str = ""  # repère écarté d'un groupe : le trait qui le relie à la position réelle


@dataclass(frozen=True)
class EntreeLegende:
    libelle: str
    couleur: str
    nombre: int = 0
    d: str = ""  # pour les repères : la forme, dans un viewBox 0 0 16 16


@dataclass
class Carte:
    projection: Projection
    zones: list[Zone] = field(default_factory=list)
    limites: list[str] = field(default_factory=list)
    reperes: list[Repere] = field(default_factory=list)

    @property
    def viewbox(self) -> str:
        return self.projection.viewbox

    @property
    def avec_liens(self) -> bool:
        return any(zone.url for zone in self.zones)


def couleurs_par_epci(epcis: Iterable) -> dict:
    """Une couleur (nom, code hexadécimal) par EPCI, dans l'ordre reçu ; clé : l'id, ou None pour « sans EPCI ».

    Au-delà de sept EPCI les couleurs se répètent : le titre de chaque commune et le tableau nomment l'EPCI.
    """
    couleurs = {}
    rang = 0
    for epci in epcis:
        if epci is None:
            couleurs[None] = COULEUR_SANS_EPCI
        elif epci.pk not in couleurs:
            couleurs[epci.pk] = PALETTE_EPCI[rang % len(PALETTE_EPCI)]
            rang += 1
    return couleurs


def _a_position(lieu) -> bool:
    return lieu.latitude is not None and lieu.longitude is not None


def _couronne(nombre: int, rayon: float) -> float:
    """Le rayon de la couronne où s'écartent `nombre` repères (0 pour un repère seul) : assez grand pour
    que deux repères voisins ne se touchent pas."""
    return 0.0 if nombre == 1 else max(rayon * 3, nombre * rayon * 3 / (2 * math.pi))


def _groupes(points: list[tuple[float, float]], rayon: float) -> list[list[int]]:
    """Les indices des points regroupés : deux groupes dont les repères se toucheraient n'en font qu'un
    (fusions répétées jusqu'à ce qu'aucun ne déborde sur un autre)."""
    groupes = [[i] for i in range(len(points))]

    def centre(groupe):
        return (sum(points[i][0] for i in groupe) / len(groupe), sum(points[i][1] for i in groupe) / len(groupe))

    fusion = True
    while fusion:
        fusion = False
        for a in range(len(groupes)):
            for b in range(a + 1, len(groupes)):
                (xa, ya), (xb, yb) = centre(groupes[a]), centre(groupes[b])
                emprise = _couronne(len(groupes[a]), rayon) + _couronne(len(groupes[b]), rayon) + rayon * 2.4
                if math.hypot(xa - xb, ya - yb) < emprise:
                    groupes[a] = sorted(groupes[a] + groupes.pop(b))
                    fusion = True
                    break
            if fusion:
                break
    return sorted(groupes)


def _reperes(lieux: Iterable, projection: Projection, rayon: float) -> list[Repere]:
    """Les repères des lieux situés dans le cadre de la carte (les autres figurent dans les listes).

    Des lieux presque au même endroit (les services d'une ville-centre) ne s'empilent pas en une tache :
    ils sont écartés en couronne autour de leur position commune, chacun relié à elle par un trait, dans
    l'ordre reçu (celui des listes de la page)."""
    places = [lieu for lieu in lieux if _a_position(lieu) and projection.contient(lieu.longitude, lieu.latitude)]
    points = [projection.point(lieu.longitude, lieu.latitude) for lieu in places]
    reperes = []
    for groupe in _groupes(points, rayon):
        cx = sum(points[i][0] for i in groupe) / len(groupe)
        cy = sum(points[i][1] for i in groupe) / len(groupe)
        couronne = _couronne(len(groupe), rayon)
        for rang, i in enumerate(groupe):
            lieu = places[i]
            forme, couleur = style_lieu(lieu.type)
            if len(groupe) == 1:
                x, y, trait = *points[i], ""
            else:
                angle = math.radians(-90 + rang * 360 / len(groupe))
                x, y = cx + couronne * math.cos(angle), cy + couronne * math.sin(angle)
                trait = f"M{_nombre(cx)},{_nombre(cy)}L{_nombre(x)},{_nombre(y)}"
            libelle = TypeLieuAccueil(lieu.type).label if lieu.type in TypeLieuAccueil.values else lieu.type
            titre = lieu.nom if libelle.casefold() in lieu.nom.casefold() else f"{lieu.nom} ({libelle})"
            reperes.append(Repere(titre=titre, d=forme_repere(forme, x, y, rayon), couleur=couleur, trait=trait))
    return reperes


def legende_epci(epcis: Iterable[tuple], couleurs: dict) -> list[EntreeLegende]:
    """Une entrée par (EPCI, nombre de communes), avec la couleur de `couleurs_par_epci`."""
    entrees = []
    for epci, nombre in epcis:
        _nom, couleur = couleurs.get(epci.pk if epci else None, COULEUR_SANS_EPCI)
        entrees.append(EntreeLegende(epci.nom if epci else "Sans EPCI", couleur, nombre))
    return entrees


def legende_lieux(lieux: Iterable, *, avec_mairie: bool = False) -> list[EntreeLegende]:
    """Une entrée par type de lieu présent, dans l'ordre des types, avec sa forme de repère."""
    nombres: dict[str, int] = {TypeLieuAccueil.MAIRIE: 1} if avec_mairie else {}
    for lieu in lieux:
        if _a_position(lieu):
            nombres[lieu.type] = nombres.get(lieu.type, 0) + 1
    entrees = []
    for type_lieu in TypeLieuAccueil:
        if type_lieu in nombres:
            forme, couleur = style_lieu(type_lieu)
            entrees.append(EntreeLegende(type_lieu.label, couleur, nombres[type_lieu], forme_repere(forme, 8, 8, 6)))
    return entrees


def carte_territoire(communes, *, anciennes_communes=(), lieux=(), couleurs=None) -> Carte | None:
    """La carte d'un territoire : une zone-lien par commune actuelle, les anciennes limites en pointillés
    et les lieux d'accueil. `couleurs` vient de `couleurs_par_epci`."""
    communes = list(communes)
    anciennes_communes = [c for c in anciennes_communes if c.geometrie]
    projection = projection_pour([c.geometrie for c in communes])
    if projection is None:
        return None
    couleurs = couleurs or {}
    carte = Carte(projection=projection)
    for commune in communes:
        d = chemin(commune.geometrie, projection)
        if d:
            _nom, couleur = couleurs.get(commune.epci_id, COULEUR_SANS_EPCI)
            carte.zones.append(Zone(commune=commune, d=d, couleur=couleur, url=commune.get_absolute_url()))
    carte.limites = [d for c in anciennes_communes if (d := chemin(c.geometrie, projection))]
    carte.reperes = _reperes(lieux, projection, rayon=projection.largeur / 85)
    return carte


def carte_commune(commune, *, anciennes_communes=(), lieux=()) -> Carte | None:
    """La carte d'une seule commune (sans lien), avec ses communes déléguées en pointillés et ses lieux."""
    anciennes_communes = [c for c in anciennes_communes if c.geometrie]
    projection = projection_pour([commune.geometrie], largeur=400, marge=10)
    if projection is None:
        return None
    carte = Carte(projection=projection)
    d = chemin(commune.geometrie, projection)
    if d:
        carte.zones.append(Zone(commune=commune, d=d, couleur=COULEUR_COMMUNE_SEULE[1]))
    carte.limites = [d for c in anciennes_communes if (d := chemin(c.geometrie, projection))]
    mairie = SimpleNamespace(
        type=TypeLieuAccueil.MAIRIE,
        nom=f"Mairie de {commune.nom}",
        latitude=commune.mairie_latitude,
        longitude=commune.mairie_longitude,
    )
    carte.reperes = _reperes([*lieux, mairie], projection, rayon=projection.largeur / 60)
    return carte
