"""Load-test profile (bench/load, `make load`): production settings, except that the captcha
accepts PASSED and cookies go over plain HTTP on this machine.

It refuses to start unless every host it serves and the database and Redis it uses are on this
machine: a profile with a captcha that accepts PASSED must never face the internet.
Use: DJANGO_SETTINGS_MODULE=gjj.settings_load (bench/load/run.py sets it).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# Before the base settings read them: the test answer, allowed outside the test runner.
os.environ["GJJ_CAPTCHA_TEST_MODE"] = "1"
os.environ["GJJ_ALLOW_TEST_MODE"] = "1"
os.environ.setdefault("GJJ_DEBUG", "0")
os.environ.setdefault("GJJ_SECRET_KEY", "load-test-only-secret-key-" + "x" * 30)
os.environ.setdefault("GJJ_PII_KEY", "load-test-only-pii-key-" + "y" * 20)
os.environ.setdefault("GJJ_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("GJJ_SSL_REDIRECT", "0")

from gjj.settings import *  # noqa: E402,F403
from gjj.settings import ALLOWED_HOSTS, DATABASES, REDIS_URL  # noqa: E402

LOCAL = {"127.0.0.1", "localhost", "::1", "[::1]", "testserver", ""}


def _refuse(what: str) -> None:
    raise ImproperlyConfigured(
        f"压力测试配置（gjj.settings_load，验证码接受 PASSED）只能在本机运行：{what} 不是本机。"
        f" The load-test profile serves only this machine ({what})."
    )


for _host in ALLOWED_HOSTS:
    if _host not in LOCAL:
        _refuse(f"GJJ_ALLOWED_HOSTS={_host}")
_db = DATABASES["default"]
if _db["ENGINE"] != "django.db.backends.sqlite3" and _db.get("HOST", "") not in LOCAL:
    _refuse(f"数据库 {_db.get('HOST')}")
if REDIS_URL and (urlsplit(REDIS_URL).hostname or "") not in LOCAL:
    _refuse(f"Redis {urlsplit(REDIS_URL).hostname}")

# Plain HTTP on 127.0.0.1: no HTTPS redirect, cookies without Secure, no HSTS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
LOAD_TEST = True
