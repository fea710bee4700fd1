"""Ce que les bancs partagent pour lancer gunicorn comme en production (pas un banc : `run.py` saute les `_*.py`).

- `environnement(**extra)` : réglages de production (`carteblanche.settings.prod`), joignables en HTTP sur la
  boucle locale, débit de l'API relevé pour un client unique (voir plus bas) ;
- `collectstatic_si_besoin()` : les réglages de production servent les fichiers statiques collectés ;
- `port_libre()`.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environnement(**extra) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carteblanche.settings.prod",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "banc-de-mesure-seulement"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Les clients d'un banc partagent une adresse et dépassent en une seconde le débit de l'API (120/minute ; la
        # limite des comptes, 600/minute, s'applique aussi par adresse aux anonymes). Le banc la relève sans la
        # couper : par seconde, l'historique que DRF relit et réécrit dans Redis à chaque requête garde la taille
        # qu'il a en production (quelques centaines d'horodatages), au lieu de grossir d'une minute de banc.
        "CARTEBLANCHE_API_DEBIT_ANONYME": "100000/second",
        "CARTEBLANCHE_API_DEBIT_CONNECTE": "100000/second",
        **extra,
    }


def collectstatic_si_besoin() -> None:
    """Les réglages de production exigent le manifeste des fichiers statiques : collectstatic s'il n'a jamais
    tourné (ou si `BENCH_COLLECTSTATIC=1`)."""
    if not (RACINE / "staticfiles" / "staticfiles.json").exists() or os.environ.get("BENCH_COLLECTSTATIC"):
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=RACINE,
            env=environnement(),
            check=True,
        )
