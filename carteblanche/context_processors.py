"""Contexte commun à toutes les pages, sans aucune requête en base.

django-dsfr fournit `dsfr.context_processors.site_config`, qui lit `DsfrConfig` en base à
chaque requête : nous le remplaçons par une configuration construite une fois depuis les
réglages (l'identité du site ne change pas sans redéploiement).
"""

from functools import cache
from types import SimpleNamespace

from django.conf import settings

from comptes.enums import Role
from comptes.session import roles_de_session

ACCESSIBILITY_LABELS = {
    "FULL": "totalement conforme",
    "PART": "partiellement conforme",
    "NOT": "non conforme",
}


@cache
def _site_config() -> SimpleNamespace:
    config = SimpleNamespace(**settings.SITE_CONFIG)
    config.get_accessibility_status_display = ACCESSIBILITY_LABELS.get(config.accessibility_status, "non conforme")
    return config


def site_config(request):
    roles = roles_de_session(request)
    return {
        "SITE_CONFIG": _site_config(),
        "role_agent": Role.AGENT in roles,
        "role_participant": Role.PARTICIPANT in roles,
        "role_facilitateur": Role.FACILITATEUR in roles or getattr(request.user, "is_superuser", False),
    }
