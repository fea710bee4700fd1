"""Vérifie les bibliothèques système dont la plateforme a besoin, et nomme le paquet qui manque.

WeasyPrint (lettres en PDF) s'appuie sur Pango : sans lui, l'import échoue avec une erreur
obscure de chargement de bibliothèque partagée. On la traduit en une consigne claire.
"""

import platform
import sys


def main() -> int:
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        if platform.system() == "Darwin":
            consigne = "brew install pango"
        else:
            consigne = "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
        print(
            "Bibliothèque système manquante pour WeasyPrint (génération des lettres en PDF) :\n"
            f"  {exc}\n"
            f"Installez-la puis relancez : {consigne}\n"
            "(Fedora : sudo dnf install pango ; voir https://doc.courtbouillon.org/weasyprint/stable/first_steps.html)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
