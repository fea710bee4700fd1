"""Authentification de l'API (module à part : DRF importe ses classes d'authentification au chargement de ses vues).

HTTP Basic de DRF, sans caractère nul : des identifiants qui en contiennent sont refusés (401) avant toute
lecture en base, où PostgreSQL les rejetterait en erreur 500. django-axes compte les échecs et verrouille.
"""

from axes.helpers import get_cool_off
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication

from commun.securite import CARACTERE_NUL, MESSAGE_VERROU


def _duree(request) -> str:
    delai = get_cool_off(request)
    return f"pendant {max(1, round(delai.total_seconds() / 60))} minutes" if delai else "pour un moment"


class AuthentificationBasic(BasicAuthentication):
    def authenticate_credentials(self, userid, password, request=None):
        if CARACTERE_NUL in userid or CARACTERE_NUL in password:
            raise exceptions.AuthenticationFailed("Identifiant ou mot de passe incorrect.")
        try:
            return super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            # django-axes marque la requête qu'il a refusée (compte ou adresse verrouillés) : 429, pas 401.
            if getattr(request, "axes_locked_out", False):
                raise exceptions.Throttled(detail=MESSAGE_VERROU.format(duree=_duree(request))) from None
            raise


class SchemaAuthentificationBasic(OpenApiAuthenticationExtension):
    """Pour drf-spectacular : notre HTTP Basic est le « basicAuth » du schéma OpenAPI."""

    target_class = AuthentificationBasic
    name = "basicAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "basic"}
