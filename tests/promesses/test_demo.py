import datetime

import pytest

from demo.chargeur import DonneesInvalides
from demo.suivi import SuiviPrevu, suivi_charger, suivi_lire
from promesses.enums import StatutPromesse
from promesses.models import InstantanePromesse, PointAvancement, Promesse
from tests.promesses.factories import EngagementFactory, lettre_complete, promesse_annoncee


def test_le_suivi_de_la_demo_est_valide_et_finit_sur_un_melange_realiste():
    prevu = suivi_lire()
    assert len(prevu.promesses) >= 30
    finals = [entree["points"][-1] for entree in prevu.promesses]
    statuts = {point["statut"] for point in finals}
    assert {"tenue", "partiellement_tenue", "abandonnee", "en_cours"} <= statuts
    assert all(point["date"] <= "2018-12-31" for entree in prevu.promesses for point in entree["points"])


def test_un_fichier_faux_est_refuse(tmp_path):
    (tmp_path / "suivi.yaml").write_text(
        "- persona: roseline\n  numero: 1\n  points:\n  - {date: 2018-13-01, avancement: 120, statut: en_retard, "
        "commentaire: x}\n",
        encoding="utf-8",
    )
    with pytest.raises(DonneesInvalides) as exc:
        suivi_lire(tmp_path)
    message = str(exc.value)
    assert "date" in message and "avancement" in message and "statut" in message


def test_le_chargeur_ecrit_points_et_instantanes_quotidiens_une_seule_fois(settings):
    settings.PROMESSES_DATE_REFERENCE = datetime.date(2019, 3, 1)
    lettre = lettre_complete(prenom="Roseline", slug="roseline")
    experimentation = lettre.atelier.seminaire.experimentation
    p1 = promesse_annoncee(EngagementFactory(lettre=lettre, numero=1))
    p2 = promesse_annoncee(EngagementFactory(lettre=lettre, numero=2, echeance=datetime.date(2018, 6, 30)))
    prevu = SuiviPrevu(
        promesses=[
            {
                "persona": "roseline",
                "numero": 1,
                "contact": "Mme Martin",
                "jalons": [{"titre": "Essai", "echeance": "2018-05-31", "fait_le": "2018-05-20"}],
                "points": [
                    {"date": "2018-03-01", "avancement": 40, "statut": "en_cours", "commentaire": "Essai"},
                    {"date": "2018-10-01", "avancement": 100, "statut": "tenue", "commentaire": "Fait"},
                ],
            },
            {
                "persona": "roseline",
                "numero": 2,
                "points": [{"date": "2018-04-01", "avancement": 30, "statut": "en_cours", "commentaire": "Lent"}],
            },
        ]
    )
    chiffres = suivi_charger(experimentation=experimentation, prevu=prevu)
    jours = (datetime.date(2018, 12, 31) - datetime.date(2018, 2, 7)).days
    assert chiffres == {"promesses": 2, "points": 3, "instantanes": 2 * jours}
    p1.refresh_from_db()
    p2.refresh_from_db()
    assert (p1.statut, p1.avancement, p1.contact_nom) == (StatutPromesse.TENUE, 100, "Mme Martin")
    assert p2.statut == StatutPromesse.EN_RETARD
    instantane = InstantanePromesse.objects.get(promesse=p1, date=datetime.date(2018, 6, 1))
    assert instantane.avancement == 40
    assert InstantanePromesse.objects.get(promesse=p2, date=datetime.date(2018, 7, 1)).statut == "en_retard"
    assert InstantanePromesse.objects.get(promesse=p2, date=datetime.date(2018, 6, 30)).statut == "en_cours"
    # Rejoué : rien ne change.
    assert suivi_charger(experimentation=experimentation, prevu=prevu)["points"] == 0
    assert PointAvancement.objects.count() == 3 and Promesse.objects.count() == 2
