"""Ce que les bancs partagent pour lancer gunicorn comme en production (pas un banc : `run.py` saute les `_*.py`).

- `environnement(**extra)` : réglages de production (`carteblanche.settings.prod`), joignables en HTTP sur la
  boucle locale, débit de l'API relevé pour un client unique (voir plus bas) ;
- `collectstatic_si_besoin()` : les réglages de production servent les fichiers statiques collectés ;
- `port_libre()` ;
- `gunicorn_lancer(env, …)` : gunicorn sur la boucle locale, rendu une fois que `/sante/` répond.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
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


def gunicorn_lancer(
    env: dict[str, str], *, workers: int = 2, cwd: Path = RACINE, port: int | None = None, options=()
) -> tuple[subprocess.Popen, int]:
    """Lance gunicorn (workers synchrones) sur la boucle locale ; rend (processus, port) quand `/sante/` répond
    200 : le port s'ouvre avant que les workers aient chargé Django, long sur une machine chargée."""
    port = port or port_libre()
    serveur = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "carteblanche.wsgi:application",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            *options,
        ],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    limite = time.monotonic() + 180
    while time.monotonic() < limite:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", "/sante/", headers={"Host": "127.0.0.1"})
            statut = conn.getresponse().status
            conn.close()
            if statut == 200:
                return serveur, port
        except OSError:
            pass
        time.sleep(0.2)
    serveur.kill()
    raise RuntimeError("gunicorn n'a pas démarré (ou /sante/ ne répond pas 200)")
