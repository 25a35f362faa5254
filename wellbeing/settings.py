"""Settings for the staff wellbeing portal.

One module for every environment, configured from environment variables (see
`.env.example`). With no environment at all it runs the embedded default: SQLite,
a file cache and Celery's filesystem broker, so a laptop needs nothing but Python.
Bad values fail loudly at start-up rather than at the first request.
"""

import hashlib
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.crypto import fernet_keys

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Production unless debug is asked for: a forgotten variable must never leave a server in
# debug with a key anyone can read in the source (`make run`, `make test` and
# Procfile.dev ask for it; the Docker image and docker-compose.yml do not).
DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Every secret production needs, named in one message rather than one failed start each.
PRODUCTION_REQUIRED = (
    "DJANGO_SECRET_KEY",
    "EMAIL_URL",
    "CHECKUPS_NOTE_KEYS",
    "PEER_SUPPORT_NOTE_KEYS",
    "MONITOR_DRAFT_KEYS",
    "ACCOUNTS_PHONE_KEYS",
    "MESSAGE_KEY_SECRET",
    "EXPERTS_KEYS",
)
if not DEBUG:
    _missing = [name for name in PRODUCTION_REQUIRED if not env.str(name, default="").strip()]
    if _missing:
        raise ImproperlyConfigured(
            f"Set {', '.join(_missing)} to run in production (DJANGO_DEBUG is not true), "
            "or set DJANGO_DEBUG=true for development on this machine only."
        )

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:  # debug only (production stopped above)
    # Published in the source, so it protects nothing; nor do the note keys that
    # core.crypto.fernet_keys derives from it in debug.
    SECRET_KEY = "insecure-development-key-only-for-the-embedded-default"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # before the admin (health square: translated fields)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "treebeard",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    "csp",
    "core",
    "accounts",
    "notifications",
    "checkups",
    "surveys",
    "organisations",
    "peer_support",
    "trainings",
    "simple_history",
    "health",
    "experts",
    "overview",
    "dataprotection",
    "wellbeing",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",  # first: request latency per view
    # /healthz and /readyz by any address over plain HTTP (before the host check and the redirect).
    "wellbeing.probes.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestLogMiddleware",  # after the static files: one JSON line per page
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the timeout, which leaves its calm message on the login page.
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "core.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",  # last
]

ROOT_URLCONF = "wellbeing.urls"
WSGI_APPLICATION = "wellbeing.wsgi.application"

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
                "django.template.context_processors.i18n",
                "organisations.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Immediate transactions take the write lock up front, so concurrent writers
    # (web, worker, beat) wait for each other instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database host that does not answer at all (not even a refusal) fails a new connection
    # after this many seconds rather than after the system's TCP time-out of minutes: requests get
    # the error page and /readyz its 503 while the load balancer still waits for an answer.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: shared by every process (rate limits, login throttling, TOTP replay) ---
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    # The embedded default: Django's file cache drops a third of its entries at random past 300,
    # which would throw away sessions, throttle counters and used authenticator codes.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 100_000)

# --- Accounts, allauth, MFA, single sign-on -------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# OWASP ASVS 4.0.3 V2.1: at least 12 characters, at most 128 (so a passphrase of 64 fits and
# nothing is truncated), no rules about kinds of characters, never a common or breached password
# (about 140,000 of them, shipped in accounts/data/: see its README), nor one like the person's name.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "accounts.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {
        "NAME": "django.contrib.auth.password_validation.CommonPasswordValidator",
        "OPTIONS": {"password_list_path": BASE_DIR / "accounts" / "data" / "common-passwords.txt.gz"},
    },
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# The portal never remembers a login past the browser session: no "Remember me" box.
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Every login path is throttled here and only here (docs/security-settings.md): the login form,
# the admin's (which is this one), the MFA code and the password check before sensitive pages
# ("login_failed" counts MFA codes per account too), and the password reset.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "10/m/ip,3/15m/key",
    "reset_password_from_key": "20/m/ip",
    "reauthenticate": "10/5m/user",
    "change_password": "5/m/user",
}
# A neutral e-mail when the password, an authenticator or the login address changes
# (AccountAdapter.send_notification_mail: through the outbox, no address or browser in it).
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Recent means five minutes: the password (or code) asked again before MFA changes, role
# changes and exports (accounts/reauth.py).
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Active sessions, listed for their owner to end (/accounts/sessions/). Activity is recorded
# once a minute by accounts.middleware.SessionTimeoutMiddleware, not on every request.
USERSESSIONS_TRACK_ACTIVITY = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's forms with the portal's words (accounts/forms.py); templates/account and templates/mfa likewise.
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "change_password": "accounts.forms.ChangePasswordForm",
}
MFA_FORMS = {
    "authenticate": "accounts.forms.MFAAuthenticateForm",
    "reauthenticate": "accounts.forms.MFAReauthenticateForm",
    "activate_totp": "accounts.forms.ActivateTOTPForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Wellbeing portal")
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_QUERY_EMAIL = True

