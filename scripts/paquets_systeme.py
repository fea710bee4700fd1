"""Paquets système (Debian/Ubuntu) dont Carte Blanche a besoin : la seule liste, et son installation.

    python3 scripts/paquets_systeme.py            ce qu'il faut pour `make run` et `make test`
    python3 scripts/paquets_systeme.py --ci       en plus Chromium, Redis, PostgreSQL et Node.js (.ci/run)
    python3 scripts/paquets_systeme.py --afficher  n'installe rien, dit seulement ce qui manque
    python3 scripts/paquets_systeme.py --exiger    échoue si un paquet manque encore (image Docker)

`make` le lance avant de créer `.venv` (stdlib seulement). Ce qui manque est installé avec apt-get
quand c'est possible (root, ou `sudo -n` sans mot de passe) ; sinon le script affiche la commande
unique à lancer et ce qui ne marchera pas sans ces paquets. CARTEBLANCHE_PAQUETS_SYSTEME=afficher
équivaut à --afficher (pour qui ne veut pas que make lance apt-get).

Code de sortie : 1 s'il manque un paquet indispensable (sans lui `make` ne peut pas aller plus loin ;
avec --ci ou --exiger, tout l'est), 0 sinon — sans les bibliothèques de WeasyPrint, le site tourne quand même.
"""

import argparse
import ctypes.util
import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Groupe:
    paquets: tuple[str, ...]
    sans_eux: str  # ce qui ne marche pas tant qu'ils manquent
    indispensable: bool = False
    # Un paquet dont la commande est déjà là (installée autrement qu'avec apt) ne manque pas.
    commandes: dict[str, str] = field(default_factory=dict)


# WeasyPrint : Pango (et PangoFT2), HarfBuzz subset (polices embarquées en sous-ensemble, ~2,5 fois plus
# rapide que le repli fontTools) et au moins une police pour fontconfig.
PDF = Groupe(
    paquets=("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"),
    sans_eux="pas de lettres ni de documents en PDF (WeasyPrint) ; les tests qui en ont besoin sont signalés ignorés",
)

# Ce que la CI ajoute pour que rien ne soit ignoré ; .ci/run démarre ensuite PostgreSQL et Redis.
CI = (
    Groupe(
        paquets=("chromium",),
        sans_eux="les tests d'accessibilité dans le navigateur sont ignorés",
        commandes={"chromium": "chromium"},
    ),
    Groupe(
        paquets=("nodejs", "npm"),
        sans_eux="axe-core (npm) manque aux tests d'accessibilité",
        commandes={"nodejs": "node", "npm": "npm"},
    ),
    Groupe(
        paquets=("redis-server",),
        sans_eux="les tests Redis (Celery, cache) sont ignorés",
        commandes={"redis-server": "redis-server"},
    ),
    Groupe(
        paquets=("postgresql",),
        sans_eux="les tests PostgreSQL sont ignorés",
        commandes={"postgresql": "pg_ctlcluster"},
    ),
)

DOC_WEASYPRINT = "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html"


def ensurepip_present() -> bool:
    return importlib.util.find_spec("ensurepip") is not None


def venv() -> Groupe:
    """Debian sépare le module venv (ensurepip) de Python : sans lui, `python3 -m venv` échoue."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return Groupe(
        paquets=(f"python{version}-venv",),
        sans_eux="make ne peut pas créer l'environnement virtuel .venv",
        indispensable=True,
    )


def groupes_demandes(*, ci: bool) -> list[Groupe]:
    groupes = [] if ensurepip_present() else [venv()]
    groupes.append(PDF)
    if ci:
        groupes.extend(CI)
    return groupes


def avec_apt() -> bool:
    return bool(shutil.which("apt-get") and shutil.which("dpkg-query"))


def paquets_installes(paquets: list[str]) -> set[str]:
    # dpkg-query sort en erreur pour un paquet inconnu mais écrit quand même les autres.
    resultat = subprocess.run(
        ["dpkg-query", "--show", "--showformat=${Package} ${db:Status-Status}\\n", *paquets],
        capture_output=True,
        text=True,
    )
    return {ligne.split()[0] for ligne in resultat.stdout.splitlines() if ligne.endswith(" installed")}


def paquets_manquants(groupes: list[Groupe]) -> list[str] | None:
    """Les paquets absents, dans l'ordre des groupes ; None hors Debian/Ubuntu (pas d'apt)."""
    if not avec_apt():
        return None
    a_verifier = [
        paquet
        for groupe in groupes
        for paquet in groupe.paquets
        if not (paquet in groupe.commandes and shutil.which(groupe.commandes[paquet]))
    ]
    if not a_verifier:
        return []
    installes = paquets_installes(a_verifier)
    return [paquet for paquet in a_verifier if paquet not in installes]


def est_root() -> bool:
    return os.geteuid() == 0


def sudo_sans_mot_de_passe() -> bool:
    try:
        return subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0
    except OSError:
        return False


def prefixe_d_installation() -> list[str] | None:
    """Comment lancer apt-get avec les droits : [] en root, sudo -n s'il suffit, None sinon."""
    if est_root():
        return []
    if sudo_sans_mot_de_passe():
        return ["sudo", "-n"]
    return None


