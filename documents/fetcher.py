"""Ce que WeasyPrint a le droit de lire : les fichiers statiques et médias du projet, rien d'autre.

Le récupérateur par défaut de WeasyPrint ouvre toute URL : `file://` (mesuré sur nos machines :
`<link rel="attachment" href="file:///etc/passwd">` joint le fichier au PDF), HTTP(S) avec suivi des
redirections, FTP. Un texte d'utilisateur qui passerait dans une lettre pourrait ainsi lire le disque
du serveur ou appeler le réseau interne. `LocalFetcher` refuse tout, sauf :

- les URL de l'origine fictive `ORIGINE` (domaine réservé `.invalid`, jamais résolu) dont le chemin
  est sous STATIC_URL (fichier trouvé par les finders de staticfiles ou dans STATIC_ROOT) ou sous
  MEDIA_URL (fichier du stockage par défaut, hors des PDF générés eux-mêmes) ;
- les URL `data:` de moins de `LIMITE_DATA` octets (le symbole de Marianne du DSFR en est une).

Aucune connexion n'est jamais ouverte, donc aucune redirection n'est suivie. Les chemins sont
décodés puis refusés s'ils contiennent `..`, `.`, une barre oblique inverse ou un octet nul, et le
fichier trouvé doit rester, liens symboliques résolus, sous une racine autorisée (un lien vers
/etc/passwd dans static/ est refusé comme une redirection le serait). Un refus lève
`RessourceRefusee` : WeasyPrint le journalise et met en page sans la ressource.
"""

import base64
import logging
import mimetypes
from functools import cache
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

ORIGINE = "https://documents.carte-blanche.invalid"
LIMITE_DATA = 256 * 1024  # une URL data: plus longue est refusée (octets de l'URL)
LIMITE_FICHIER = 8 * 1024 * 1024  # police, image ou feuille de style : au-delà, refusé
PREFIXE_MEDIA_INTERDIT = "documents/"  # un PDF n'embarque jamais un autre document généré


class RessourceRefusee(ValueError):
    """La ressource demandée par le HTML est hors de ce que WeasyPrint peut lire."""


def _prefixe(url_reglage: str) -> str:
    chemin = urlsplit(url_reglage or "").path or "/"
    return chemin if chemin.endswith("/") else f"{chemin}/"


@cache
def _racines_statiques() -> tuple[Path, ...]:
    racines = []
    if settings.STATIC_ROOT:
        racines.append(Path(settings.STATIC_ROOT))
    for finder in finders.get_finders():
        for attribut in ("locations", "storages"):
            valeur = getattr(finder, attribut, None)
            if isinstance(valeur, list):  # FileSystemFinder : [(préfixe, racine)]
                racines.extend(Path(racine) for _prefixe_, racine in valeur)
            elif isinstance(valeur, dict):  # AppDirectoriesFinder : {app: stockage}
                racines.extend(Path(stockage.location) for stockage in valeur.values())
    return tuple(r.resolve() for r in racines)


def _sous(chemin: Path, racines) -> bool:
    return any(chemin == racine or racine in chemin.parents for racine in racines)


def _valider_relatif(relatif: str) -> str:
    segments = relatif.split("/")
    if not relatif or any(s in ("", ".", "..") for s in segments) or "\\" in relatif or "\x00" in relatif:
        raise RessourceRefusee(f"Chemin refusé : {relatif[:200]!r}")
    return relatif


def _lire(chemin: Path) -> bytes:
    if chemin.stat().st_size > LIMITE_FICHIER:
        raise RessourceRefusee(f"Fichier trop volumineux pour un document : {chemin.name}")
    return chemin.read_bytes()


def _reponse(url: str, corps: bytes, type_mime: str | None) -> URLFetcherResponse:
    entetes = {"Content-Type": type_mime or "application/octet-stream"}
    return URLFetcherResponse(url, body=corps, headers=entetes)