# Single sign-on by OpenID Connect (Microsoft Entra ID, ADFS, Keycloak, ...).
# Off unless OIDC_CLIENT_ID is set; see README "Single sign-on".
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
SOCIALACCOUNT_PROVIDERS = {}
if OIDC_CLIENT_ID:
    OIDC_SERVER_URL = env.str("OIDC_SERVER_URL", default="")
    if not OIDC_SERVER_URL:
        raise ImproperlyConfigured("OIDC_SERVER_URL must be set when OIDC_CLIENT_ID is.")
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": env.str("OIDC_PROVIDER_ID", default="organisation"),
                "name": env.str("OIDC_PROVIDER_NAME", default="Organisation account"),
                "client_id": OIDC_CLIENT_ID,
                "secret": env.str("OIDC_CLIENT_SECRET", default=""),
                "settings": {"server_url": OIDC_SERVER_URL, "token_auth_method": "client_secret_post"},
            }
        ],
    }
# A login through the identity provider counts as MFA only when the provider enforces MFA.
# The organisation's e-mail domain(s), e.g. "politie.nl,dji.nl": `import_users
# --deactivate-missing` closes open accounts of these domains missing from a full staff list.
# Empty: the domains that appear in the list itself.
ORGANISATION_EMAIL_DOMAINS = [
    domain.strip().lower() for domain in env.list("ORGANISATION_EMAIL_DOMAINS", default=[]) if domain.strip()
]
OIDC_ENFORCES_MFA = env.bool("OIDC_ENFORCES_MFA", default=False)
# Whether a first SSO login may create the account (the IdP is then the provisioning source).
OIDC_CREATES_ACCOUNTS = env.bool("OIDC_CREATES_ACCOUNTS", default=False)

# Sessions are read from the shared cache and written to both the cache and the database
# (Django's cached_db, with a logout that cannot leave a live copy in the cache: accounts.sessions):
# a page does not ask the database for its session, and the database still holds every login (the
# person's own list of sessions, their data export). Every place that ends sessions goes through
# the session store, which removes a session from both: closing an account
# (accounts.services._sessions_end), logging out, "log out" on the list of sessions (allauth).
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# How long a login lasts (accounts.middleware.SessionTimeoutMiddleware; ASVS 3.3.2 level 2):
# idle minutes and hours at most, for privileged roles and for employees.
SESSION_IDLE_MINUTES_PRIVILEGED = env.int("SESSION_IDLE_MINUTES_PRIVILEGED", default=30)
SESSION_MAX_HOURS_PRIVILEGED = env.int("SESSION_MAX_HOURS_PRIVILEGED", default=12)
SESSION_IDLE_MINUTES_EMPLOYEE = env.int("SESSION_IDLE_MINUTES_EMPLOYEE", default=30)
SESSION_MAX_HOURS_EMPLOYEE = env.int("SESSION_MAX_HOURS_EMPLOYEE", default=12)

# --- Internationalisation --------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch")), ("da", _("Danish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Europe/Amsterdam")
PORTAL_TIME_ZONES = ["Europe/Amsterdam", "Europe/Copenhagen", "America/Nuuk", "UTC"]

