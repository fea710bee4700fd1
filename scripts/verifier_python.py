"""Vérifie la version de Python avant de créer l'environnement virtuel (stdlib seulement)."""

import sys

if sys.version_info < (3, 11):  # noqa: UP036 — ce script tourne justement sur un Python trop ancien
    sys.exit(
        f"Carte Blanche demande Python 3.11 ou plus récent (trouvé : {sys.version.split()[0]}). "
        "Installez-le (Debian/Ubuntu : apt-get install python3.11 python3.11-venv) puis relancez "
        "avec `make run PYTHON=python3.11`."
    )
