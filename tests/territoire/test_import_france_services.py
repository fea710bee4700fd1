import csv
import io

import pytest
from django.core.management import call_command

from territoire.enums import Canal, SourceLieu, TypeLieuAccueil
from territoire.importers.communes import ErreurImport, importer_communes
from territoire.importers.france_services import importer_france_services
from territoire.models import Commune, LieuAccueil

COLONNES = [
    "id_fs",
    "insee_dep",
    "lib_fs",
    "adresse",
    "complement_adresse",
    "insee_com",
    "code_postal",
    "lib_com",
    "latitude",
    "longitude",
    "mail",
    "telephone",
    "h_lundi",
    "h_mardi",
    "h_mercredi",
    "h_jeudi",
    "h_vendredi",
    "h_samedi",
    "prise_rdv",
    "commentaire",
    "type_fs",
    "format_fs",
    "groupe_fs",
    "labellisation_fs",
]

BUS_DE_CAHORS = {
    "id_fs": "9001",
    "insee_dep": "46",
    "lib_fs": "Bus France services du Grand Cahors",
    "adresse": "72 rue du Président Wilson",
    "complement_adresse": "Hôtel Wilson",
    "insee_com": "46042",
    "code_postal": "46000",
    "lib_com": "Cahors",
    "latitude": "44.44622",
    "longitude": "1.439927",
    "mail": "bus@example.org",
    "telephone": "05 00 00 00 00",
    "h_lundi": "09:00 - 12:00 / 14:00 - 17:15",
    "h_mercredi": "9h15 - 12h30",
    "prise_rdv": "Oui",
    "type_fs": "Principal",
    "format_fs": "Bus_équivalent",
}


def csv_france_services(*lignes: dict, colonnes=COLONNES, separateur=",") -> str:
    sortie = io.StringIO()
    ecrivain = csv.DictWriter(sortie, fieldnames=colonnes, delimiter=separateur, lineterminator="\n")
    ecrivain.writeheader()
    for ligne in lignes:
        ecrivain.writerow({colonne: ligne.get(colonne, "") for colonne in colonnes})
    return sortie.getvalue()


@pytest.fixture
def communes():
    importer_communes(codes=["46042", "46064"])


@pytest.fixture
def fichier_mixte(tmp_path):
    fichier = tmp_path / "france-services.csv"
    fichier.write_text(
        csv_france_services(
            BUS_DE_CAHORS,
            {**BUS_DE_CAHORS, "id_fs": "9002", "insee_com": "46999", "lib_fs": "Nulle part"},
            {**BUS_DE_CAHORS, "id_fs": "9003", "latitude": "abc"},
            {**BUS_DE_CAHORS, "id_fs": "9004", "h_mardi": "n'importe quoi"},
        ),
        encoding="utf-8",
    )
    return fichier


def test_les_bonnes_lignes_sont_importees_les_mauvaises_rapportees(communes, fichier_mixte):
    rapport = importer_france_services(fichier_mixte)

    lieu = LieuAccueil.objects.get(source=SourceLieu.FRANCE_SERVICES)
    assert lieu.identifiant_source == "9001"
    assert lieu.type == TypeLieuAccueil.FRANCE_SERVICES
    assert lieu.commune == Commune.objects.get(code_insee="46042")
    assert lieu.adresse == "72 rue du Président Wilson\nHôtel Wilson"
    assert (lieu.code_postal, lieu.latitude, lieu.longitude) == ("46000", 44.44622, 1.439927)
    assert lieu.horaires == {"lundi": [["09:00", "12:00"], ["14:00", "17:15"]], "mercredi": [["09:15", "12:30"]]}
    assert lieu.canaux == [Canal.GUICHET, Canal.RENDEZ_VOUS, Canal.ITINERANT, Canal.TELEPHONE, Canal.COURRIEL]

    assert rapport.creees == 1
    assert [(rejet.ligne, rejet.identifiant) for rejet in rapport.rejets] == [(3, "9002"), (4, "9003"), (5, "9004")]
    motifs = [rejet.motif for rejet in rapport.rejets]
    assert "code INSEE inconnu « 46999 »" in motifs[0]
    assert "latitude « abc » n'est pas un nombre" in motifs[1]
    assert "horaires du mardi" in motifs[2] and "n'importe quoi" in motifs[2]
    assert str(rapport.rejets[1]) == "ligne 4 (id 9003) : latitude « abc » n'est pas un nombre"


