"""La carte SVG : projection, chemins, couleurs et repères."""

import math
import re
from types import SimpleNamespace

import pytest

from territoire import carte
from territoire.enums import TypeLieuAccueil
from tests.territoire.factories import CommuneDelegueeFactory, CommuneFactory, EpciFactory, LieuAccueilFactory, carre

CARRE = {"type": "Polygon", "coordinates": [[[1.0, 44.0], [1.1, 44.0], [1.1, 44.1], [1.0, 44.1], [1.0, 44.0]]]}
CARRE_TROUE = {
    "type": "Polygon",
    "coordinates": [
        [[1.0, 44.0], [1.1, 44.0], [1.1, 44.1], [1.0, 44.1], [1.0, 44.0]],
        [[1.04, 44.04], [1.06, 44.04], [1.06, 44.06], [1.04, 44.06], [1.04, 44.04]],
    ],
}


def sommets(d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", d)]


def contraste_avec_le_blanc(couleur: str) -> float:
    def canal(valeur):
        valeur /= 255
        return valeur / 12.92 if valeur <= 0.03928 else ((valeur + 0.055) / 1.055) ** 2.4

    r, g, b = (int(couleur[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * canal(r) + 0.7152 * canal(g) + 0.0722 * canal(b)
    return 1.05 / (luminance + 0.05)


def test_la_projection_fait_tenir_les_contours_dans_le_viewbox():
    projection = carte.projection_pour([CARRE, carre(3), carre(40)], largeur=800, marge=12)

    points = sommets(carte.chemin(CARRE, projection) + carte.chemin(carre(40), projection))
    assert all(12 - 0.1 <= x <= 800 - 12 + 0.1 for x, _ in points)
    assert all(12 - 0.1 <= y <= projection.hauteur - 12 + 0.1 for _, y in points)
    assert projection.viewbox == f"0 0 800 {carte._nombre(projection.hauteur)}"


def test_la_projection_est_equirectangulaire_et_le_nord_en_haut():
    projection = carte.projection_pour([CARRE])

    (x0, y0), (x1, _), (_, y2) = sommets(carte.chemin(CARRE, projection))[:3]
    largeur, hauteur = x1 - x0, y0 - y2
    # Un carré de 0,1° × 0,1° à 44,05° de latitude est cos(44,05°) fois moins large que haut.
    assert largeur / hauteur == pytest.approx(math.cos(math.radians(44.05)), rel=0.01)
    assert y2 < y0  # la latitude croît vers le haut de la carte


def test_un_polygone_troue_donne_deux_sous_chemins():
    d = carte.chemin(CARRE_TROUE, carte.projection_pour([CARRE_TROUE]))

    assert d.count("M") == 2 and d.count("Z") == 2


def test_un_multipolygone_donne_un_sous_chemin_par_polygone():
    multi = {"type": "MultiPolygon", "coordinates": [CARRE["coordinates"], carre(1)["coordinates"]]}

    d = carte.chemin(multi, carte.projection_pour([multi]))

    assert d.count("M") == 2


@pytest.mark.parametrize(
    "geometrie",
    [None, {}, "POLYGON((0 0))", {"type": "Point", "coordinates": [1, 44]}, {"type": "Polygon", "coordinates": "?"}],
)
def test_une_geometrie_absente_ou_illisible_ne_dessine_rien(geometrie):
    assert carte.polygones(geometrie) == []
    assert carte.chemin(geometrie, carte.projection_pour([CARRE])) == ""
    assert carte.projection_pour([geometrie]) is None


def test_les_couleurs_des_epci_contrastent_avec_les_frontieres_blanches():
    couleurs = [couleur for _nom, couleur in (*carte.PALETTE_EPCI, carte.COULEUR_SANS_EPCI)]

    assert len(set(couleurs)) == len(couleurs)
    for couleur in couleurs:
        assert contraste_avec_le_blanc(couleur) >= 3, couleur


def test_chaque_epci_a_sa_couleur_et_les_communes_sans_epci_sont_grises():
    epcis = [SimpleNamespace(pk=i) for i in (7, 3, 9)]

    couleurs = carte.couleurs_par_epci([*epcis, None, epcis[0]])

    assert [couleurs[e.pk] for e in epcis] == list(carte.PALETTE_EPCI[:3])
    assert couleurs[None] == carte.COULEUR_SANS_EPCI


def test_chaque_type_de_lieu_a_un_repere_reconnaissable():
    reperes = {type_lieu: carte.style_lieu(type_lieu) for type_lieu in TypeLieuAccueil}

    assert len(set(reperes.values())) == len(reperes)
    formes = {forme for forme, _couleur in reperes.values()}
    assert len({carte.forme_repere(forme, 8, 8, 6) for forme in formes}) == len(formes)


def test_la_carte_du_territoire_relie_chaque_commune_a_sa_fiche():
    epci = EpciFactory()
    communes = CommuneFactory.create_batch(3, epci=epci) + [CommuneFactory(epci=None, geometrie=None)]
    ancienne = CommuneDelegueeFactory(parent=communes[0])
    lieux = [LieuAccueilFactory(commune=communes[1]), LieuAccueilFactory(commune=communes[2], latitude=None)]

    resultat = carte.carte_territoire(
        communes, anciennes_communes=[ancienne], lieux=lieux, couleurs=carte.couleurs_par_epci([epci])
    )

    assert [zone.url for zone in resultat.zones] == [c.get_absolute_url() for c in communes[:3]]
    assert {zone.couleur for zone in resultat.zones} == {carte.PALETTE_EPCI[0][1]}
    assert resultat.avec_liens
    assert len(resultat.limites) == 1
    assert len(resultat.reperes) == 1 and lieux[0].nom in resultat.reperes[0].titre


def test_la_carte_d_une_commune_n_a_pas_de_lien_et_montre_sa_mairie():
    commune = CommuneFactory()
    commune.mairie_latitude, commune.mairie_longitude = commune.centroide_latitude, commune.centroide_longitude

    resultat = carte.carte_commune(commune, lieux=[LieuAccueilFactory(commune=commune)])

    assert len(resultat.zones) == 1 and not resultat.avec_liens
    assert f"Mairie de {commune.nom}" in [repere.titre for repere in resultat.reperes]
    assert resultat.projection.largeur == 400


def test_un_lieu_mal_geolocalise_ne_deforme_pas_la_carte():
    commune = CommuneFactory()
    attendue = carte.projection_pour([commune.geometrie], largeur=400, marge=10)

    resultat = carte.carte_commune(commune, lieux=[LieuAccueilFactory(commune=commune, latitude=0.0, longitude=0.0)])

    assert resultat.projection == attendue
    assert resultat.reperes == []


def test_sans_aucun_contour_il_n_y_a_pas_de_carte():
    assert carte.carte_territoire([CommuneFactory(geometrie=None)]) is None
