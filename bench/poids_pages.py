"""Poids et Largest Contentful Paint de `/`, `/territoire/`, `/irritants/`, avant et après, dans Chromium.

Deux gunicorn tournent côte à côte sur la même base et le même Redis (2 workers, réglages de production,
fichiers statiques passés par collectstatic) : « avant » sert le code d'un commit de référence (par défaut
le dernier commit avant le travail de l'issue 8, extrait par `git archive`), « après » le code de cet arbre ;
« avant* » est le code de référence où la vérification `integrity` des feuilles DSFR est coupée : sans
cela, en production, Chromium refusait les deux feuilles réécrites par collectstatic (page sans style).
En manches alternées, chaque page est ouverte dans un contexte Chromium neuf (aucun cache HTTP) et on
relève :
- les octets transférés (`transferSize` de la navigation et de chaque ressource : en-têtes et corps
  compressés tels qu'ils passent sur le réseau) et les octets décodés ;
- le LCP (`PerformanceObserver`, type `largest-contentful-paint`, lu après l'événement `load`) ;
sur la boucle locale sans bridage (1280 px) puis avec un réseau mobile bridé (360 px, « 4G lente » de
Lighthouse : 150 ms d'aller-retour, 1,6 Mbit/s descendant), où le poids compte vraiment. On imprime
les médianes, et des captures (360 et 1280 px) vont dans artefacts/screenshots/poids/ pour comparer.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cb_perf REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/poids_pages.py

(base avec la démonstration chargée ; `BENCH_AVANT=<commit>` change la référence, `BENCH_MANCHES` le
nombre de manches ; collectstatic tourne pour le code de référence, et pour cet arbre s'il n'a jamais
tourné ou si `BENCH_COLLECTSTATIC=1`). La machine de mesure est partagée : comparer les colonnes d'une
même exécution.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _serveur import environnement, gunicorn_lancer  # noqa: E402

RACINE = Path(__file__).resolve().parents[1]
MANCHES = int(os.environ.get("BENCH_MANCHES", 3))
PAGES = ["/", "/territoire/", "/irritants/"]
# Le dernier commit de main avant le travail sur le poids et la vitesse des pages (issue 8).
AVANT_ISSUE_8 = "17762f4788f856be5205665bf1eb7be1412f7d1f"
CAPTURES = [*PAGES, "/personas/"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# « Slow 4G » de Lighthouse (bridage simulé par Chromium).
RESEAU_MOBILE = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
OBSERVATEUR_LCP = """
window.__lcp = 0;
new PerformanceObserver((liste) => {
  for (const entree of liste.getEntries()) window.__lcp = entree.startTime;
}).observe({type: "largest-contentful-paint", buffered: true});
"""
MESURE = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const ressources = performance.getEntriesByType("resource");
  const somme = (champ) => ressources.reduce((total, r) => total + r[champ], nav[champ]);
  return {lcp: window.__lcp, transfere: somme("transferSize"), decode: somme("decodedBodySize"),
          html: nav.transferSize, requetes: ressources.length + 1};
}
"""


def extraire(commit: str, dossier: Path, nom: str) -> Path:
    archive = dossier / "avant.tar"
    subprocess.run(["git", "archive", "--format=tar", "-o", str(archive), commit], cwd=RACINE, check=True)
    code = dossier / nom
    with tarfile.open(archive) as tar:
        tar.extractall(code, filter="data")
    # En production, collectstatic réécrit les url() des feuilles DSFR (noms avec empreinte) : leur contenu ne
    # correspond plus à l'attribut integrity que pose {% dsfr_css %}, et Chromium refuse les deux feuilles (la page
    # « avant » s'affiche sans style). Ces réglages coupent la vérification pour comparer aussi à une page stylée.
    (code / "carteblanche" / "settings" / "prod_sans_sri.py").write_text(
        "from carteblanche.settings.prod import *  # noqa: F403\n\nDSFR_USE_INTEGRITY_CHECKSUMS = False\n"
    )
    return code


