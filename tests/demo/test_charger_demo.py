import pytest
from django.core.management import CommandError, call_command

from comptes.models import User
from experimentations.models import Experimentation, Phase
from territoire.models import LieuAccueil


@pytest.fixture
def territoire_cahors():
    call_command("importer_territoire", verbosity=0)


def compter():
    return (Experimentation.objects.count(), Phase.objects.count(), LieuAccueil.objects.count(), User.objects.count())


def test_la_demo_se_charge_et_se_recharge_sans_rien_changer(territoire_cahors, settings, capsys):
    settings.DEMO_ACCOUNTS_ENABLED = True
    call_command("charger_demo")
    apres_premier = compter()
    call_command("charger_demo")
    assert compter() == apres_premier

    experimentation = Experimentation.objects.get(slug="cahors-2018")
    assert experimentation.territoire.appartenances.count() == 63
    assert [p.type for p in experimentation.phases.order_by("date_debut")] == [
        "diagnostic",
        "seminaire",
        "co_construction",
        "suivi",
    ]
    assert str(experimentation.date_echeance_promesses) == "2018-12-31"
    animatrice = User.objects.get(username="animatrice")
    assert animatrice.is_facilitateur and animatrice.is_staff
    assert User.objects.get(username="agent").is_agent
    assert "animatrice" in capsys.readouterr().out


def test_pas_de_compte_de_demo_quand_les_reglages_les_interdisent(territoire_cahors, settings, capsys):
    settings.DEMO_ACCOUNTS_ENABLED = False
    call_command("charger_demo")
    assert not User.objects.exists()
    assert "Aucun compte de démonstration" in capsys.readouterr().out


def test_sans_territoire_la_demo_dit_quoi_faire():
    with pytest.raises(CommandError, match="importer_territoire"):
        call_command("charger_demo")
