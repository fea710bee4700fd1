"""Données communes aux tests de la saisie mobile : le bassin de Cahors, son expérimentation de 2018."""

import datetime
from types import SimpleNamespace

from experimentations.models import Experimentation
from tests.territoire.factories import (
    AppartenanceTerritoireFactory,
    CommuneDelegueeFactory,
    CommuneFactory,
    TerritoireFactory,
)

LANCEMENT = datetime.date(2017, 12, 15)
ECHEANCE = datetime.date(2018, 12, 31)


def cahors_creer() -> SimpleNamespace:
    """Trois communes du territoire (dont une au nom accentué), une commune déléguée, une commune hors territoire."""
    territoire = TerritoireFactory(nom="Bassin de vie de Cahors", slug="bassin-de-vie-cahors")
    cahors = CommuneFactory(code_insee="46042", nom="Cahors")
    pradines = CommuneFactory(code_insee="46224", nom="Pradines")
    bellefont = CommuneFactory(code_insee="46156", nom="Bellefont-La Rauze")
    espere = CommuneFactory(code_insee="46095", nom="Espère")
    for commune in (cahors, pradines, bellefont, espere):
        AppartenanceTerritoireFactory(territoire=territoire, commune=commune)
    deleguee = CommuneDelegueeFactory(code_insee="46156", nom="Laroque-des-Arcs", parent=bellefont)
    rodez = CommuneFactory(code_insee="12202", nom="Rodez")
    experimentation = Experimentation.objects.create(
        nom="Carte Blanche à Cahors",
        slug="cahors-2018",
        territoire=territoire,
        date_lancement=LANCEMENT,
        date_echeance_promesses=ECHEANCE,
    )
    return SimpleNamespace(
        territoire=territoire,
        experimentation=experimentation,
        cahors=cahors,
        pradines=pradines,
        bellefont=bellefont,
        espere=espere,
        deleguee=deleguee,
        rodez=rodez,
    )
