"""Lance tous les bancs de bench/ l'un après l'autre (chacun imprime ses propres rapports)."""

import subprocess
import sys
from pathlib import Path

ICI = Path(__file__).resolve().parent

if __name__ == "__main__":
    echecs = 0
    for banc in sorted(ICI.glob("*.py")):
        if banc.name == "run.py" or banc.name.startswith("_"):
            continue
        print(f"== {banc.name}")
        echecs += subprocess.run([sys.executable, str(banc)], check=False).returncode not in (0, 2)
    sys.exit(1 if echecs else 0)