def installer(prefixe: list[str], paquets: list[str]) -> bool:
    env = ["env", "DEBIAN_FRONTEND=noninteractive"]
    for commande in (
        [*prefixe, *env, "apt-get", "update", "-qq"],
        [*prefixe, *env, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *paquets],
    ):
        print("==", " ".join(commande), flush=True)
        # Le détail de dpkg (une ligne par paquet déballé) se tait ; les erreurs d'apt restent sur stderr.
        if subprocess.run(commande, stdout=subprocess.DEVNULL).returncode != 0:
            return False
    return True


def commande_a_lancer(paquets: list[str]) -> str:
    sudo = "" if est_root() else "sudo "
    return f"{sudo}apt-get install --no-install-recommends {' '.join(paquets)}"


def signaler(groupes: list[Groupe], manquants: list[str], pourquoi: str | None) -> None:
    lignes = [f"Paquets système manquants ({pourquoi}) :" if pourquoi else "Paquets système manquants :"]
    for groupe in groupes:
        absents = [paquet for paquet in groupe.paquets if paquet in manquants]
        if absents:
            lignes.append(f"  sans {', '.join(absents)} : {groupe.sans_eux}.")
    lignes += ["Pour les installer, une seule commande :", f"  {commande_a_lancer(manquants)}"]
    print("\n".join(lignes), file=sys.stderr, flush=True)


def hors_debian(*, exiger: bool) -> int:
    """Sans apt : on ne sait ni vérifier les paquets ni les installer ; on nomme au moins Pango."""
    if exiger:
        print("--ci et --exiger vérifient les paquets avec dpkg : ils demandent Debian ou Ubuntu.", file=sys.stderr)
        return 1
    if not ctypes.util.find_library("pango-1.0"):
        print(
            f"Pango introuvable : {PDF.sans_eux}.\n"
            "  Installez Pango et HarfBuzz (macOS : brew install pango ; Fedora : sudo dnf install pango), "
            f"voir {DOC_WEASYPRINT}",
            file=sys.stderr,
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ci", action="store_true", help="aussi Chromium, Redis, PostgreSQL et Node.js")
    parser.add_argument("--afficher", action="store_true", help="n'installe rien, dit ce qui manque")
    parser.add_argument("--exiger", action="store_true", help="échoue si un paquet manque encore")
    args = parser.parse_args(argv)
    afficher = args.afficher or os.environ.get("CARTEBLANCHE_PAQUETS_SYSTEME") == "afficher"

    groupes = groupes_demandes(ci=args.ci)
    manquants = paquets_manquants(groupes)
    if manquants is None:
        return hors_debian(exiger=args.ci or args.exiger)
    if not manquants:
        return 0

    prefixe = None if afficher else prefixe_d_installation()
    if prefixe is None:
        pourquoi = None if afficher else "ni root, ni sudo sans mot de passe"
    elif not installer(prefixe, manquants):
        pourquoi = "apt-get a échoué"
    else:
        manquants = paquets_manquants(groupes)
        if not manquants:
            return 0
        pourquoi = "toujours absents après apt-get"
    signaler(groupes, manquants, pourquoi)
    exiger_tout = args.ci or args.exiger
    indispensables = {paquet for groupe in groupes if groupe.indispensable or exiger_tout for paquet in groupe.paquets}
    return 1 if indispensables.intersection(manquants) else 0


if __name__ == "__main__":
    sys.exit(main())
