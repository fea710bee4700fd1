"""Le moteur WeasyPrint : un par processus, préparé une fois, réutilisé pour chaque PDF.

Ce que nous avons mesuré sur nos machines (voir /work/shared/MEASURED.md) et ce qu'on en fait :
- Réutiliser une `FontConfiguration` et la feuille de style déjà analysée (`CSS`) coûte 15 à 20 %
  de moins par lettre que l'appel par défaut, et la mémoire reste stable : `Moteur` garde les deux.
- Importer WeasyPrint et rendre la première lettre coûte ~1,3 s : le worker Celery appelle
  `prechauffer()` dans le processus parent (signal `worker_init`), avant que le pool prefork ne
  crée ses enfants, qui héritent d'un moteur chaud par fork (voir `documents.worker`).
- Chaque `FontConfiguration` qui charge des `@font-face` copie les polices dans un dossier
  temporaire `weasyprint-*` qu'elle n'efface que dans `__del__`, jamais appelé quand un processus
  sort par `os._exit` ou SIGTERM. Un seul moteur par processus (les enfants prefork partagent celui
  du parent) et `nettoyer()` à l'arrêt (signaux du worker, `atexit`) : aucun dossier n'est laissé.
- Les polices sont les fichiers Marianne livrés par django-dsfr, lus par `LocalFetcher` depuis les
  fichiers statiques : aucune police distante.

Rendre est protégé par un verrou : Pango et Fontconfig ne sont pas sûrs entre fils d'exécution, et un
serveur de développement à fils (mode embarqué) peut rendre deux lettres à la fois.

`version_moteur()` entre dans l'empreinte de chaque document : changer la feuille de style, le
symbole du DSFR ou la version de WeasyPrint fait régénérer les PDF à la prochaine demande. Elle se
calcule sans importer WeasyPrint (la requête qui demande un PDF reste légère).
"""

import atexit
import hashlib
import logging
import os
import shutil
import threading
from functools import cache
from importlib.metadata import version
from pathlib import Path

import tinycss2
from django.conf import settings
from django.contrib.staticfiles import finders

logger = logging.getLogger(__name__)

FEUILLE = "documents/pdf.css"
LOGO_DSFR = "dsfr/dist/component/logo/logo.main.min.css"

_verrou = threading.Lock()
_moteur: "Moteur | None" = None


def _statique(relatif: str) -> Path:
    chemin = finders.find(relatif)
    if not chemin:
        raise FileNotFoundError(f"Fichier statique introuvable : {relatif}")
    return Path(chemin)


def _url_statique(relatif: str) -> str:
    from documents.fetcher import ORIGINE

    prefixe = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}"
    return f"{ORIGINE}{prefixe}{relatif}"


def symbole_marianne() -> str | None:
    """Le symbole de Marianne du bloc-marque, tel que le DSFR le dessine (URL data: de son CSS)."""
    try:
        texte = _statique(LOGO_DSFR).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    for regle in tinycss2.parse_stylesheet(texte, skip_comments=True, skip_whitespace=True):
        if regle.type != "qualified-rule" or tinycss2.serialize(regle.prelude).strip() != ".fr-logo:before":
            continue
        for declaration in tinycss2.parse_blocks_contents(regle.content, skip_comments=True, skip_whitespace=True):
            if declaration.type != "declaration" or declaration.lower_name != "background-image":
                continue
            for jeton in declaration.value:
                if jeton.type == "url":
                    return jeton.value
                if jeton.type == "function" and jeton.lower_name == "url":
                    chaines = [a.value for a in jeton.arguments if a.type == "string"]
                    if chaines:
                        return chaines[0]
    return None


@cache
def feuille_de_style() -> str:
    """La feuille des PDF (static/documents/pdf.css) et le symbole de Marianne du DSFR."""
    texte = _statique(FEUILLE).read_text(encoding="utf-8")
    symbole = symbole_marianne()
    if symbole and symbole.startswith("data:image/svg+xml") and '"' not in symbole:
        texte += (
            "\n/* Symbole de Marianne : celui du composant logo du DSFR (django-dsfr), lu au démarrage. */\n"
            '.bloc-marque::before { content: ""; background-image: '
            f'url("{symbole}"), linear-gradient(90deg, #000091 50%, #e1000f 50%); }}\n'
        )
    else:
        logger.warning("Documents PDF : symbole de Marianne introuvable dans %s, bloc-marque sans symbole.", LOGO_DSFR)
    return texte


