"""Fabriques du territoire, avec des valeurs par défaut à la française (Lot, Cahors).

Chaque commune reçoit un petit carré de contour calculé depuis sa séquence : les communes d'un
même test ne se chevauchent pas et la carte a de quoi dessiner.
"""

import factory

from territoire.enums import Canal, SourceLieu, TypeCommune, TypeEpci, TypeLieuAccueil
from territoire.models import AppartenanceTerritoire, Commune, Epci, LieuAccueil, Territoire

# Coin sud-ouest de la grille des carrés : les environs de Cahors.
LONGITUDE_ORIGINE = 1.2
LATITUDE_ORIGINE = 44.3
COTE = 0.02
COLONNES = 25


def carre(n: int, cote: float = COTE) -> dict:
    """Un Polygon GeoJSON carré, le n-ième d'une grille de COLONNES de large."""
    lon = LONGITUDE_ORIGINE + (n % COLONNES) * cote
    lat = LATITUDE_ORIGINE + (n // COLONNES) * cote
    marge = cote * 0.05
    anneau = [
        [lon + marge, lat + marge],
        [lon + cote - marge, lat + marge],
        [lon + cote - marge, lat + cote - marge],
        [lon + marge, lat + cote - marge],
        [lon + marge, lat + marge],
    ]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in anneau]]}


def _centre(commune) -> tuple[float, float]:
    anneau = commune.geometrie["coordinates"][0]
    return (
        round(sum(p[1] for p in anneau[:-1]) / 4, 6),
        round(sum(p[0] for p in anneau[:-1]) / 4, 6),
    )


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci
        django_get_or_create = ("siren",)

    siren = factory.Sequence(lambda n: f"{200000000 + n}")
    nom = factory.Sequence(lambda n: f"CC du Quercy n° {n}")
    type = TypeEpci.COMMUNAUTE_COMMUNES


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    class Params:
        rang = factory.Sequence(lambda n: n)
        # Une ancienne commune devenue déléguée d'une commune nouvelle (`parent`).
        deleguee = factory.Trait(
            type=TypeCommune.DELEGUEE,
            parent=factory.SubFactory("tests.territoire.factories.CommuneFactory"),
            epci=None,
            population=None,
            mairie_adresse="",
            mairie_horaires={},
            mairie_telephone="",
        )

    code_insee = factory.LazyAttribute(lambda o: f"{46000 + o.rang}")
    type = TypeCommune.COMMUNE
    nom = factory.Sequence(lambda n: f"Saint-Cirq n° {n}")
    departement = factory.LazyAttribute(lambda o: o.code_insee[:2])
    population = 1_000
    codes_postaux = factory.LazyFunction(lambda: ["46000"])
    epci = factory.SubFactory(
        EpciFactory, siren="200023737", nom="CA du Grand Cahors", type=TypeEpci.COMMUNAUTE_AGGLOMERATION
    )
    geometrie = factory.LazyAttribute(lambda o: carre(o.rang))
    centroide_latitude = factory.LazyAttribute(
        lambda o: round(LATITUDE_ORIGINE + (o.rang // COLONNES + 0.5) * COTE, 6)
    )
    centroide_longitude = factory.LazyAttribute(
        lambda o: round(LONGITUDE_ORIGINE + (o.rang % COLONNES + 0.5) * COTE, 6)
    )
    mairie_adresse = factory.LazyAttribute(lambda o: f"Place de la mairie\n46000 {o.nom}")
    mairie_horaires = factory.LazyFunction(
        lambda: {jour: [["08:30", "12:30"], ["13:30", "17:30"]] for jour in ("lundi", "mardi", "jeudi", "vendredi")}
    )
    mairie_telephone = "05 65 00 00 00"


class CommuneDelegueeFactory(CommuneFactory):
    deleguee = True


class LieuAccueilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LieuAccueil

    type = TypeLieuAccueil.FRANCE_SERVICES
    nom = factory.Sequence(lambda n: f"France Services n° {n}")
    adresse = "2 place de la République"
    code_postal = "46000"
    commune = factory.SubFactory(CommuneFactory)
    latitude = factory.LazyAttribute(lambda o: _centre(o.commune)[0])
    longitude = factory.LazyAttribute(lambda o: _centre(o.commune)[1])
    horaires = factory.LazyFunction(
        lambda: {"lundi": [["09:00", "12:00"], ["14:00", "17:00"]], "mercredi": [["09:00", "12:00"]]}
    )
    canaux = factory.LazyFunction(lambda: [Canal.GUICHET.value, Canal.RENDEZ_VOUS.value])
    source = SourceLieu.SAISIE


class TerritoireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territoire

    nom = factory.Sequence(lambda n: f"Bassin de vie n° {n}")
    slug = factory.Sequence(lambda n: f"bassin-de-vie-{n}")
    description = "Le bassin de vie, au sens de l'INSEE, dans la géographie de 2016."
    millesime_geographie = 2016
    source = "INSEE, zonage en bassins de vie 2012, Code officiel géographique 2016 (Licence Ouverte)."


class AppartenanceTerritoireFactory(factory.django.DjangoModelFactory):
    """Une commune du territoire ; trait `fusionnee` : une commune de 2016 devenue déléguée de `commune`."""

    class Meta:
        model = AppartenanceTerritoire

    class Params:
        fusionnee = factory.Trait(
            commune_historique=factory.SubFactory(
                CommuneDelegueeFactory,
                parent=factory.SelfAttribute("..commune"),
                nom=factory.Sequence(lambda n: f"Ancienne commune n° {n}"),
            ),
            code_insee=factory.LazyAttribute(lambda o: o.commune_historique.code_insee),
            nom=factory.LazyAttribute(lambda o: o.commune_historique.nom),
        )

    territoire = factory.SubFactory(TerritoireFactory)
    commune = factory.SubFactory(CommuneFactory)
    code_insee = factory.LazyAttribute(lambda o: o.commune.code_insee)
    nom = factory.LazyAttribute(lambda o: o.commune.nom)
