"""Garde-fous communs à toutes les requêtes : ce qui est refusé avant qu'une vue ne travaille.

- `RefusCaracteresNuls` (intergiciel) : un caractère nul (U+0000) dans l'adresse, la chaîne de requête,
  un champ de formulaire ou un cookie de session répond 400 en français ; PostgreSQL refuse ce caractère
  dans un texte, et la requête finirait en erreur 500 au milieu d'une vue.
- `PasDeCacheDonneesPersonnelles` (intergiciel) : `Cache-Control: private, no-store` sur toute réponse
  à une personne connectée (pages et exports qui montrent des observations, des verbatims, des noms),
  et sur les pages de connexion ; le public anonyme garde le cache de `commun.cache`.
- `json_verifier` : profondeur d'imbrication bornée et aucun caractère nul, appelée par le lecteur JSON
  de l'API (`commun.api.LecteurJson`), avant toute validation.

Les tailles des requêtes (corps, nombre de champs) sont bornées dans les réglages
(`DATA_UPLOAD_MAX_MEMORY_SIZE`, `DATA_UPLOAD_MAX_NUMBER_FIELDS`) : Django répond 400 au-delà.
"""

import re

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_cache_control

CARACTERE_NUL = "\x00"
MESSAGE_NUL = "La requête contient un caractère nul (U+0000), que la plateforme n'accepte dans aucun champ."
MESSAGE_TROP_GROS = (
    "La requête est trop volumineuse ou compte trop de champs : la plateforme l'a refusée sans la lire."
)
MESSAGE_VERROU = (
    "Trop de tentatives de connexion ont échoué pour ce compte ou depuis cette adresse : la connexion est "
    "bloquée {duree}. Un facilitateur peut lever le blocage dans l'administration."
)
PROFONDEUR_JSON_MAX = 20
MESSAGE_PROFONDEUR = f"Le JSON envoyé est trop imbriqué : {PROFONDEUR_JSON_MAX} niveaux au plus."


_CHAINES_JSON = re.compile(r'"(?:[^"\\]|\\.)*"')
_CROCHETS = re.compile(r"[\[\]{}]")


class EntreeRefusee(ValueError):
    """Une entrée refusée avant tout travail ; le message est celui à montrer."""


def _contient_nul(valeurs) -> bool:
    return any(CARACTERE_NUL in valeur for valeur in valeurs if isinstance(valeur, str))


def requete_contient_nul(request) -> bool:
    if CARACTERE_NUL in request.path_info:
        return True
    for donnees in (request.GET, request.COOKIES):
        if _contient_nul(donnees.keys()) or _contient_nul(v for liste in _listes(donnees) for v in liste):
            return True
    if request.method in ("POST", "PUT", "PATCH") and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return _contient_nul(request.POST.keys()) or _contient_nul(v for liste in _listes(request.POST) for v in liste)
    return False


def _listes(donnees):
    if hasattr(donnees, "lists"):
        return (liste for _, liste in donnees.lists())
    return ([valeur] for valeur in donnees.values())


def reponse_400(request, message: str) -> HttpResponse:
    """400 en français : JSON pour l'API, page DSFR sinon (sans rien lire en base)."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400, json_dumps_params={"ensure_ascii": False})
    contenu = loader.render_to_string("400.html", {"message": message})
    return HttpResponse(contenu, status=400)


class RefusCaracteresNuls:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            refusee = requete_contient_nul(request)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            # Bornes des réglages (DATA_UPLOAD_MAX_*) dépassées : refusé ici, avant la session et la vue.
            return reponse_400(request, MESSAGE_TROP_GROS)
        if refusee:
            return reponse_400(request, MESSAGE_NUL)
        return self.get_response(request)


def json_verifier(donnees, profondeur_max: int = PROFONDEUR_JSON_MAX) -> None:
    """Lève `EntreeRefusee` si le document est trop imbriqué ou contient un caractère nul (clés comprises).

    Parcours itératif : un document de 100 000 crochets ne fait pas déborder la pile.
    """
    pile = [(donnees, 1)]
    while pile:
        valeur, profondeur = pile.pop()
        if isinstance(valeur, str):
            if CARACTERE_NUL in valeur:
                raise EntreeRefusee(MESSAGE_NUL)
        elif isinstance(valeur, (dict, list)):
            if profondeur > profondeur_max:
                raise EntreeRefusee(MESSAGE_PROFONDEUR)
            if isinstance(valeur, dict):
                if _contient_nul(valeur.keys()):
                    raise EntreeRefusee(MESSAGE_NUL)
                valeur = valeur.values()
            pile.extend((enfant, profondeur + 1) for enfant in valeur)


def json_profondeur_brute(corps: bytes | str, profondeur_max: int = PROFONDEUR_JSON_MAX) -> bool:
    """Vrai si le texte JSON ouvre plus de `profondeur_max` crochets ou accolades imbriqués.

    Lu avant `json.loads`, dont l'analyseur récursif lèverait RecursionError sur un document très profond.
    Les crochets à l'intérieur des chaînes ne comptent pas.
    """
    texte = corps.decode("utf-8", errors="replace") if isinstance(corps, bytes) else corps
    profondeur = 0
    for signe in _CROCHETS.findall(_CHAINES_JSON.sub("", texte)):
        profondeur += 1 if signe in "[{" else -1
        if profondeur > profondeur_max:
            return True
    return False


class PasDeCacheDonneesPersonnelles:
    """`Cache-Control: private, no-store` pour les personnes connectées et les pages de compte.

    Ce que voit une personne connectée (ses observations, les verbatims, les exports) ne doit rester
    ni dans un cache partagé ni sur le disque du navigateur d'un poste prêté.
    """

    PREFIXES_TOUJOURS = ("/comptes/", "/admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        connecte = user is not None and user.is_authenticated
        if connecte or request.path_info.startswith(self.PREFIXES_TOUJOURS):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("ETag", None)
            response.headers.pop("Last-Modified", None)
        return response
