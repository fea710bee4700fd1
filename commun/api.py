"""Le gestionnaire d'exceptions de l'API (DRF) : les erreurs des services deviennent des réponses françaises.

Les services lèvent `django.core.exceptions.ValidationError` (clés : noms des champs du modèle ; celles
d'un objet imbriqué sous `objet.champ`) et `PermissionDenied` (avec la phrase de refus de la règle).
Ici, une fois pour toutes les vues de l'API : 400 avec les erreurs rangées comme celles d'un
sérialiseur (`verbatim.texte` → `{"verbatim": {"texte": [...]}}`), 403 avec la phrase de refus.
Aucune vue n'a besoin de son propre try/except.
"""

import io

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from commun.securite import MESSAGE_PROFONDEUR, EntreeRefusee, json_profondeur_brute, json_verifier


def erreurs_rangees(exc: DjangoValidationError) -> dict | list:
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    erreurs: dict = {}
    for cle, messages in exc.message_dict.items():
        *parents, champ = cle.split(".")
        niveau = erreurs
        for parent in parents:
            niveau = niveau.setdefault(parent, {})
        champ = api_settings.NON_FIELD_ERRORS_KEY if champ == NON_FIELD_ERRORS else champ
        niveau.setdefault(champ, []).extend(messages)
    return erreurs


def gestionnaire_exceptions(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(erreurs_rangees(exc))
    elif isinstance(exc, PermissionDenied) and exc.args:
        exc = exceptions.PermissionDenied(str(exc))
    return exception_handler(exc, context)


class LecteurJson(JSONParser):
    """Le lecteur JSON de l'API : profondeur bornée et aucun caractère nul, vérifiés avant toute validation.

    Un document très imbriqué ferait lever RecursionError à `json.loads` (erreur 500) ; il est refusé
    sur son texte, avant d'être lu. Voir `commun.securite`.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limite = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        corps = stream.read(limite + 1 if limite else -1) if stream is not None else b""
        if limite and len(corps) > limite:
            raise exceptions.ParseError(f"Le corps de la requête dépasse {limite // 1024} Kio.")
        if json_profondeur_brute(corps):
            raise exceptions.ParseError(MESSAGE_PROFONDEUR)
        donnees = super().parse(io.BytesIO(corps), media_type, parser_context)
        try:
            json_verifier(donnees)
        except EntreeRefusee as exc:
            raise exceptions.ParseError(str(exc)) from None
        return donnees
