"""One settings module for every environment, read from GJJ_* environment variables.

With GJJ_DEBUG off (production), a missing GJJ_SECRET_KEY or GJJ_PII_KEY stops the start with a
clear message instead of running on a guessable key.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from gjj.core.net import parse_trusted_proxies as _check_trusted_proxies

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_str(name: str, default: str = "") -> str:
    """A setting from GJJ_NAME, or from the file named by GJJ_NAME_FILE (for secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("GJJ_DEBUG", False)
# The test settings (dev keys, no HTTPS redirect, insecure cookies) only when asked for
# explicitly: the pytest configuration sets GJJ_TESTING=1 (pyproject.toml, pytest-env).
TESTING = env_bool("GJJ_TESTING", False)
# Test switches (GJJ_TESTING, GJJ_CAPTCHA_TEST_MODE) outside a debug run need this second,
# explicit switch: the test runner or an automated acceptance environment, never production.
ALLOW_TEST_MODE = env_bool("GJJ_ALLOW_TEST_MODE", False)
if TESTING and not DEBUG and not ALLOW_TEST_MODE:
    raise ImproperlyConfigured(
        "GJJ_TESTING=1 会改用开发密钥、关闭安全 Cookie 和 HTTPS 跳转，只用于自动化测试："
        "生产模式下需同时设置 GJJ_ALLOW_TEST_MODE=1。"
        " GJJ_TESTING=1 needs GJJ_ALLOW_TEST_MODE=1 as well (never in production)."
    )

_DEV_SECRET = "dev-only-secret-key-not-for-production-8c1f5e"
_DEV_PII_KEY = "dev-only-pii-key-not-for-production-3b7a9d"
SECRET_KEY = env_str("GJJ_SECRET_KEY")
PII_KEY = env_str("GJJ_PII_KEY")
if not SECRET_KEY or not PII_KEY:
    if not (DEBUG or TESTING):
        missing = [
            n for n, v in (("GJJ_SECRET_KEY", SECRET_KEY), ("GJJ_PII_KEY", PII_KEY)) if not v
        ]
        raise ImproperlyConfigured(
            "生产模式（GJJ_DEBUG 未开启）必须设置 "
            + "、".join(missing)
            + "。Set "
            + ", ".join(missing)
            + " (or GJJ_DEBUG=1 for a local demo)."
        )
    SECRET_KEY = SECRET_KEY or _DEV_SECRET
    PII_KEY = PII_KEY or _DEV_PII_KEY

ALLOWED_HOSTS = [h.strip() for h in env_str("GJJ_ALLOWED_HOSTS", "").split(",") if h.strip()]
if DEBUG or TESTING:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "testserver", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "captcha",
    "axes",
    "csp",
    "gjj.core",
    "gjj.people",
    "gjj.identity",
    "gjj.fund",
    "gjj.loans",
    "gjj.applications",
    "gjj.withdrawals",
    "gjj.prepayments",
    "gjj.loanapps",
    "gjj.inbox",
    "gjj.hall",
    "gjj.api",
    "gjj.certificates",
    "gjj.staff",
    "gjj.interchange",
    "ninja",  # serves the API docs page's assets from the installed package (no CDN)
]

