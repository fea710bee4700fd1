"""Le contenu de démonstration du séminaire : valide, cohérent, et ses erreurs situées (fichier, ligne, champ)."""

import shutil

import pytest

from demo.chargeur import DonneesInvalides
from demo.contenu import DOSSIER_CAHORS
from demo.seminaire import seminaire_lire


def test_le_seminaire_de_demo_se_lit():
    prevu = seminaire_lire()
    assert prevu.seminaire["date"] == "2018-02-07"
    assert 45 <= len(prevu.participants) <= prevu.seminaire["capacite"]
    assert len(prevu.seminaire["ateliers"]) == 8
    assert [r["persona"] for r in prevu.seminaire["retenues"]] == ["sarah", "sebastien", "roseline"]
    assert all(len(e["cycles"]) == 4 for e in prevu.equipes)
    assert sum(len(lettre["engagements"]) for lettre in prevu.engagements) >= 32


def test_une_erreur_de_renvoi_est_situee(tmp_path):
    dossier = tmp_path / "cahors-2018"
    shutil.copytree(DOSSIER_CAHORS, dossier)
    chemin = dossier / "participants.yaml"
    texte = chemin.read_text(encoding="utf-8")
    debut = texte.index("  voix: [")
    chemin.write_text(texte[:debut] + texte[debut:].replace("-1", "-99", 1), encoding="utf-8")
    chemin = dossier / "equipes.yaml"
    chemin.write_text(
        chemin.read_text(encoding="utf-8").replace("fin: 2018-02-23", "fin: 2018-03-23", 1), encoding="utf-8"
    )
    with pytest.raises(DonneesInvalides) as erreur:
        seminaire_lire(dossier)
    message = str(erreur.value)
    assert "participants.yaml, ligne" in message and "-99 » ne désigne aucun engagement" in message
    assert "equipes.yaml, ligne" in message and "7 à 14 jours (ici 40)" in message
