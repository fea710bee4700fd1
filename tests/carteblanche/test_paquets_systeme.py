"""Les paquets système : installés quand c'est possible, sinon une seule commande à lancer, et WeasyPrint marche.

Les scénarios du script tournent sur de faux dpkg-query, apt-get et sudo placés en tête du PATH : aucun
paquet n'est installé pour de vrai, et root ou pas est décidé par le test.
"""

import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts import paquets_systeme

RACINE = Path(__file__).resolve().parents[2]
PDF = list(paquets_systeme.PDF.paquets)

FAUX_DPKG_QUERY = """#!/bin/sh
code=0
for p in "$@"; do
  case $p in -*) continue ;; esac
  if grep -qx "$p" "$FAUX_INSTALLES"; then echo "$p installed"
  else echo "dpkg-query: no packages found matching $p" >&2; code=1; fi
done
exit $code
"""
FAUX_APT_GET = """#!/bin/sh
echo "$DEBIAN_FRONTEND $*" >> "$FAUX_JOURNAL"
[ -n "$FAUX_APT_ECHOUE" ] && exit 100
if [ "$1" = install ]; then
  for p in "$@"; do case $p in -*|install) ;; *) echo "$p" >> "$FAUX_INSTALLES" ;; esac; done
fi
exit 0
"""
SUDO_REFUSE = """#!/bin/sh
echo "sudo: a password is required" >&2
exit 1
"""
SUDO_ACCEPTE = """#!/bin/sh
[ "$1" = -n ] && shift
echo "sudo $*" >> "$FAUX_JOURNAL"
exec "$@"
"""


@dataclass
class Machine:
    bin: Path
    installes: Path
    journal: Path

    def installer(self, *paquets):
        with self.installes.open("a") as fichier:
            fichier.writelines(f"{paquet}\n" for paquet in paquets)

    def commande(self, nom, script):
        chemin = self.bin / nom
        chemin.write_text(script)
        chemin.chmod(0o755)

    def appels(self):
        return self.journal.read_text().splitlines() if self.journal.exists() else []


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """Debian sans aucun paquet du projet, utilisateur ordinaire sans sudo, module venv présent."""
    machine = Machine(bin=tmp_path / "bin", installes=tmp_path / "installes", journal=tmp_path / "journal")
    machine.bin.mkdir()
    machine.installes.touch()
    machine.commande("dpkg-query", FAUX_DPKG_QUERY)
    machine.commande("apt-get", FAUX_APT_GET)
    machine.commande("sudo", SUDO_REFUSE)
    # Un PATH à part : les vrais chromium, redis-server, etc. de la machine de test n'y sont pas.
    for outil in ("env", "grep", "true"):
        (machine.bin / outil).symlink_to(shutil.which(outil))
    monkeypatch.setenv("PATH", str(machine.bin))
    monkeypatch.setenv("FAUX_INSTALLES", str(machine.installes))
    monkeypatch.setenv("FAUX_JOURNAL", str(machine.journal))
    monkeypatch.delenv("CARTEBLANCHE_PAQUETS_SYSTEME", raising=False)
    monkeypatch.setattr(paquets_systeme, "est_root", lambda: False)
    monkeypatch.setattr(paquets_systeme, "ensurepip_present", lambda: True)
    return machine


def test_sans_droits_rien_n_est_installe_et_une_seule_commande_est_donnee(machine, capsys):
    machine.installer("libpango-1.0-0")

    assert paquets_systeme.main([]) == 0  # le site tourne quand même, sans PDF

    assert machine.appels() == []
    erreur = capsys.readouterr().err
    assert "ni root, ni sudo sans mot de passe" in erreur
    assert "pas de lettres ni de documents en PDF (WeasyPrint)" in erreur
    assert erreur.count("apt-get") == 1
    assert (
        "\n  sudo apt-get install --no-install-recommends libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core\n"
        in erreur
    )


def test_en_root_installe_ce_qui_manque_sans_question(machine, monkeypatch, capsys):
    monkeypatch.setattr(paquets_systeme, "est_root", lambda: True)
    machine.installer("libpango-1.0-0", "fonts-dejavu-core")

    assert paquets_systeme.main([]) == 0

    assert machine.appels() == [
        "noninteractive update -qq",
        "noninteractive install -y -qq --no-install-recommends libpangoft2-1.0-0 libharfbuzz-subset0",
    ]
    assert paquets_systeme.paquets_manquants([paquets_systeme.PDF]) == []
    assert capsys.readouterr().err == ""


def test_sudo_sans_mot_de_passe_suffit_pour_installer(machine, capsys):
    machine.commande("sudo", SUDO_ACCEPTE)

    assert paquets_systeme.main([]) == 0

    appels = machine.appels()
    assert appels[0] == "sudo true"
    assert (
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends " + " ".join(PDF)
        in appels
    )
    assert paquets_systeme.paquets_manquants([paquets_systeme.PDF]) == []
    assert capsys.readouterr().err == ""


