"""Réglages communs. Tout ce qui change d'un environnement à l'autre vient de variables d'environnement.

Sans aucune variable, la plateforme tourne en mode embarqué : SQLite, tâches Celery exécutées
immédiatement, cache en mémoire. Avec DATABASE_URL (PostgreSQL) et REDIS_URL, elle utilise
PostgreSQL, Redis comme broker Celery et comme cache, et un vrai worker.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "widget_tweaks",
    "dsfr",
    "rules.apps.AutodiscoverRulesConfig",
    "commun",
    # Domaines, du plus fondamental au plus dépendant :
    # territoire ← experimentations ← terrain ← irritants ← personas ← ateliers ← promesses
    "comptes",
    # Documents PDF générés en arrière-plan (en bas de la chaîne : ne connaît aucune app du domaine).
    "documents",
    "territoire",
    "experimentations",
    "terrain",
    "irritants",
    "personas",
    "ateliers",
    "promesses",
    # Données de démonstration (au sommet : dépend de toutes les apps).
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "carteblanche.urls"
WSGI_APPLICATION = "carteblanche.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Remplace dsfr.context_processors.site_config, qui interroge la base à chaque requête.
                "carteblanche.context_processors.site_config",
            ],
        },
    },
]

# Base de données : SQLite embarquée par défaut, PostgreSQL via DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Connexions persistantes avec vérification de santé (ouvrir une connexion par requête divise le débit par deux).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis : broker Celery et cache quand REDIS_URL est défini ; sinon tâches immédiates et cache local.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "carteblanche"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = None
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Paris"
CELERY_IMPORTS = ["carteblanche.tasks"]
# Celery beat : le suivi quotidien des promesses (retards, instantanés, rappels), idempotent pour un jour.
CELERY_BEAT_SCHEDULE = {
    "promesses-suivi-quotidien": {"task": "promesses.tasks.suivi_quotidien", "schedule": crontab(hour=6, minute=0)},
}

AUTH_USER_MODEL = "comptes.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "apres_connexion"
LOGOUT_REDIRECT_URL = "accueil"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Carte Blanche <ne-pas-repondre@carte-blanche.example>")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "commun.api.gestionnaire_exceptions",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Carte Blanche",
    "DESCRIPTION": (
        "Données de l'expérimentation Carte Blanche. En accès libre : territoire, communes, EPCI, lieux "
        "d'accueil et irritants (comptes et verbatims publiables). Sur connexion : observations de terrain "
        "(un agent lit et écrit les siennes, un facilitateur les lit toutes)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI servi par nos fichiers statiques (drf-spectacular-sidecar) : aucun CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Sans liens profonds, Swagger UI n'imbrique pas de lien dans le bouton d'une opération (axe : nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "persistAuthorization": False},
}

# Identité du site (en-tête et pied de page DSFR), sans requête en base.
SITE_CONFIG = {
    "site_title": "Carte Blanche",
    "site_tagline": "Réinventer le service public dans les territoires",
    "header_brand_html": "République<br>Française",
    "footer_brand_html": "République<br>Française",
    "footer_description": (
        "Carte Blanche est une démarche de la direction interministérielle de la transformation publique "
        "(DITP) pour imaginer, avec les usagers et les acteurs locaux, un service public adapté à un territoire."
    ),
    "beta_tag": True,
    "accessibility_status": "PART",
    "mourning": False,
}

# Territoire montré sur /territoire/ (slug d'un Territoire importé).
TERRITOIRE_PRINCIPAL = env("CARTEBLANCHE_TERRITOIRE_PRINCIPAL", default="bassin-de-vie-cahors")

# Comptes de démonstration : seulement dans la démo locale, jamais en production.
DEMO_ACCOUNTS_ENABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint raconte chaque étape de mise en page au niveau INFO : seuls ses avertissements nous intéressent.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
