"""Tests : hachage de mot de passe rapide, tâches Celery immédiates, fichiers statiques sans manifeste."""

from carteblanche.settings.base import *  # noqa: F403

DEBUG = False
DEMO_ACCOUNTS_ENABLED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Avec REDIS_URL (CI), le cache est le vrai Redis des réglages de base : l'invalidation se teste pour de vrai.
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# whitenoise sert les fichiers statiques depuis les finders, sans collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Sécurité (issue 7) : la suite entière appelle l'API depuis 127.0.0.1 ; le débit de l'API n'y limite rien,
# sauf dans les tests qui le vérifient (tests/securite/test_limites.py abaisse les taux).
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
}
