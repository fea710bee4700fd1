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
    # Sécurité (issue 7) : tentatives de connexion limitées (django-axes), Content-Security-Policy (django-csp).
    "axes",
    "csp",
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
    # Pages d'information (accessibilité, mentions légales, données personnelles, plan du site).
    "pages",
    # Données de démonstration (au sommet : dépend de toutes les apps).
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Sécurité (issue 7) : Content-Security-Policy sur toutes les réponses (voir CONTENT_SECURITY_POLICY).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Sécurité (issue 7) : un caractère nul dans l'adresse, la requête, un champ ou un cookie répond 400
    # avant toute lecture en base (commun/securite.py).
    "commun.securite.RefusCaracteresNuls",
    # Compression (perf) : le HTML et le JSON en gzip. Après whitenoise, qui sert lui-même les fichiers statiques
    # précompressés (.br, .gz) en production ; les pages publiques en cache arrivent déjà compressées (commun.cache).
    "commun.compression.CompressionTexte",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sécurité (issue 7) : rien de ce que voit une personne connectée ne reste en cache (commun/securite.py).
    "commun.securite.PasDeCacheDonneesPersonnelles",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Sécurité (issue 7) : verrouillage après trop d'échecs de connexion (django-axes), en dernier.
    "axes.middleware.AxesMiddleware",
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
# Cache des pages publiques (perf, commun.cache) : coupé seulement pour mesurer ou diagnostiquer.
PAGES_PUBLIQUES_EN_CACHE = env.bool("CARTEBLANCHE_CACHE_PAGES", default=True)
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
    # En premier : django-axes refuse l'authentification d'un compte ou d'une adresse verrouillés.
    "axes.backends.AxesStandaloneBackend",
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

# L'adresse publique du site, pour les liens qui sortent du navigateur (QR codes des invitations, courriels de
# rappel aux porteurs de promesses). À régler en production (https://…).
URL_PUBLIQUE = env("CARTEBLANCHE_URL_PUBLIQUE", default="http://127.0.0.1:8000").rstrip("/")
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Carte Blanche <ne-pas-repondre@carte-blanche.example>")

REST_FRAMEWORK = {
    # Sans cadenas sur les lectures publiques, avec des exemples réalistes (carteblanche/api.py).
    "DEFAULT_SCHEMA_CLASS": "carteblanche.schema.SchemaCarteBlanche",
    "EXCEPTION_HANDLER": "commun.api.gestionnaire_exceptions",
    "DEFAULT_PAGINATION_CLASS": "carteblanche.pagination.PaginationCarteBlanche",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # HTTP Basic en premier : sans identifiants ou avec de mauvais, l'API répond 401 avec WWW-Authenticate
    # (et non 403) ; HTTP Basic refuse les caractères nuls et passe par django-axes (commun/authentification.py).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "commun.authentification.AuthentificationBasic",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Sécurité (issue 7) : JSON à profondeur bornée, sans caractère nul (commun/api.py) ; débit limité.
    "DEFAULT_PARSER_CLASSES": [
        "commun.api.LecteurJson",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("CARTEBLANCHE_API_DEBIT_ANONYME", default="120/minute"),
        "user": env("CARTEBLANCHE_API_DEBIT_CONNECTE", default="600/minute"),
    },
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
    # Chaque choix nommé dans le schéma (plusieurs champs s'appellent « type ») : aucun avertissement de
    # drf-spectacular, que `check --deploy --fail-level WARNING` compterait.
    "ENUM_NAME_OVERRIDES": {
        "TypeCommuneEnum": "territoire.enums.TypeCommune",
        "TypeEpciEnum": "territoire.enums.TypeEpci",
        "TypeLieuAccueilEnum": "territoire.enums.TypeLieuAccueil",
        "TypeObservationEnum": "terrain.enums.TypeObservation",
        "SourceObservationEnum": "terrain.enums.SourceObservation",
        "StatutPublicationEnum": "terrain.enums.StatutPublication",
        "TrancheAgeEnum": "terrain.enums.TrancheAge",
        "OrigineEnum": "terrain.enums.Origine",
        "StatutIrritantEnum": "irritants.enums.StatutIrritant",
    },
    # Les champs à null possible sont déclarés « nullable » ; les réponses d'erreur (400, 401, 403, 404,
    # 429) de chaque opération sont décrites par carteblanche/api.py (crochet de post-traitement).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "carteblanche.api.reponses_d_erreur_documenter",
    ],
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
    # Sans audit RGAA complet, la méthode officielle demande de se déclarer « non conforme » (voir /accessibilite/).
    "accessibility_status": "NOT",
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
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes raconte chaque échec de connexion au niveau INFO : ses avertissements suffisent.
        "axes": {"level": "WARNING"},
    },
}


# ---------------------------------------------------------------------------------------------------
# Sécurité (issue 7). Tout ce qui borne, verrouille ou durcit est ici, en un seul bloc.
# ---------------------------------------------------------------------------------------------------

# Taille des requêtes : Django répond 400 au-delà, avant toute vue. Le plus gros formulaire (lettre d'un
# persona en Markdown) tient dans quelques dizaines de Kio ; l'API JSON lit la même limite (commun.api).
DATA_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 300
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Connexion (formulaire, administration, HTTP Basic de l'API) : django-axes compte les échecs par compte
# ET par adresse IP ; au-delà de AXES_FAILURE_LIMIT, l'un ou l'autre est verrouillé AXES_COOLOFF_TIME.
# Message en français (gabarit registration/verrouille.html, 429) ; un facilitateur déverrouille dans
# l'administration (« Tentatives de connexion » : supprimer la ligne), ou `manage.py axes_reset_username`.
AXES_FAILURE_LIMIT = env.int("CARTEBLANCHE_CONNEXION_ECHECS_MAX", default=5)
AXES_COOLOFF_TIME = env.float("CARTEBLANCHE_CONNEXION_VERROU_HEURES", default=0.5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "comptes.views.verrouillage"  # 429 : page registration/verrouille.html ou JSON (API)
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Pas une ligne par connexion réussie : chaque appel HTTP Basic de l'API en serait une (seuls les échecs comptent).
AXES_DISABLE_ACCESS_LOG = True
# Derrière le proxy de production, l'adresse du client est la première de X-Forwarded-For.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# Réinitialisation du mot de passe : demandes par adresse électronique et par adresse IP (comptes/views.py).
REINITIALISATION_DEMANDES_MAX = 5
REINITIALISATION_FENETRE_SECONDES = 3600

# Content-Security-Policy (django-csp) : aucun script en ligne, aucun style en ligne dans le HTML, aucune
# ressource tierce. DSFR, htmx, le service worker (/terrain/sw.js) et Swagger UI (/api/docs/, servi par
# drf-spectacular-sidecar avec son initialisation dans static/js/api-docs.js) tournent sous cette
# politique (tests/browser/test_securite_csp.py). Pas de nonce : les pages publiques sont gardées entières
# par commun.cache, un nonce y serait figé. Les images en data: sont celles des icônes DSFR et de Swagger UI.
# Toute nouvelle page est vérifiée par ce test ; un script de page va dans static/js/, un style dans static/css/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Attributs style="…" seulement (largeur d'une barre, couleur d'une pastille, calculées côté serveur) :
        # un attribut de style n'exécute rien ; les éléments <style> restent refusés.
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