MIDDLEWARE = [
    # The client's IP once per request (X-Forwarded-For only through GJJ_TRUSTED_PROXIES).
    "gjj.core.net.ClientIPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: no-store, private on every personal page (gjj/core/headers.py).
    "gjj.core.headers.PrivatePagesMiddleware",
    "gjj.identity.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # AxesMiddleware must be the last one (django-axes documentation).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gjj.urls"
WSGI_APPLICATION = "gjj.wsgi.application"

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
                "gjj.hall.context_processors.hall",
                "gjj.core.kept.csrf",  # a kept page's placeholder token (gjj/core/kept.py)
            ],
            # speed: remembered {% url %}s and a quicker |date, same output (issue 15).
            "builtins": ["gjj.core.templatetags.money", "gjj.core.templatetags.speed"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("GJJ_DATABASE_URL", f"sqlite:///{VAR_DIR / 'hall.sqlite3'}"),
        conn_max_age=env_int("GJJ_DB_CONN_MAX_AGE", 60),
    )
}
# A persistent connection that died (database restarted, connection cut) is replaced at the
# start of the next request instead of failing it; a database that is away fails fast (503).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("GJJ_DB_CONNECT_TIMEOUT", 5)
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("GJJ_REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "gjj.core.rediscache.RedisCache",  # one client a pool (the module says why)
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gjj",
            # Redis away or hung: fail within a second (a 503 page), never hang a worker.
            "OPTIONS": {
                "socket_connect_timeout": env_int("GJJ_REDIS_TIMEOUT", 1),
                "socket_timeout": env_int("GJJ_REDIS_TIMEOUT", 1),
            },
        }
    }
    # Django's cache sessions, except that an unreachable Redis is a 503, not a logout.
    SESSION_ENGINE = "gjj.identity.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "identity.User"
# Two doors, each with a backend that knows only its own logins (gjj/identity/backends.py):
# depositors at /login/, staff at /admin/login/ (and /staff/login/); no generic ModelBackend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "gjj.identity.backends.DepositorBackend",
    "gjj.identity.backends.StaffBackend",
]
PASSWORD_HASHERS = [
    "gjj.identity.hashers.HallArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "gjj.identity.validators.LengthValidator",
        "OPTIONS": {"min_length": 8, "max_length": 128},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gjj.identity.validators.PersonInfoValidator"},
]
LOGIN_URL = "identity:login"
LOGIN_REDIRECT_URL = "hall:home"