def test_quand_rien_ne_manque_rien_n_est_lance(machine, monkeypatch, capsys):
    monkeypatch.setattr(paquets_systeme, "est_root", lambda: True)
    machine.installer(*PDF)

    assert paquets_systeme.main([]) == 0

    assert machine.appels() == []
    assert capsys.readouterr() == ("", "")


def test_si_apt_get_echoue_la_commande_est_donnee_et_make_continue(machine, monkeypatch, capsys):
    monkeypatch.setattr(paquets_systeme, "est_root", lambda: True)
    monkeypatch.setenv("FAUX_APT_ECHOUE", "1")

    assert paquets_systeme.main([]) == 0

    erreur = capsys.readouterr().err
    assert "apt-get a échoué" in erreur
    assert f"\n  apt-get install --no-install-recommends {' '.join(PDF)}\n" in erreur  # root : sans sudo


@pytest.mark.parametrize(("argv", "env"), [(["--afficher"], None), ([], "afficher")])
def test_afficher_n_installe_jamais_meme_en_root(machine, monkeypatch, capsys, argv, env):
    monkeypatch.setattr(paquets_systeme, "est_root", lambda: True)
    if env:
        monkeypatch.setenv("CARTEBLANCHE_PAQUETS_SYSTEME", env)

    assert paquets_systeme.main(argv) == 0

    assert machine.appels() == []
    assert f"apt-get install --no-install-recommends {' '.join(PDF)}" in capsys.readouterr().err


def test_exiger_echoue_tant_qu_un_paquet_manque(machine):
    assert paquets_systeme.main(["--exiger"]) == 1


def test_ci_ajoute_chromium_redis_postgresql_et_node_sauf_deja_presents(machine, capsys):
    machine.commande("npm", "#!/bin/sh\n")  # Node.js installé hors apt (NodeSource) : ne pas le réinstaller
    machine.commande("node", "#!/bin/sh\n")

    assert paquets_systeme.main(["--ci"]) == 1  # la CI échoue tôt plutôt que d'ignorer des tests

    erreur = capsys.readouterr().err
    commande = re.search(r"^  sudo apt-get install --no-install-recommends (.+)$", erreur, re.MULTILINE)
    assert commande.group(1).split() == [*PDF, "chromium", "redis-server", "postgresql"]
    assert "les tests d'accessibilité dans le navigateur sont ignorés" in erreur


def test_sans_le_module_venv_make_s_arrete_en_nommant_son_paquet(machine, monkeypatch, capsys):
    monkeypatch.setattr(paquets_systeme, "ensurepip_present", lambda: False)
    venv = f"python{sys.version_info.major}.{sys.version_info.minor}-venv"

    assert paquets_systeme.main([]) == 1

    erreur = capsys.readouterr().err
    assert f"sudo apt-get install --no-install-recommends {venv} {' '.join(PDF)}" in erreur
    assert "make ne peut pas créer l'environnement virtuel .venv" in erreur


def test_hors_debian_la_ci_refuse_plutot_que_de_deviner(machine, monkeypatch):
    (machine.bin / "apt-get").unlink()

    assert paquets_systeme.paquets_manquants([paquets_systeme.PDF]) is None
    assert paquets_systeme.main(["--ci"]) == 1


def test_la_liste_des_paquets_n_est_ecrite_qu_a_un_seul_endroit():
    paquets = {paquet for groupe in (paquets_systeme.PDF, *paquets_systeme.CI) for paquet in groupe.paquets}
    for fichier in (".ci/run", "Makefile", "Dockerfile"):
        texte = (RACINE / fichier).read_text().replace("\\\n", " ")
        assert "scripts/paquets_systeme.py" in texte, fichier
        for installation in re.findall(r"apt-get install ([^&;|\n]+)", texte):
            repetes = paquets.intersection(installation.split())
            assert not repetes, f"{fichier} installe {repetes} lui-même : la liste vit dans scripts/paquets_systeme.py"


@pytest.mark.weasyprint
def test_avec_les_paquets_declares_weasyprint_produit_un_pdf_a_police_embarquee():
    # Ignoré seulement si les paquets de PDF manquent ; s'ils sont là et ne suffisent pas, ce test échoue.
    from weasyprint import HTML
    from weasyprint.text import ffi

    assert ffi.harfbuzz_subset is not None, "HarfBuzz subset introuvable : WeasyPrint retombe sur fontTools"

    pdf = HTML(string="<p>Lettre d’engagement de Roseline : Cahors, 2018</p>").write_pdf(uncompressed_pdf=True)

    assert pdf.startswith(b"%PDF-")
    assert re.search(rb"/BaseFont /[A-Z]{6}\+", pdf), "aucune police embarquée en sous-ensemble : fontconfig vide ?"
    assert re.search(rb"/FontFile[23]?\b", pdf)
