"""La carte du territoire : gardée en base après l'import, recalculée après une écriture, lisible sans
les couleurs, sans repères empilés, avec le nom des communes au survol et au focus."""

import itertools
import math
import re

from django.urls import reverse

from territoire import carte
from territoire.carte_stockee import carte_du_territoire, cartes_recalculer
from territoire.enums import TypeLieuAccueil
from territoire.models import Territoire
from tests.territoire.factories import (
    AppartenanceTerritoireFactory,
    CommuneFactory,
    LieuAccueilFactory,
    TerritoireFactory,
)

URL_TERRITOIRE = reverse("territoire:index")


def _territoire(settings, nb_communes=3):
    territoire = TerritoireFactory()
    settings.TERRITOIRE_PRINCIPAL = territoire.slug
    communes = [CommuneFactory(nom=f"Commune {i}") for i in range(nb_communes)]
    for commune in communes:
        AppartenanceTerritoireFactory(territoire=territoire, commune=commune)
    return territoire, communes


def test_l_import_garde_la_carte_et_la_page_la_sert_sans_la_recalculer(client, settings):
    territoire, communes = _territoire(settings)

    assert cartes_recalculer() == 1
    territoire.refresh_from_db()
    assert territoire.carte_svg.startswith('<svg class="cb-carte"')
    # La page sert exactement la carte gardée (aucun recalcul à la visite).
    Territoire.objects.filter(pk=territoire.pk).update(carte_svg='<svg class="cb-carte" id="gardee"></svg>')
    contenu = client.get(URL_TERRITOIRE).content.decode()
    assert '<svg class="cb-carte" id="gardee"></svg>' in contenu


def test_une_ecriture_du_territoire_fait_recalculer_la_carte(client, settings):
    territoire, communes = _territoire(settings)
    cartes_recalculer()

    LieuAccueilFactory(commune=communes[0], nom="Maison France Services de la vallée")

    territoire.refresh_from_db()
    assert territoire.carte_svg is None
    contenu = client.get(URL_TERRITOIRE).content.decode()
    assert "Maison France Services de la vallée" in contenu
    territoire.refresh_from_db()
    assert "Maison France Services de la vallée" in territoire.carte_svg, "recalculée à la visite, et gardée"


def test_chaque_commune_de_la_carte_porte_son_nom_pour_l_etiquette(client, settings):
    territoire, communes = _territoire(settings)

    contenu = client.get(URL_TERRITOIRE).content.decode()

    for commune in communes:
        assert f'data-nom="{commune.nom}"' in contenu
    assert "data-carte-etiquettes" in contenu
    assert '<script src="/static/js/carte-etiquettes.js" defer></script>' in contenu
    assert "<script>" not in contenu.replace('<script src="', ""), "aucun script en ligne"


def test_chaque_type_de_lieu_a_sa_propre_forme():
    """La couleur ne distingue jamais seule deux types de lieux (RGAA 3.1)."""
    formes = [carte.style_lieu(type_lieu)[0] for type_lieu in TypeLieuAccueil]

    assert len(set(formes)) == len(formes)
    dessins = {carte.forme_repere(forme, 8, 8, 6) for forme in formes}
    assert len(dessins) == len(formes)


def test_les_lieux_d_une_meme_ville_ne_s_empilent_pas(settings):
    territoire, communes = _territoire(settings, nb_communes=2)
    cahors = communes[0]
    lieux = [LieuAccueilFactory(commune=cahors, type=type_lieu) for type_lieu in list(TypeLieuAccueil)[:8]]
    isole = LieuAccueilFactory(commune=communes[1])

    resultat = carte.carte_territoire(communes, lieux=[*lieux, isole])

    rayon = resultat.projection.largeur / 85
    centres = []
    for repere in resultat.reperes:
        points = [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", repere.d)]
        centres.append((sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)))
    assert len(centres) == 9
    for (xa, ya), (xb, yb) in itertools.combinations(centres, 2):
        assert math.hypot(xa - xb, ya - yb) > 1.8 * rayon, "deux repères se chevauchent"
    # Les lieux écartés sont reliés à leur position réelle ; le lieu isolé reste à sa place, sans trait.
    assert all(repere.trait for repere in resultat.reperes[:8])
    assert resultat.reperes[8].trait == ""


def test_la_carte_gardee_est_celle_du_territoire_demande(settings):
    territoire, _communes = _territoire(settings)
    autre, _ = _territoire(settings)

    svg = carte_du_territoire(Territoire.objects.get(pk=territoire.pk))

    autre.refresh_from_db()
    assert svg and autre.carte_svg is None


def test_des_lieux_voisins_mais_pas_superposes_ne_se_chevauchent_pas_non_plus():
    """Des lieux à quelques centaines de mètres (une ville-centre) : groupes voisins fusionnés, aucun chevauchement."""
    commune = CommuneFactory()
    lat, lon = commune.centroide_latitude, commune.centroide_longitude
    lieux = [
        LieuAccueilFactory(commune=commune, type=type_lieu, latitude=lat + 0.0015 * i, longitude=lon + 0.001 * (i % 3))
        for i, type_lieu in enumerate(list(TypeLieuAccueil)[:8])
    ]

    resultat = carte.carte_commune(commune, lieux=lieux)

    rayon = resultat.projection.largeur / 60
    centres = []
    for repere in resultat.reperes:
        points = [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", repere.d)]
        centres.append((sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)))
    for (xa, ya), (xb, yb) in itertools.combinations(centres, 2):
        assert math.hypot(xa - xb, ya - yb) > 1.8 * rayon, "deux repères se chevauchent"