# --- Static files ------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Served at the site root: browsers and crawlers ask for /favicon.ico whatever the page links to.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded files (the health square's images), served by the portal's own views, never as a folder.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Translated fields (django-modeltranslation) fall back as core.i18n.pick does: English, then any.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "nl", "da")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -------------------------------------------------------------------------
# The console default is for debug only (production stopped above without EMAIL_URL): the
# console or a file would write every password-reset link where administrators read it.
_email = env.email_url("EMAIL_URL", default="consolemail://")
if not DEBUG and _email["EMAIL_BACKEND"].rsplit(".", 2)[-2] in ("console", "filebased"):
    raise ImproperlyConfigured("EMAIL_URL must name a mail server when DJANGO_DEBUG is false, not a console or file.")
vars().update(_email)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Wellbeing portal <no-reply@wellbeing.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in e-mails and calendar files.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Emergency numbers, shown in the header of every page ----------------------------
# Since organisations are data (organisations app), these and the escalation times, default
# protocol and minimum groups below are the defaults of a new organisation; each organisation's
# own values are edited in the portal (/organisation/settings/). The 500 page shows these.
EMERGENCY_NUMBER = env.str("EMERGENCY_NUMBER", default="112")
NON_EMERGENCY_NUMBER = env.str("NON_EMERGENCY_NUMBER", default="0900-8844")
CRISIS_LINE_NAME = env.str("CRISIS_LINE_NAME", default="113 Zelfmoordpreventie")
CRISIS_LINE_NUMBER = env.str("CRISIS_LINE_NUMBER", default="0800-0113")
PEER_SUPPORT_PHONE = env.str("PEER_SUPPORT_PHONE", default="")
# The default sender of a new organisation's text messages (at most 11 letters and digits).

# --- Security ------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of the portal append to X-Forwarded-For and are ours to trust
# (the reverse proxy, and the organisation's own proxy if staff come through it). Every
# rate limit, allauth's login throttle included, takes the client's address from
# `core.ratelimit.client_address`: 0 = REMOTE_ADDR, N = the Nth address from the right.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
# allauth asks AccountAdapter.get_client_ip (core.ratelimit.client_address); its own setting
# says the same, should any allauth code read it directly.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp): nothing inline, nothing from elsewhere. Scripts and
# styles are files under static/ (docs/security-settings.md); json_script data blocks are not
# run, so they need no exception. form-action allows only our own forms: the single sign-on
# redirect to the identity provider is a redirect after our own form, which browsers allow.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# No camera, microphone, location or payment for any page (core.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# --- Celery ---------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded default: messages are files, so the worker needs no server.
    _broker_dir = VAR_DIR / "broker"
    (_broker_dir / "queue").mkdir(parents=True, exist_ok=True)
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
    (_broker_dir / "control").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Exchange tables (a broadcast, e.g. `celery inspect`): under var/ too, not in the checkout.
        "control_folder": str(_broker_dir / "control"),
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# Every periodic job of the portal, in one place.
CELERY_BEAT_SCHEDULE = {
    # Send the outbox messages that are due (claims rows, sends, marks them sent).
    "notifications-dispatch": {"task": "notifications.tasks.dispatch_due_messages", "schedule": 60.0},
    # Delete what the retention rules say is past its time (daily, at night).
    "core-retention": {"task": "core.tasks.apply_retention", "schedule": crontab(hour=3, minute=17)},
    # Make the check-up slots of the weeks ahead from the weekly availability (nightly).
    "checkups-materialise-slots": {"task": "checkups.tasks.materialise_slots", "schedule": crontab(hour=2, minute=41)},
    # Make sure every appointment in the next two days has its 24-hour reminder row.
    "checkups-reminders": {"task": "checkups.tasks.schedule_reminders", "schedule": crontab(minute=7)},
    # Expire wait-list offers not taken, pass them on, and offer newly free times.
    "checkups-wait-list": {"task": "checkups.tasks.process_wait_list", "schedule": 300.0},
    # Peer support: escalate unclaimed requests, remind step owners, flag overdue steps, send screening links.
    "peer-support-scan": {"task": "peer_support.tasks.scan_timers", "schedule": 60.0},
    # Freeze the use of check-ups and peer support of each completed quarter, once (nightly).
    "overview-freeze-quarters": {
        "task": "overview.tasks.freeze_usage_quarters",
        "schedule": crontab(hour=4, minute=23),
    },
    # Monitor: move held answers in safe batches, send reminders on their dates, close campaigns that are due.
    "monitor-scan": {"task": "surveys.monitor.tasks.monitor_scan", "schedule": 300.0},
    # Self-test: reminders people asked for go to the outbox on their day (all of a day's at once).
    "selftest-reminders": {"task": "surveys.tasks.release_retake_reminders", "schedule": crontab(minute=23)},
    # Trainings: pass on wait-list offers not taken (every 5 minutes); remind of required courses (daily).
    "trainings-wait-list": {"task": "trainings.tasks.process_wait_list", "schedule": 300.0},
    "trainings-requirements": {"task": "trainings.tasks.remind_requirements", "schedule": crontab(hour=7, minute=11)},
    # Health square: e-mail the editors about articles whose review date has passed (once per date).
    "health-review-dates": {"task": "health.tasks.schedule_review_reminders", "schedule": crontab(hour=7, minute=13)},
}

