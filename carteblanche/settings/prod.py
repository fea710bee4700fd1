"""Production : tout vient de l'environnement, rien n'a de valeur par défaut risquée.

`DJANGO_SETTINGS_MODULE=carteblanche.settings.prod manage.py check --deploy --fail-level WARNING` passe
(tests/securite/test_reglages_production.py) ; aucun contrôle n'est réduit au silence.
"""

from carteblanche.settings.base import *  # noqa: F403
from carteblanche.settings.base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEMO_ACCOUNTS_ENABLED = False

# HTTPS partout. Le proxy TLS pose X-Forwarded-Proto ; la sonde de santé interne reste en HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True

# HSTS : un an, sous-domaines compris, et `preload` (le domaine peut être inscrit dans la liste intégrée
# aux navigateurs, https://hstspreload.org ; une inscription se défait en des mois). Un domaine dont un
# sous-domaine n'est pas encore en HTTPS désactive preload et sous-domaines par l'environnement
# (DJANGO_SECURE_HSTS_PRELOAD=false, DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS=false) : `check --deploy` le
# signale alors (security.W005, W021), rien n'est réduit au silence par SILENCED_SYSTEM_CHECKS.
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
