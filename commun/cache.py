"""Cache des pages publiques, invalidé à l'écriture.

Une page publique lue sans session (le public, la presse) est gardée entière, sous une clé qui contient
la *génération* de chacun des sujets dont elle dépend (`irritants`, `territoire`, `promesses`…). Une
écriture fait avancer la génération des sujets qu'elle touche (aussitôt, et à nouveau après le commit de
sa transaction) : les anciennes entrées ne sont plus jamais lues et expirent d'elles-mêmes. Pas de
balayage, et pas de page périmée après une écriture : la page suivante est recalculée.

- `page_publique("irritants", "territoire")` : décorateur de vue (GET et HEAD, visiteur sans session).
- `invalider("irritants")` : à appeler par un service qui écrit en masse (`update`, `bulk_create`…).
- `invalider_a_l_ecriture(Modele, "irritants")` : dans `AppConfig.ready`, branche l'invalidation sur
  l'enregistrement, la suppression et les relations multiples d'un modèle.

Les pages mises en cache ne doivent rien contenir de propre à une requête (jeton CSRF, nonce CSP,
message) : le décorateur ne s'applique qu'aux visiteurs sans cookie de session ni en-tête
`Authorization` (l'API accepte l'authentification HTTP Basic), et une réponse qui a posé un cookie, lu
le jeton CSRF ou porté un nonce n'est pas gardée. Un ETag permet au navigateur de revalider pour rien
(304). La page est gardée aussi compressée (gzip, et Brotli quand le module est là) : un succès du cache
ne compresse rien. Elle ne contient aucun secret, la compression n'ouvre donc pas à BREACH ; les autres
pages passent par `GZipMiddleware`, qui y ajoute depuis Django 4.2 des octets aléatoires (« Heal The
Breach »).

Le réglage `PAGES_PUBLIQUES_EN_CACHE` (variable `CARTEBLANCHE_CACHE_PAGES`) coupe le cache des pages,
pour mesurer ou diagnostiquer ; l'invalidation continue de tourner.
"""

import functools
import gzip
import hashlib
import os
import re
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.encoding import iri_to_uri

PREFIXE = "cb:page"
DUREE_PAR_DEFAUT = 60 * 60  # une heure : la fraîcheur vient de l'invalidation, pas de l'expiration
ADRESSE_MAX = 500  # au-delà, une adresse (filtres exotiques) n'est pas mise en cache
TAILLE_MIN_COMPRESSION = 200  # comme GZipMiddleware : en dessous, compresser ne gagne rien
QUALITE_BROTLI = 5  # rapide (quelques ms pour 100 ko, une fois par génération) et plus petit que gzip -9

try:  # Brotli est installé avec whitenoise (fichiers statiques précompressés) ; sans lui, gzip seul.
    import brotli
except ImportError:  # pragma: no cover
    brotli = None

_ACCEPTE = {"br": re.compile(r"\bbr\b"), "gzip": re.compile(r"\bgzip\b")}


def _cle_generation(sujet: str) -> str:
    return f"{PREFIXE}:generation:{sujet}"


def generations(*sujets: str) -> tuple[int, ...]:
    """La génération courante de chaque sujet (une lecture groupée du cache)."""
    cles = [_cle_generation(sujet) for sujet in sujets]
    trouvees = cache.get_many(cles)
    manquantes = {cle: 1 for cle in cles if cle not in trouvees}
    if manquantes:
        for cle, valeur in manquantes.items():
            cache.add(cle, valeur, timeout=None)
        trouvees |= cache.get_many(list(manquantes))
    return tuple(int(trouvees.get(cle, 1)) for cle in cles)


def _avancer(sujets: tuple[str, ...]) -> None:
    for sujet in sujets:
        cle = _cle_generation(sujet)
        try:
            cache.incr(cle)
        except ValueError:  # jamais lue depuis le démarrage du cache : la prochaine lecture part de 1
            cache.add(cle, 2, timeout=None)


def invalider(*sujets: str) -> None:
    """Les pages de ces sujets seront recalculées à la prochaine lecture.

    La génération avance tout de suite (la transaction en cours, et les tests qui s'y déroulent, lisent
    déjà la page neuve) et encore après le commit : une page calculée entre-temps par une autre requête,
    qui ne voyait pas encore l'écriture, n'est plus jamais lue. Une écriture annulée coûte au pire un
    nouveau calcul, jamais une page périmée.
    """
    _avancer(sujets)
    transaction.on_commit(lambda: _avancer(sujets))


def invalider_a_l_ecriture(modele, *sujets: str) -> None:
    """Invalide `sujets` à chaque enregistrement, suppression ou changement de relation multiple de `modele`."""

    def recepteur(sender, **kwargs):
        invalider(*sujets)

    uid = f"cache:{modele._meta.label}:{'+'.join(sujets)}"
    post_save.connect(recepteur, sender=modele, weak=False, dispatch_uid=f"{uid}:save")
    post_delete.connect(recepteur, sender=modele, weak=False, dispatch_uid=f"{uid}:delete")
    for champ in modele._meta.many_to_many:
        m2m_changed.connect(recepteur, sender=champ.remote_field.through, weak=False, dispatch_uid=f"{uid}:{champ}")


def _sans_session(request) -> bool:
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _gardable(request, reponse) -> bool:
    """Une réponse propre à la requête (cookie, jeton CSRF lu par le gabarit, nonce CSP) n'est jamais gardée."""
    return (
        reponse.status_code == 200
        and not reponse.streaming
        and not reponse.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and b' nonce="' not in reponse.content
    )