def test_relancer_l_import_ne_change_rien(communes, fichier_mixte):
    importer_france_services(fichier_mixte)

    rapport = importer_france_services(fichier_mixte)

    assert (rapport.creees, rapport.mises_a_jour, rapport.inchangees) == (0, 0, 1)
    assert LieuAccueil.objects.filter(source=SourceLieu.FRANCE_SERVICES).count() == 1


def test_une_colonne_obligatoire_absente_n_importe_rien(communes, tmp_path):
    fichier = tmp_path / "incomplet.csv"
    colonnes = [colonne for colonne in COLONNES if colonne != "insee_com"]
    fichier.write_text(csv_france_services(BUS_DE_CAHORS, colonnes=colonnes), encoding="utf-8")

    with pytest.raises(ErreurImport, match="Colonnes obligatoires absentes de l'en-tête : insee_com"):
        importer_france_services(fichier)

    assert not LieuAccueil.objects.filter(source=SourceLieu.FRANCE_SERVICES).exists()


def test_point_virgule_et_bom_sont_acceptes(communes):
    contenu = "\ufeff" + csv_france_services(BUS_DE_CAHORS, separateur=";")

    rapport = importer_france_services(io.BytesIO(contenu.encode("utf-8")))

    assert rapport.rejets == []
    assert LieuAccueil.objects.get(source=SourceLieu.FRANCE_SERVICES).nom == "Bus France services du Grand Cahors"


def test_les_numeros_de_ligne_suivent_le_fichier_meme_avec_une_adresse_sur_deux_lignes(communes):
    contenu = csv_france_services(
        {**BUS_DE_CAHORS, "adresse": "72 rue du Président Wilson\nBâtiment B"},
        {**BUS_DE_CAHORS, "id_fs": "9002", "longitude": "200"},
        {**BUS_DE_CAHORS, "id_fs": "9001"},
        {**BUS_DE_CAHORS, "id_fs": "", "lib_fs": ""},
    )

    rapport = importer_france_services(io.StringIO(contenu))

    assert [str(rejet) for rejet in rapport.rejets] == [
        "ligne 4 (id 9002) : longitude 200.0 hors des limites (entre -180 et 180)",
        "ligne 5 (id 9001) : identifiant déjà présent ligne 2",
        "ligne 6 : valeur obligatoire manquante : identifiant (id_fs), nom (lib_fs)",
    ]


def test_sans_l_option_stricte_les_communes_manquantes_sont_importees(communes):
    catus = {**BUS_DE_CAHORS, "id_fs": "582", "insee_com": "46148", "format_fs": "Fixe", "prise_rdv": "Non"}

    rapport = importer_france_services(io.StringIO(csv_france_services(catus)), communes_connues_seulement=False)

    assert rapport.rejets == []
    lieu = LieuAccueil.objects.get(source=SourceLieu.FRANCE_SERVICES)
    assert lieu.commune.nom == "Lalbenque"
    assert lieu.canaux == [Canal.GUICHET, Canal.TELEPHONE, Canal.COURRIEL]


def test_un_code_de_commune_deleguee_rattache_le_lieu_a_la_commune_nouvelle():
    importer_communes(codes=["46077"])
    cours = {**BUS_DE_CAHORS, "insee_com": "46077"}

    importer_france_services(io.StringIO(csv_france_services(cours)))

    assert LieuAccueil.objects.get(source=SourceLieu.FRANCE_SERVICES).commune.nom == "Bellefont-La Rauze"


def test_la_commande_dit_combien_de_lignes_sont_rejetees(communes, fichier_mixte, capsys):
    call_command("importer_lieux_france_services", str(fichier_mixte))

    sortie = capsys.readouterr().out
    assert "Lieux France Services : 1 création(s)" in sortie
    assert "3 ligne(s) rejetée(s)" in sortie
    assert "ligne 3 (id 9002) : code INSEE inconnu" in sortie