@cache
def version_moteur() -> str:
    empreinte = hashlib.sha256()
    empreinte.update(f"weasyprint {version('weasyprint')}\n".encode())
    empreinte.update(feuille_de_style().encode())
    return empreinte.hexdigest()[:16]


class Moteur:
    def __init__(self):
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        from documents.fetcher import ORIGINE, LocalFetcher

        self.origine = ORIGINE
        self.fetcher = LocalFetcher()
        self.font_config = FontConfiguration()
        self.feuilles = [
            weasyprint.CSS(
                string=feuille_de_style(),
                base_url=_url_statique(FEUILLE),
                url_fetcher=self.fetcher,
                font_config=self.font_config,
            )
        ]
        self._html = weasyprint.HTML

    def document(self, html: str):
        """Le document WeasyPrint mis en page (pages, boîtes, pièces jointes) : pour les tests et l'aperçu."""
        return self._html(string=html, base_url=f"{self.origine}/", url_fetcher=self.fetcher).render(
            stylesheets=self.feuilles, font_config=self.font_config
        )

    def pdf(self, html: str) -> bytes:
        return self.document(html).write_pdf()

    @property
    def dossier_polices(self) -> Path | None:
        # Attribut interne de WeasyPrint : le dossier temporaire où il copie les polices @font-face.
        dossier = getattr(self.font_config, "_folder", None)
        return Path(dossier) if dossier else None


def moteur() -> Moteur:
    global _moteur
    with _verrou:
        if _moteur is None:
            _moteur = Moteur()
            atexit.register(nettoyer)
        return _moteur


def html_en_pdf(html: str) -> bytes:
    """Met en page `html` (document HTML complet) en PDF A4 avec le moteur du processus."""
    m = moteur()
    with _verrou:
        return m.pdf(html)


def rendre(html: str):
    """Comme `html_en_pdf`, mais renvoie le document WeasyPrint (pages et boîtes) au lieu des octets."""
    m = moteur()
    with _verrou:
        return m.document(html)


def prechauffer() -> None:
    """Importe WeasyPrint, charge polices et feuille de style et rend une lettre d'exemple.

    Appelé dans le parent du worker Celery avant le fork des enfants (`documents.worker`).
    """
    from documents import exemple

    html_en_pdf(exemple.contenu("prechauffage").rendre())


def nettoyer() -> None:
    """Efface le dossier temporaire des polices du moteur de ce processus et oublie le moteur.

    Les enfants prefork héritent du moteur du parent mais pas de son dossier (voir
    `_apres_fork_enfant`) : ils n'effacent que ce qu'ils auraient créé eux-mêmes, et le parent
    efface le sien à l'arrêt du worker.
    """
    global _moteur
    m = _moteur
    if m is None:
        return
    dossier = m.dossier_polices
    if dossier is not None:
        shutil.rmtree(dossier, ignore_errors=True)
        m.font_config._folder = None  # __del__ n'a plus rien à effacer
    _moteur = None


def _apres_fork_enfant() -> None:
    """Dans un enfant créé par fork (pool prefork de Celery) : garder le moteur chaud du parent.

    Le dossier des polices appartient au parent : l'enfant l'utilise (Fontconfig y lit les fichiers
    déjà enregistrés) mais l'oublie, pour que ni `nettoyer()` ni `__del__` dans l'enfant ne l'effacent
    sous les pieds du parent et des autres enfants. Un verrou tenu par un autre fil au moment du
    fork resterait tenu à jamais dans l'enfant : on en prend un neuf.
    """
    global _verrou
    _verrou = threading.Lock()
    if _moteur is not None:
        _moteur.font_config._folder = None


os.register_at_fork(after_in_child=_apres_fork_enfant)