# --- Outbox -----------------------------------------------------------------------------
# The secret of the HMAC that turns readable message keys into opaque ones (notifications/keys.py),
# so that the outbox never tells an administrator that someone has an appointment or a follow-up
# plan. Never rotate it casually: scans recognise what they scheduled by its key, so with a new
# secret every pending reminder gets a new key and is scheduled (and sent) a second time, and
# cancelling by prefix no longer finds the rows made with the old secret.
MESSAGE_KEY_SECRET = env.str("MESSAGE_KEY_SECRET", default="")
if not MESSAGE_KEY_SECRET:
    if not DEBUG:
        raise ImproperlyConfigured("MESSAGE_KEY_SECRET must be set when DJANGO_DEBUG is false.")
    MESSAGE_KEY_SECRET = hashlib.sha256(f"message-keys:{SECRET_KEY}".encode()).hexdigest()
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=300)
# 16 tries over about three hours (back-off 1, 2, 4, 8, then 15 minutes): an hour without the
# mail server or the SMS gateway fails nothing.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=16)
OUTBOX_BATCH_SIZE = env.int("OUTBOX_BATCH_SIZE", default=100)
# A dispatch task keeps claiming batches while due messages remain, for at most this long,
# then queues itself again (several run side by side, each claiming with SKIP LOCKED).
OUTBOX_DRAIN_SECONDS = env.int("OUTBOX_DRAIN_SECONDS", default=50)
# At most this many drains run side by side (PostgreSQL advisory locks; 0: no cap). Beat adds a
# drain every minute while a backlog lasts; more than the workers can run only queues up.
# Urgent dispatch takes no slot.
OUTBOX_MAX_DRAINS = env.int("OUTBOX_MAX_DRAINS", default=4)

# --- Text messages (alerts to the people on duty; notifications/channels/sms.py) ----------
# `console` logs that a text would go (no number, no text); `twilio` sends through Twilio's
# Messages API. The account and token are secrets: from the environment only.
SMS_BACKEND = env.str("SMS_BACKEND", default="console")
SMS_API_URL = env.str("SMS_API_URL", default="https://api.twilio.com").rstrip("/")
SMS_ACCOUNT = env.str("SMS_ACCOUNT", default="")
SMS_API_TOKEN = env.str("SMS_API_TOKEN", default="")
SMS_SENDER = env.str("SMS_SENDER", default="Wellbeing")
SMS_TIMEOUT_SECONDS = env.int("SMS_TIMEOUT_SECONDS", default=10)
if SMS_BACKEND not in ("console", "twilio"):
    raise ImproperlyConfigured("SMS_BACKEND must be console or twilio.")
if SMS_BACKEND == "twilio" and not DEBUG:
    _sms_missing = [name for name in ("SMS_ACCOUNT", "SMS_API_TOKEN") if not env.str(name, default="").strip()]
    if _sms_missing:
        raise ImproperlyConfigured(f"Set {', '.join(_sms_missing)} to send text messages with SMS_BACKEND=twilio.")
    if not SMS_API_URL.startswith("https://"):
        raise ImproperlyConfigured("SMS_API_URL must be an https:// address in production.")

