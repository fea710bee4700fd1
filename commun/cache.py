"""Cache des pages publiques, invalidé à l'écriture.

Une page publique lue sans session (le public, la presse) est gardée entière, sous une clé qui contient
la *génération* de chacun des sujets dont elle dépend (`irritants`, `territoire`, `promesses`…). Une
écriture fait avancer la génération des sujets qu'elle touche (après le commit de sa transaction) : les
anciennes entrées ne sont plus jamais lues et expirent d'elles-mêmes. Pas de balayage, et pas de page
périmée après une écriture : la page suivante est recalculée.

- `page_publique("irritants", "territoire")` : décorateur de vue (GET et HEAD, visiteur sans session).
- `invalider("irritants")` : à appeler par un service qui écrit en masse (`update`, `bulk_create`…).
- `invalider_a_l_ecriture(Modele, "irritants")` : dans `AppConfig.ready`, branche l'invalidation sur
  l'enregistrement, la suppression et les relations multiples d'un modèle.

Les pages mises en cache ne doivent rien contenir de propre à une requête (jeton CSRF, nonce CSP,
message) : le décorateur ne s'applique qu'aux visiteurs sans cookie de session, et une réponse qui a
posé un cookie n'est pas gardée. Un ETag permet au navigateur de revalider pour rien (304).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.encoding import iri_to_uri

PREFIXE = "cb:page"
DUREE_PAR_DEFAUT = 60 * 60  # une heure : la fraîcheur vient de l'invalidation, pas de l'expiration
ADRESSE_MAX = 500  # au-delà, une adresse (filtres exotiques) n'est pas mise en cache


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
    """Les pages de ces sujets seront recalculées à la prochaine lecture (après le commit de l'écriture en cours)."""
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
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def page_publique(*sujets: str, duree: int = DUREE_PAR_DEFAUT):
    """Décorateur : garde la page entière des visiteurs sans session, tant que ses sujets n'ont pas changé."""

    def decorateur(vue):
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            adresse = iri_to_uri(request.get_full_path())
            if request.method not in ("GET", "HEAD") or not _sans_session(request) or len(adresse) > ADRESSE_MAX:
                return vue(request, *args, **kwargs)
            partiel = "htmx" if request.headers.get("HX-Request") else "page"
            empreinte = hashlib.sha256(f"{partiel}:{adresse}".encode()).hexdigest()
            cle = f"{PREFIXE}:{empreinte}:{'-'.join(map(str, generations(*sujets)))}"
            gardee = cache.get(cle)
            if gardee is None:
                reponse = vue(request, *args, **kwargs)
                if hasattr(reponse, "render") and callable(reponse.render):
                    reponse = reponse.render()
                if reponse.status_code != 200 or reponse.streaming or reponse.cookies:
                    return reponse
                gardee = {
                    "contenu": reponse.content,
                    "type": reponse.get("Content-Type"),
                    "vary": reponse.get("Vary"),
                    "etag": f'"{hashlib.sha256(reponse.content).hexdigest()[:32]}"',
                }
                cache.set(cle, gardee, duree)
            if request.headers.get("If-None-Match") == gardee["etag"]:
                reponse = HttpResponseNotModified()
            else:
                reponse = HttpResponse(gardee["contenu"], content_type=gardee["type"])
            reponse["ETag"] = gardee["etag"]
            if gardee["vary"]:
                reponse["Vary"] = gardee["vary"]
            # Les caches partagés revalident à chaque fois : une écriture se voit tout de suite.
            patch_cache_control(reponse, public=True, max_age=0, must_revalidate=True)
            return reponse

        return enveloppe

    return decorateur