def servir(code: Path, reglages: str = "carteblanche.settings.prod") -> tuple[subprocess.Popen, int]:
    env = {**environnement(), "PYTHONPATH": str(code), "DJANGO_SETTINGS_MODULE": reglages}
    manifeste = code / "staticfiles" / "staticfiles.json"
    if not manifeste.exists() or (code == RACINE and os.environ.get("BENCH_COLLECTSTATIC")):
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=code, env=env, check=True
        )
    return gunicorn_lancer(env, cwd=code)


def ouvrir(navigateur, url: str, largeur: int, bride: bool, capture: Path | None = None) -> dict:
    contexte = navigateur.new_context(viewport={"width": largeur, "height": 800 if largeur > 400 else 740})
    try:
        page = contexte.new_page()
        page.add_init_script(OBSERVATEUR_LCP)
        cdp = contexte.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        if bride:
            cdp.send("Network.emulateNetworkConditions", RESEAU_MOBILE)
        page.goto(url, wait_until="load", timeout=120_000)
        page.wait_for_timeout(300)
        mesure = page.evaluate(MESURE)
        if capture:
            page.screenshot(path=str(capture), full_page=False)
        return mesure
    finally:
        contexte.close()


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        print("Ce banc demande PostgreSQL et Redis : définissez DATABASE_URL=postgres://… et REDIS_URL=redis://…")
        return 2
    if not shutil.which("chromium"):
        print("Chromium absent : ce banc mesure dans un vrai navigateur.")
        return 2
    from playwright.sync_api import sync_playwright

    avant = os.environ.get("BENCH_AVANT", AVANT_ISSUE_8)
    captures = RACINE / "artefacts" / "screenshots" / "poids"
    captures.mkdir(parents=True, exist_ok=True)
    charge_debut = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-poids-") as dossier:
        code_avant = extraire(avant, Path(dossier), "avant")
        serveurs = {
            "avant": servir(code_avant),
            "avant*": servir(code_avant, "carteblanche.settings.prod_sans_sri"),
            "après": servir(RACINE),
        }
        # mesures[(réseau, page, version)] = liste de mesures
        mesures: dict[tuple[str, str, str], list[dict]] = {}
        try:
            with sync_playwright() as p:
                navigateur = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
                for nom, (_serveur, port) in serveurs.items():
                    for url in CAPTURES:  # échauffement, et captures pour comparer l'allure des pages
                        for largeur in (360, 1280):
                            fichier = url.strip("/").replace("/", "-") or "accueil"
                            prefixe = {"après": "apres", "avant*": "avant-stylee"}.get(nom, nom)
                            capture = captures / f"{prefixe}-{fichier}-{largeur}.png"
                            ouvrir(navigateur, f"http://127.0.0.1:{port}{url}", largeur, False, capture)
                for _ in range(MANCHES):
                    for reseau, largeur, bride in (("boucle locale", 1280, False), ("4G lente", 360, True)):
                        for url in PAGES:
                            for nom, (_serveur, port) in serveurs.items():
                                mesure = ouvrir(navigateur, f"http://127.0.0.1:{port}{url}", largeur, bride)
                                mesures.setdefault((reseau, url, nom), []).append(mesure)
                navigateur.close()
        finally:
            for serveur, _port in serveurs.values():
                serveur.terminate()
                serveur.wait()

    print(f"avant : {avant[:10]} ; après : cet arbre ; {MANCHES} manches alternées, médianes ; Chromium sans cache")
    print("avant* : le même code, vérification integrity des feuilles DSFR coupée (sinon Chromium les refuse)")
    entete = (
        f"{'réseau':14} {'page':14} {'version':8} {'transféré ko':>12} {'dont HTML':>10} {'décodé ko':>10} "
        f"{'requêtes':>8} {'LCP ms':>7}"
    )
    print(entete)
    print("-" * len(entete))
    for (reseau, url, nom), liste in mesures.items():

        def med(champ, liste=liste):
            return statistics.median(m[champ] for m in liste)

        print(
            f"{reseau:14} {url:14} {nom:8} {med('transfere') / 1000:12.1f} {med('html') / 1000:10.1f} "
            f"{med('decode') / 1000:10.1f} {med('requetes'):8.0f} {med('lcp'):7.0f}"
        )
    print(f"charge de la machine (1, 5, 15 min) au début : {charge_debut} ; à la fin : {os.getloadavg()}")
    print(f"captures : {captures.relative_to(RACINE)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