# --- Retention ----------------------------------------------------------------------------
RETENTION_OUTBOX_DAYS = env.int("RETENTION_OUTBOX_DAYS", default=90)
RETENTION_AUDIT_DAYS = env.int("RETENTION_AUDIT_DAYS", default=730)
# A handed-over piece of work of someone who left is forgotten this long after it was handed
# over (or after the account was closed, if nobody ever ticked it off).
RETENTION_HANDOVER_DAYS = env.int("RETENTION_HANDOVER_DAYS", default=90)

# --- Logging: never request bodies or query strings ------------------------------------------
# Production writes JSON lines (core.logging.JsonFormatter: no user, e-mail, address or query
# string); debug writes plain lines. LOG_FORMAT=json|plain overrides.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or plain.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"strip_query": {"()": "core.logging.StripQueryStringFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["strip_query"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # 4xx are in portal.request by view and status; its "Not Found: /path" lines would add paths.
        "django.request": {"handlers": ["console"], "level": "WARNING" if DEBUG else "ERROR", "propagate": False},
        # The request log (core.middleware.RequestLogMiddleware): on with JSON lines (runserver logs its own).
        "portal.request": {
            "handlers": ["console"],
            "level": "INFO" if env.bool("LOG_REQUESTS", default=LOG_FORMAT == "json") else "WARNING",
            "propagate": False,
        },
    },
}
# The worker and beat log through LOGGING too (JSON in production), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Monitoring (docs/operations.md, "Monitoring") --------------------------------------------
# /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, /metrics does not exist (404).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
if METRICS_TOKEN and len(METRICS_TOKEN) < 32 and not DEBUG:
    raise ImproperlyConfigured("METRICS_TOKEN must be at least 32 characters (e.g. `openssl rand -hex 32`).")

# --- Peer support ----------------------------------------------------------------------------
# Fernet keys (newest first) for messages, case notes and the incident log at rest.
PEER_SUPPORT_NOTE_KEYS = fernet_keys(
    env.list("PEER_SUPPORT_NOTE_KEYS", default=[]), name="PEER_SUPPORT_NOTE_KEYS", debug=DEBUG, secret_key=SECRET_KEY
)
# An urgent request ("today") not claimed in this time alerts the coordinator, then the next region's.
PEER_SUPPORT_ESCALATE_URGENT_MINUTES = env.int("PEER_SUPPORT_ESCALATE_URGENT_MINUTES", default=60)
PEER_SUPPORT_ESCALATE_NORMAL_HOURS = env.int("PEER_SUPPORT_ESCALATE_NORMAL_HOURS", default=24)
# Urgent alerts: how long the person alerted has to take the request before the next one in
# the chain is alerted, and how long a taken request may wait for its first contact before
# the coordinator is alerted (peer_support/services/alerts.py).
PEER_SUPPORT_ALERT_ACK_MINUTES = env.int("PEER_SUPPORT_ALERT_ACK_MINUTES", default=15)
PEER_SUPPORT_FIRST_CONTACT_HOURS = env.int("PEER_SUPPORT_FIRST_CONTACT_HOURS", default=4)
# Case notes are deleted this long after their request is closed.
PEER_SUPPORT_NOTE_RETENTION_DAYS = env.int("PEER_SUPPORT_NOTE_RETENTION_DAYS", default=90)
# Closed requests, and incidents with their plans, are deleted after these periods.
PEER_SUPPORT_REQUEST_RETENTION_DAYS = env.int("PEER_SUPPORT_REQUEST_RETENTION_DAYS", default=730)
PEER_SUPPORT_INCIDENT_RETENTION_DAYS = env.int("PEER_SUPPORT_INCIDENT_RETENTION_DAYS", default=1825)
# A step owner is reminded this many hours before a follow-up step is due.
PEER_SUPPORT_STEP_REMINDER_HOURS = env.int("PEER_SUPPORT_STEP_REMINDER_HOURS", default=12)
# The protocol used when the organisation has not chosen one for an incident type.
PEER_SUPPORT_DEFAULT_PROTOCOL = env.str("PEER_SUPPORT_DEFAULT_PROTOCOL", default="tco")