class LocalFetcher(URLFetcher):
    """Récupérateur d'URL de WeasyPrint limité aux fichiers du projet (voir le docstring du module)."""

    def __init__(self, *, limite_data: int = LIMITE_DATA):
        # Aucun protocole autorisé pour la mécanique d'urllib héritée : `fetch` ci-dessous ne s'en sert pas.
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self.limite_data = limite_data

    def fetch(self, url, headers=None):
        try:
            return self._fetch(str(url))
        except RessourceRefusee as exc:
            logger.warning("Document PDF : ressource refusée (%s)", exc)
            raise

    def _fetch(self, url: str) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return self._data(url)
        morceaux = urlsplit(url)
        if f"{morceaux.scheme}://{morceaux.netloc}".lower() != ORIGINE:
            raise RessourceRefusee(f"URL hors du projet : {url[:200]}")
        chemin = unquote(morceaux.path)
        statique, media = _prefixe(settings.STATIC_URL), _prefixe(settings.MEDIA_URL)
        if chemin.startswith(statique):
            return self._statique(url, _valider_relatif(chemin[len(statique) :]))
        if chemin.startswith(media):
            return self._media(url, _valider_relatif(chemin[len(media) :]))
        raise RessourceRefusee(f"Chemin hors des fichiers statiques et médias : {chemin[:200]}")

    def _data(self, url: str) -> URLFetcherResponse:
        if len(url) > self.limite_data:
            raise RessourceRefusee(f"URL data: de {len(url)} octets, au-delà de la limite de {self.limite_data}")
        entete, virgule, donnees = url[5:].partition(",")
        if not virgule:
            raise RessourceRefusee("URL data: mal formée")
        parametres = entete.split(";")
        if parametres[-1].lower() == "base64":
            try:
                corps = base64.b64decode(donnees, validate=False)
            except ValueError as exc:
                raise RessourceRefusee("URL data: en base64 illisible") from exc
            parametres = parametres[:-1]
        else:
            corps = unquote_to_bytes(donnees)
        return _reponse(url, corps, parametres[0] or "text/plain")

    def _statique(self, url: str, relatif: str) -> URLFetcherResponse:
        candidats = []
        if settings.STATIC_ROOT:
            candidats.append(Path(settings.STATIC_ROOT) / relatif)
        trouve = finders.find(relatif)
        if trouve:
            candidats.append(Path(trouve))
        for candidat in candidats:
            if candidat.is_file():
                reel = candidat.resolve()
                if not _sous(reel, _racines_statiques()):
                    raise RessourceRefusee(f"Fichier statique hors des racines autorisées : {relatif}")
                return _reponse(url, _lire(reel), mimetypes.guess_type(relatif)[0])
        raise RessourceRefusee(f"Fichier statique introuvable : {relatif}")

    def _media(self, url: str, relatif: str) -> URLFetcherResponse:
        if relatif.startswith(PREFIXE_MEDIA_INTERDIT):
            raise RessourceRefusee("Un document ne peut pas embarquer un autre document généré.")
        if isinstance(default_storage, FileSystemStorage):  # sur disque : liens symboliques résolus, sous la racine
            try:
                chemin = Path(default_storage.path(relatif))
            except SuspiciousFileOperation as exc:
                raise RessourceRefusee(f"Chemin média refusé : {relatif}") from exc
            racine = Path(default_storage.location).resolve()
            if not chemin.is_file() or not _sous(chemin.resolve(), (racine,)):
                raise RessourceRefusee(f"Fichier média introuvable ou hors de MEDIA_ROOT : {relatif}")
            return _reponse(url, _lire(chemin.resolve()), mimetypes.guess_type(relatif)[0])
        if not default_storage.exists(relatif):
            raise RessourceRefusee(f"Fichier média introuvable : {relatif}")
        if default_storage.size(relatif) > LIMITE_FICHIER:
            raise RessourceRefusee(f"Fichier média trop volumineux pour un document : {relatif}")
        with default_storage.open(relatif, "rb") as fichier:
            return _reponse(url, fichier.read(), mimetypes.guess_type(relatif)[0])

    # URLFetcher hérite d'OpenerDirector : tout chemin d'ouverture passe par `fetch`.
    def open(self, url, data=None, timeout=None):
        return self.fetch(getattr(url, "full_url", url))

    def __call__(self, url):
        return self.fetch(url)


def vider_cache() -> None:
    """Oublie les racines statiques calculées (tests qui changent STATICFILES_DIRS)."""
    _racines_statiques.cache_clear()
