"""Settings for Tryg, read from the environment (docs/operations.md, "Settings")."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def envbool(name: str, default: str) -> bool:
    """A yes/no setting; a typo ("ture") stops the start instead of silently meaning false (as in healthchecks)."""
    value = os.environ.get(name, "").strip().lower() or default.lower()
    if value not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"{name}={os.environ.get(name)!r} is not a yes/no value: use true or false.")
    return value in _TRUE


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless the environment turns it on: `make run` and `make test` (and pytest, through tests/settings.py) do.
DEBUG = envbool("DEBUG", "False")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only for local development and tests; production refuses to start without a real key.
    SECRET_KEY = "django-insecure-local-development-key-not-for-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "simple_history",
    "django_tasks",
    # Before django_tasks_db: its `db_worker` also requeues the tasks a dead worker left running (mail.recovery),
    # and its admin replaces that app's, showing no mail body.
    "mail",
    "tryg.third_party.TasksDatabaseConfig",  # django_tasks_db, with a Danish name
    "tryg.third_party.AxesConfig",  # django-axes, with a Danish name
    # Only for its Danish translations of zxcvbn's advice (the validator is accounts.passwords).
    "django_zxcvbn_password_validator",
    "audit",
    # Numbers and spreadsheets the Danish way; the bottom layer, importing no other app.
    "formatting",
    "accounts",
    "focusareas",
    "indicators",
    "initiatives",
    "goal",
    "followup",
    # The public pages (/offentlig/): no login, read-only, only what the steering group published.
    "public",
    # Single sign-on through the organisations' identity providers (djangosaml2, pysaml2).
    "djangosaml2",
    "sso",
    # Costly results kept in the cache "pages" while no data changed (datacache/__init__.py).
    "datacache",
    # The project package holds the pages that combine apps and the load_demo command.
    "tryg",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "datacache.middleware.DataVersionMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A second session cookie for the SAML exchange (SameSite=None: the provider posts its answer cross-site).
    "djangosaml2.middleware.SamlSessionMiddleware",
    "tryg.middleware.SlidingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tryg.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tryg.urls"
WSGI_APPLICATION = "tryg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # A new PostgreSQL connection per request cost a fifth of a request under load, so production keeps them
        # (per worker); the health check replaces one the database dropped, e.g. after a restart.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0" if DEBUG else "600")),
        conn_health_checks=True,
    )
}

# Built pages and other costly results are kept in the cache "pages" (datacache): in each process's memory on one
# host, in Redis when CACHE_URL=redis://… names it, shared by every host, with the sessions read through it too.
CACHE_URL = os.environ.get("CACHE_URL", "")
# Seconds a kept result lives at most (one under an older data version is never read again); those keyed by the
# address asked, which anyone may vary, live shorter.
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", str(60 * 60)))
PAGE_CACHE_ADDRESS_TIMEOUT = int(os.environ.get("PAGE_CACHE_ADDRESS_TIMEOUT", "300"))
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    _redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    _prefix = os.environ.get("CACHE_KEY_PREFIX", "tryg")
    CACHES: dict[str, dict[str, object]] = {
        "default": {**_redis, "KEY_PREFIX": _prefix},
        "pages": {**_redis, "KEY_PREFIX": f"{_prefix}:pages"},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Refuses what is merely long ("aaaaaaaaaaaa", "jonas-holm-2026", "Sommer2026!!"), saying why in Danish.
    {"NAME": "accounts.passwords.StrongPasswordValidator"},
]
# django-axes first: it refuses a locked-out login before the password is even checked. Then Django's model
# backend, reading the user's roles with their group permissions in one query (RoleBackend).
# sso.backends.AccountBackend is that backend, refusing passwords when PASSWORD_LOGIN is off (but the break-glass
# account's); single sign-on logs users in through it too, so their roles load the same way.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "sso.backends.AccountBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on (docs/single-sign-on.md): the TOML file naming the identity providers, each with its metadata
# file, organisation and role map. Unset: no organisation login, only passwords.
SSO_CONFIG_FILE = os.environ.get("SSO_CONFIG_FILE", "")
SAML_CONFIG_LOADER = "sso.config.sp_config"
# Authentication requests go by redirect: no self-submitting form, which the Content-Security-Policy would block.
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_SESSION_COOKIE_NAME = "saml_session"
# Development runs on plain HTTP, where browsers drop SameSite=None cookies; production's cookies are Secure.
SAML_SESSION_COOKIE_SAMESITE = "Lax" if DEBUG else "None"
# Off: the login form takes only the break-glass account's password; everyone else signs in through a provider.
PASSWORD_LOGIN = envbool("PASSWORD_LOGIN", "True")
BREAK_GLASS_USERNAME = os.environ.get("BREAK_GLASS_USERNAME", "")

# Danish only: the users are Danish municipal and police staff. Without LocaleMiddleware every request is in
# LANGUAGE_CODE, whatever the browser asks for; the catalogue (locale/da) holds every text users read.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
# Danish number formats come from the "da" locale; thousands are grouped with a dot.
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Files attached to follow-up records: outside every public folder, served only by a view that checks the role.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")
# Seconds before a silent mail server counts as failed; the worker then retries the mail later.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tryg@aarhus.dk")
# The address users reach Tryg at, for the links in notification mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# The accessibility statement the footer of every page links to; statements are published through the Danish
# Agency for Digital Government's WAS tool, which gives each site its address.
ACCESSIBILITY_STATEMENT_URL = os.environ.get("ACCESSIBILITY_STATEMENT_URL", "https://www.was.digst.dk/")

# A deciding role, or a decider's e-mail or organisation, takes effect when a second person confirms it
# (accounts/changes.py); "false" only for an installation with a single administrator.
TWO_PERSON_RULE = envbool("TWO_PERSON_RULE", "true")

# Mail and other slow work go through a queue in the database (django-tasks), written in the same transaction as
# the change that causes it; `manage.py db_worker` runs the queue (docs/operations.md, "Mail and the worker").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Seconds after which a task still running counts as left by a dead worker and is run again.
TASK_RUNNING_TIMEOUT = int(os.environ.get("TASK_RUNNING_TIMEOUT", "300"))

# Uploaded index files are read in memory; the importer itself refuses files over 5 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

# Only users with the model permissions may import or export through django-import-export (4.x checks
# "<code>_<model>"). Export needs "change", not "view": every role may view index values, but view-only staff
# must not download them in bulk from the admin.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Login throttling (django-axes). Municipal offices share one address, so a lock is on the username *and* the
# address, never on the address alone: five wrong passwords are answered normally, the sixth locks that username
# from that address for 15 minutes. The lockout page does not say whether the user exists.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 6
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tryg.views.lockout_response"
# The client's address behind proxies: X-Forwarded-For is read only through the proxies named here (addresses or
# networks, e.g. "10.0.0.5,10.1.0.0/24") or the number of them in front of Tryg; neither: REMOTE_ADDR alone.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES")
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "audit.client_ip"
# Logins, failures and lockouts are written to the audit log (app `audit`); axes keeps only its lock counters.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# The audit log keeps its rows this long; `manage.py prune_audit_log` deletes older ones (run it daily).
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", str(5 * 365)))

# A session ends after 8 hours without a request (tryg.middleware.SlidingSessionMiddleware refreshes it on
# activity), and when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline scripts or styles anywhere: CSS and JavaScript come from static files. Bootstrap's CSS draws its form
# controls' icons with data: SVG images, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# The browser features Tryg never uses are switched off for every page.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
}
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if envbool("BEHIND_TLS_PROXY", "False"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The load balancer's health probe may speak plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# One line per record: a request error names the method, path, status and username; a failed job its task.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"()": "tryg.log.OneLineFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own console handler (DEBUG only) would print every error a second time, a 403 or 404 with its
    # whole traceback; its records reach the root handler above instead.
    "loggers": {"django": {"handlers": [], "level": "INFO"}},
}