# --- Check-ups (checkups app) ---------------------------------------------------------------
# Employees may move or cancel an appointment themselves until this many hours before it.
CHECKUPS_CANCEL_CUTOFF_HOURS = env.int("CHECKUPS_CANCEL_CUTOFF_HOURS", default=24)
# Whom to call for a change after the cut-off when the psychologist has no phone in their profile.
CHECKUPS_CONTACT_PHONE = env.str("CHECKUPS_CONTACT_PHONE", default="")
# How many weeks of slots are made ahead from the weekly availability windows.
CHECKUPS_WEEKS_AHEAD = env.int("CHECKUPS_WEEKS_AHEAD", default=8)
# How long a freed slot is held for the person on the wait list (or after an absence) it is offered to.
CHECKUPS_HOLD_HOURS = env.int("CHECKUPS_HOLD_HOURS", default=24)
# A slot can be booked until this many minutes before it starts.
CHECKUPS_MIN_NOTICE_MINUTES = env.int("CHECKUPS_MIN_NOTICE_MINUTES", default=60)
# Open consultations (no name): bookings per browser session and per network address per day.
CHECKUPS_OPEN_PER_SESSION = env.int("CHECKUPS_OPEN_PER_SESSION", default=2)
CHECKUPS_OPEN_PER_ADDRESS = env.int("CHECKUPS_OPEN_PER_ADDRESS", default=10)
# Fernet keys for session notes, comma-separated, newest first (rotate: manage.py rotate_checkups_note_keys).
CHECKUPS_NOTE_KEYS = fernet_keys(
    env.list("CHECKUPS_NOTE_KEYS", default=[]), name="CHECKUPS_NOTE_KEYS", debug=DEBUG, secret_key=SECRET_KEY
)

# --- Ask an expert ---------------------------------------------------------------------------
# Fernet keys for questions to the psychologists and their answers, comma-separated, newest
# first (rotate: manage.py rotate_encryption_keys).
EXPERTS_KEYS = fernet_keys(
    env.list("EXPERTS_KEYS", default=[]), name="EXPERTS_KEYS", debug=DEBUG, secret_key=SECRET_KEY
)

# --- Surveys: self-tests (and later the monitor) ---------------------------------------------
# Minimum group for anything about health (self-test bands, burnout, distress): smaller counts are hidden.
SELFTEST_MIN_GROUP = env.int("SELFTEST_MIN_GROUP", default=10)
# Instrument parameters the data files allow to be configured (within the range each file sets).
SELFTEST_PARAMETERS = {"pcl5": {"cutoff": env.int("SELFTEST_PCL5_CUTOFF", default=33)}}
# The anonymous statistics rows are deleted after this many weeks.
SELFTEST_STATISTICS_RETENTION_WEEKS = env.int("SELFTEST_STATISTICS_RETENTION_WEEKS", default=52 * 5)

# --- Surveys: employee monitor ----------------------------------------------------------------
# Default minimum groups of a new campaign: work-environment figures, and health figures and comments.
MONITOR_MIN_GROUP = env.int("MONITOR_MIN_GROUP", default=5)
MONITOR_MIN_GROUP_HEALTH = env.int("MONITOR_MIN_GROUP_HEALTH", default=10)
# Fernet keys (newest first) for unfinished and held answers, which exist only while a
# campaign is open: rotate by putting a new key first and dropping the old one after close.
# The mobile numbers staff give for alerts (accounts.User.alert_phone).
ACCOUNTS_PHONE_KEYS = fernet_keys(
    env.list("ACCOUNTS_PHONE_KEYS", default=[]), name="ACCOUNTS_PHONE_KEYS", debug=DEBUG, secret_key=SECRET_KEY
)
MONITOR_DRAFT_KEYS = fernet_keys(
    env.list("MONITOR_DRAFT_KEYS", default=[]), name="MONITOR_DRAFT_KEYS", debug=DEBUG, secret_key=SECRET_KEY
)
# Who was invited (never who answered: that is deleted at close) is deleted this many days after close.
MONITOR_PARTICIPATION_RETENTION_DAYS = env.int("MONITOR_PARTICIPATION_RETENTION_DAYS", default=90)