def _versions_compressees(contenu: bytes) -> dict[str, bytes]:
    if len(contenu) < TAILLE_MIN_COMPRESSION:
        return {}
    versions = {"gzip": gzip.compress(contenu, compresslevel=6, mtime=0)}
    if brotli is not None:
        versions["br"] = brotli.compress(contenu, quality=QUALITE_BROTLI)
    return versions


def _encodage_choisi(request, versions: dict[str, bytes]) -> str | None:
    acceptes = request.META.get("HTTP_ACCEPT_ENCODING", "")
    for encodage in ("br", "gzip"):
        if encodage in versions and _ACCEPTE[encodage].search(acceptes):
            return encodage
    return None


REGLAGES_DES_PAGES = ("TERRITOIRE_PRINCIPAL", "SITE_CONFIG", "LANGUAGE_CODE", "DEMO_ACCOUNTS_ENABLED")
DOSSIERS_IGNORES = {".venv", "node_modules", "staticfiles", "media", "artefacts", ".git", "__pycache__"}


@functools.cache
def empreinte_du_code() -> str:
    """Change à chaque déploiement : le Redis survit aux mises à jour, une page de l'ancienne version ne se lit plus.

    La variable `CARTEBLANCHE_VERSION` (identifiant de build) suffit quand elle est là ; sinon la date et la
    taille des gabarits et du code Python, lues une fois par processus.
    """
    if version := os.environ.get("CARTEBLANCHE_VERSION"):
        return version
    empreinte = hashlib.sha256()
    for dossier, sous_dossiers, fichiers in os.walk(settings.BASE_DIR):
        sous_dossiers[:] = sorted(d for d in sous_dossiers if d not in DOSSIERS_IGNORES)
        for nom in sorted(fichiers):
            if nom.endswith((".py", ".html", ".txt", ".svg")):
                etat = os.stat(os.path.join(dossier, nom))
                empreinte.update(f"{dossier}/{nom}:{etat.st_mtime_ns}:{etat.st_size}".encode())
    return empreinte.hexdigest()[:16]


def _empreinte_des_reglages() -> str:
    valeurs = repr([getattr(settings, nom, None) for nom in REGLAGES_DES_PAGES])
    return hashlib.sha256(valeurs.encode()).hexdigest()[:12]


def _cache_actif() -> bool:
    return getattr(settings, "PAGES_PUBLIQUES_EN_CACHE", True)


def page_publique(*sujets: str, duree: int = DUREE_PAR_DEFAUT):
    """Décorateur : garde la page entière des visiteurs sans session, tant que ses sujets n'ont pas changé."""

    def decorateur(vue):
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            adresse = iri_to_uri(request.get_full_path())
            if request.method not in ("GET", "HEAD") or len(adresse) > ADRESSE_MAX or not _cache_actif():
                return vue(request, *args, **kwargs)
            if not _sans_session(request):
                reponse = vue(request, *args, **kwargs)
                # La page d'un visiteur connecté n'est jamais gardée par un cache partagé.
                patch_cache_control(reponse, private=True)
                patch_vary_headers(reponse, ("Cookie",))
                return reponse
            partiel = "htmx" if request.headers.get("HX-Request") else "page"
            # L'API négocie son format sur `Accept` (JSON ou API navigable) : une entrée par format demandé.
            accepte = request.headers.get("Accept", "")[:200]
            empreinte = hashlib.sha256(f"{partiel}:{accepte}:{adresse}".encode()).hexdigest()
            # La clé porte la version du code et des réglages, et le jour (la phase en cours change à minuit).
            jour = timezone.localdate().isoformat()
            version = f"{empreinte_du_code()}{_empreinte_des_reglages()}"
            cle = f"{PREFIXE}:{empreinte}:{version}:{jour}:{'-'.join(map(str, generations(*sujets)))}"
            gardee = cache.get(cle)
            if gardee is None:
                reponse = vue(request, *args, **kwargs)
                if hasattr(reponse, "render") and callable(reponse.render):
                    reponse = reponse.render()
                if not _gardable(request, reponse):
                    return reponse
                gardee = {
                    "contenu": reponse.content,
                    "versions": _versions_compressees(reponse.content),
                    "type": reponse.get("Content-Type"),
                    "vary": reponse.get("Vary"),
                    # Un export garde son nom de fichier (« Enregistrer sous… »).
                    "disposition": reponse.get("Content-Disposition"),
                    "etag": hashlib.sha256(reponse.content).hexdigest()[:32],
                }
                cache.set(cle, gardee, duree)
            encodage = _encodage_choisi(request, gardee["versions"])
            # Une représentation, un ETag fort : la version compressée porte le nom de son encodage.
            etag = f'"{gardee["etag"]}-{encodage}"' if encodage else f'"{gardee["etag"]}"'
            if etag in request.headers.get("If-None-Match", ""):
                reponse = HttpResponseNotModified()
            elif encodage:
                reponse = HttpResponse(gardee["versions"][encodage], content_type=gardee["type"])
                reponse["Content-Encoding"] = encodage
            else:
                reponse = HttpResponse(gardee["contenu"], content_type=gardee["type"])
            reponse["ETag"] = etag
            if gardee["vary"]:
                reponse["Vary"] = gardee["vary"]
            if gardee.get("disposition"):
                reponse["Content-Disposition"] = gardee["disposition"]
            patch_vary_headers(reponse, ("Cookie", "Accept-Encoding"))
            # Les caches partagés revalident à chaque fois : une écriture se voit tout de suite.
            patch_cache_control(reponse, public=True, max_age=0, must_revalidate=True)
            return reponse

        return enveloppe

    return decorateur
