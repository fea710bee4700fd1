"""`make run` nomme le paquet système qui manque au lieu d'échouer obscurément."""

import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]

SANS_PANGO = """
import builtins, runpy
importer = builtins.__import__
def sans_pango(nom, *args, **kwargs):
    if nom == "weasyprint":
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
    return importer(nom, *args, **kwargs)
builtins.__import__ = sans_pango
runpy.run_path("scripts/verifier_systeme.py", run_name="__main__")
"""


def test_sans_pango_le_message_nomme_le_paquet_a_installer():
    resultat = subprocess.run([sys.executable, "-c", SANS_PANGO], cwd=RACINE, capture_output=True, text=True)
    assert resultat.returncode == 1
    assert "WeasyPrint" in resultat.stderr
    assert "apt-get install libpango-1.0-0" in resultat.stderr


def test_avec_les_bibliotheques_presentes_la_verification_passe():
    resultat = subprocess.run(
        [sys.executable, "scripts/verifier_systeme.py"], cwd=RACINE, capture_output=True, text=True
    )
    assert resultat.returncode == 0, resultat.stderr
