"""Développement et démo locale (`make run`)."""

from carteblanche.settings.base import *  # noqa: F403
from carteblanche.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
DEMO_ACCOUNTS_ENABLED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# whitenoise sert les fichiers statiques depuis les finders, sans collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Compression (perf) : sans collectstatic, whitenoise sert les fichiers statiques tels quels ; en développement
# la compression (commun.compression) passe donc devant lui pour les compresser aussi (la feuille DSFR fait
# 1 Mo sans compression).
MIDDLEWARE = ["commun.compression.CompressionTexte", *(m for m in MIDDLEWARE if not m.endswith(".CompressionTexte"))]  # noqa: F405