# Sessions: idle timeout and absolute lifetime (seconds).
SESSION_IDLE_TIMEOUT = env_int("GJJ_SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("GJJ_SESSION_ABSOLUTE_TIMEOUT", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Scripts read the token from <meta name="csrf-token">, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and not TESTING
CSRF_COOKIE_SECURE = not DEBUG and not TESTING
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("GJJ_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("GJJ_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("GJJ_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The reverse proxies in front of the hall whose X-Forwarded-For is believed: "" (none, the
# default: REMOTE_ADDR is the client), a hop count ("1"), or their addresses/networks
# ("127.0.0.1,10.0.0.0/8"). Every per-IP rule (axes, the SMS cap, the audit) uses the result.
TRUSTED_PROXIES = env_str("GJJ_TRUSTED_PROXIES", "").strip()
_check_trusted_proxies(TRUSTED_PROXIES)

# Content-Security-Policy (django-csp): only the hall's own files; no inline script or style,
# no frames of the hall elsewhere, forms post only to the hall.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Permissions-Policy (django-permissions-policy): the hall uses none of these (autoplay stays:
# the new-message sound plays by itself).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# django-axes: 5 failures for one account from one IP lock that pair for 30 minutes.
AXES_FAILURE_LIMIT = env_int("GJJ_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("GJJ_LOGIN_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = True
AXES_HANDLER = "gjj.identity.doors.HallAxesHandler"  # the database handler, fewer queries
# No axes AccessLog row for every login and logout: the audit log records both already
# (gjj/core/audit.py), and the extra write was part of a login's cost beside the hash.
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "gjj.core.net.client_ip"
# The ID number and phone of one person count as one account; stores a digest, never the number.
AXES_USERNAME_CALLABLE = "gjj.identity.doors.axes_username"
AXES_LOCKOUT_CALLABLE = "gjj.identity.doors.lockout_response"
# And at most this many failures an hour per account from all IPs (gjj/identity/throttle.py).
LOGIN_ACCOUNT_HOURLY_LIMIT = env_int("GJJ_LOGIN_ACCOUNT_HOURLY_LIMIT", 100)

# Captcha (django-simple-captcha). Test mode accepts the answer PASSED.
CAPTCHA_TEST_MODE = env_bool("GJJ_CAPTCHA_TEST_MODE", False)
if CAPTCHA_TEST_MODE and not DEBUG and not ALLOW_TEST_MODE:
    raise ImproperlyConfigured(
        "GJJ_CAPTCHA_TEST_MODE=1 只用于自动化验收环境：生产模式下需同时设置 GJJ_ALLOW_TEST_MODE=1。"
    )
CAPTCHA_IMAGE_SIZE = (150, 50)
CAPTCHA_FONT_SIZE = 36
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 5

# SMS: console (default), file:PATH, or a dotted path to a provider adapter.
SMS_BACKEND = env_str("GJJ_SMS_BACKEND", "console")
# A gateway that has not answered within this many seconds counts as failed (no code stored,
# no quota spent); the worker is free again after it.
SMS_GATEWAY_TIMEOUT = env_int("GJJ_SMS_TIMEOUT_SECONDS", 5)
SMS_CODE_TTL_SECONDS = 5 * 60
SMS_RESEND_SECONDS = 60
SMS_MAX_ATTEMPTS = 5
SMS_DAILY_LIMIT_PER_PHONE = 10
SMS_DAILY_LIMIT_PER_IP = env_int("GJJ_SMS_DAILY_LIMIT_PER_IP", 30)

# Loans: 罚息 a day = overdue principal and interest × contract rate × this / 360 (domain.md §5.4).
# Empty: the engine's PENALTY_MULTIPLIER (gjj/loans/plan.py), read through
# gjj.loans.selectors.penalty_multiplier().
LOAN_PENALTY_MULTIPLIER = env_str("GJJ_LOAN_PENALTY_MULTIPLIER").strip()
if LOAN_PENALTY_MULTIPLIER and not re.fullmatch(r"\d{1,2}(\.\d{1,4})?", LOAN_PENALTY_MULTIPLIER):
    raise ImproperlyConfigured(
        f"GJJ_LOAN_PENALTY_MULTIPLIER 应为罚息倍数（如 1.5），而不是“{LOAN_PENALTY_MULTIPLIER}”。"
    )

# The JSON API (gjj/api): token lifetimes, request limits a minute, the docs page.
API_ACCESS_TTL_SECONDS = env_int("GJJ_API_ACCESS_TTL_SECONDS", 15 * 60)
API_REFRESH_TTL_SECONDS = env_int("GJJ_API_REFRESH_TTL_SECONDS", 30 * 24 * 60 * 60)
API_RATE_PER_IP = env_int("GJJ_API_RATE_PER_IP", 600)
API_RATE_PER_TOKEN = env_int("GJJ_API_RATE_PER_TOKEN", 120)
API_RATE_PER_CLIENT = env_int("GJJ_API_RATE_PER_CLIENT", 6000)
API_DOCS = env_bool("GJJ_API_DOCS", True)
# Certificates (证明) and the public verify page.
CENTER_NAME = env_str("GJJ_CENTER_NAME", "住房公积金管理中心")
# Days a certificate stays valid after its issue (printed on the paper).
CERT_VALID_DAYS = env_int("GJJ_CERT_VALID_DAYS", 90)
# The address the QR code opens: https://HOST/verify/CODE (the request's host when empty).
PUBLIC_HOST = env_str("GJJ_PUBLIC_HOST", "")
# The public verify page: at most this many look-ups per IP in a window of seconds.
VERIFY_LIMIT = env_int("GJJ_VERIFY_LIMIT", 30)
VERIFY_WINDOW_SECONDS = env_int("GJJ_VERIFY_WINDOW_SECONDS", 600)
# 账户安全: masked fields revealed for this many seconds after the password is entered again.
REVEAL_SECONDS = 60

# Uploaded application materials: outside every public URL, served only through views that check
# ownership (depositor) or role (staff).
GJJ_MEDIA_ROOT = env_str("GJJ_MEDIA_ROOT", str(BASE_DIR / "var" / "media"))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("GJJ_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # axes reports every success and its start-up banner at INFO; lockouts are WARNING and
        # our own audit log records every login anyway.
        "axes": {"level": env_str("GJJ_AXES_LOG_LEVEL", "WARNING")},
    },
}

WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
