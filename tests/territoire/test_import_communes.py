import pytest
from django.core.management import CommandError, call_command

from territoire.enums import Canal, SourceLieu, TypeCommune, TypeEpci, TypeLieuAccueil
from territoire.importers.communes import ErreurImport, importer_communes
from territoire.models import Commune, Epci, LieuAccueil


def compter():
    return Epci.objects.count(), Commune.objects.count(), LieuAccueil.objects.count()


def coordonnees(geometrie):
    """Toutes les paires (longitude, latitude) d'un GeoJSON Polygon ou MultiPolygon."""
    polygones = geometrie["coordinates"] if geometrie["type"] == "MultiPolygon" else [geometrie["coordinates"]]
    return [point for polygone in polygones for anneau in polygone for point in anneau]


def test_cahors_arrive_avec_son_contour_son_epci_son_code_postal_et_sa_mairie():
    rapport = importer_communes(codes=["46042"])

    assert rapport.introuvables == []
    cahors = Commune.objects.get(code_insee="46042")
    assert cahors.type == TypeCommune.COMMUNE and cahors.nom == "Cahors" and cahors.departement == "46"
    assert cahors.population > 15_000
    assert cahors.codes_postaux == ["46000"]
    assert "Grand Cahors" in cahors.epci.nom
    assert cahors.epci.siren == "200023737" and cahors.epci.type == TypeEpci.COMMUNAUTE_AGGLOMERATION
    assert cahors.centroide_latitude == pytest.approx(44.45, abs=0.02)
    assert cahors.centroide_longitude == pytest.approx(1.44, abs=0.02)
    assert cahors.geometrie["type"] in ("Polygon", "MultiPolygon")
    points = coordonnees(cahors.geometrie)
    assert len(points) > 10
    assert all(round(valeur, 5) == valeur for point in points for valeur in point)
    assert cahors.mairie_horaires["lundi"] == [["08:30", "12:30"], ["13:30", "17:30"]]

    mairie = LieuAccueil.objects.get(source=SourceLieu.ANNUAIRE_MAIRIES, identifiant_source="46042")
    assert mairie.type == TypeLieuAccueil.MAIRIE
    assert mairie.nom == "Mairie de Cahors"
    assert mairie.commune == cahors
    assert mairie.code_postal == "46000" and "46000" not in mairie.adresse
    assert mairie.horaires == cahors.mairie_horaires
    assert mairie.latitude == pytest.approx(44.45, abs=0.02)
    assert mairie.canaux == [Canal.GUICHET, Canal.TELEPHONE, Canal.COURRIEL]


def test_les_articles_des_noms_de_communes_sont_restitues():
    importer_communes(codes=["46197", "46252"])

    assert Commune.objects.get(code_insee="46197").nom == "Le Montat"
    assert Commune.objects.get(code_insee="46252", type=TypeCommune.COMMUNE).nom == "Les Pechs du Vers"
    assert LieuAccueil.objects.get(identifiant_source="46197").nom == "Mairie du Montat"


def test_un_code_de_commune_deleguee_amene_sa_commune_nouvelle_et_inversement():
    importer_communes(codes=["46077"])

    cours = Commune.objects.get(code_insee="46077")
    assert cours.type == TypeCommune.DELEGUEE
    assert cours.parent.nom == "Bellefont-La Rauze" and cours.parent.code_insee == "46156"
    assert cours.commune_actuelle == cours.parent
    assert cours.departement == "46"
    # La commune nouvelle et l'ancienne Laroque-des-Arcs partagent le code 46156.
    assert set(Commune.objects.filter(code_insee="46156").values_list("type", "nom")) == {
        (TypeCommune.COMMUNE, "Bellefont-La Rauze"),
        (TypeCommune.DELEGUEE, "Laroque-des-Arcs"),
    }
    assert sorted(cours.parent.communes_deleguees.values_list("nom", flat=True)) == [
        "Cours",
        "Laroque-des-Arcs",
        "Valroufié",
    ]
    # Seule la commune actuelle a sa mairie comme lieu d'accueil.
    assert list(LieuAccueil.objects.values_list("identifiant_source", flat=True)) == ["46156"]


def test_relancer_l_import_ne_change_rien():
    importer_communes(codes=["46042", "46077"])
    avant = compter()

    rapport = importer_communes(codes=["46042", "46077"])

    assert (rapport.creees, rapport.mises_a_jour) == (0, 0)
    assert rapport.inchangees == sum(avant)
    assert compter() == avant


def test_seul_ce_qui_a_change_est_mis_a_jour():
    importer_communes(codes=["46042"])
    Commune.objects.filter(code_insee="46042").update(nom="Cahors-sur-Lot", codes_postaux=[])

    rapport = importer_communes(codes=["46042"])

    assert rapport.compteurs["communes"].mises_a_jour == 1
    assert rapport.compteurs["mairies"].mises_a_jour == 0
    cahors = Commune.objects.get(code_insee="46042")
    assert (cahors.nom, cahors.codes_postaux) == ("Cahors", ["46000"])


def test_les_codes_inconnus_sont_signales_sans_bloquer_les_autres():
    rapport = importer_communes(codes=["99999", "46042"])

    assert rapport.introuvables == ["99999"]
    assert Commune.objects.filter(code_insee="46042").exists()
    assert "99999" in str(rapport)


@pytest.mark.parametrize(
    "perimetre", [{}, {"codes": ["46042"], "departements": ["46"]}, {"codes": ["46042"], "tout": True}]
)
def test_il_faut_exactement_un_perimetre(perimetre):
    with pytest.raises(ErreurImport, match="exactement un périmètre"):
        importer_communes(**perimetre)


def test_le_lot_entier_s_importe_et_se_reimporte_a_l_identique():
    etapes = []

    rapport = importer_communes(departements=["46"], progression=lambda faites, total: etapes.append((faites, total)))

    actuelles = Commune.objects.actuelles().filter(departement="46")
    assert actuelles.count() > 300
    assert Commune.objects.filter(parent__departement="46").count() > 30
    assert actuelles.filter(geometrie__isnull=True).count() == 0
    assert LieuAccueil.objects.filter(type=TypeLieuAccueil.MAIRIE).count() > 300
    assert rapport.compteurs["communes"].creees == Commune.objects.count()
    assert etapes[-1][0] == etapes[-1][1] == Commune.objects.count()

    avant = compter()
    rapport = importer_communes(departements=["46"])
    assert (rapport.creees, rapport.mises_a_jour) == (0, 0)
    assert compter() == avant


def test_la_commande_importe_des_codes_et_affiche_le_rapport(capsys):
    call_command("importer_communes", "--codes", "46042", "46007")

    sortie = capsys.readouterr()
    assert "Communes : 2 création(s)" in sortie.out
    # Hors terminal (journal de make, CI), une seule ligne de progression, terminée par un saut de ligne.
    assert sortie.err == "Communes : 2/2\n"
    assert Commune.objects.count() == 2


def test_la_commande_exige_un_perimetre():
    with pytest.raises(CommandError, match="--departement --codes --tout"):
        call_command("importer_communes")
