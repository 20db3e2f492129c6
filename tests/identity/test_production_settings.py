"""The identity settings as production loads them (GJJ_DEBUG off), not as the tests run them."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"GJJ_SECRET_KEY": "k" * 60 + "-Prod_Secret!9", "GJJ_PII_KEY": "p" * 40}
NAMES = [
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SAMESITE",
    "SESSION_IDLE_TIMEOUT",
    "SESSION_ABSOLUTE_TIMEOUT",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_TIME",
    "AXES_LOCKOUT_PARAMETERS",
    "LOGIN_ACCOUNT_HOURLY_LIMIT",
    "SMS_CODE_TTL_SECONDS",
    "SMS_RESEND_SECONDS",
    "SMS_MAX_ATTEMPTS",
    "SMS_DAILY_LIMIT_PER_PHONE",
    "CAPTCHA_TEST_MODE",
    "PASSWORD_HASHERS",
]


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GJJ_", "DJANGO_"))}
    clean.update(env, DJANGO_SETTINGS_MODULE="gjj.settings")
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def loaded(**env) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {NAMES!r}}}))"
    )
    result = run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_httponly_and_lax():
    s = loaded(GJJ_DEBUG="0", **KEYS)
    assert s["SESSION_COOKIE_SECURE"] is True and s["CSRF_COOKIE_SECURE"] is True
    assert s["SESSION_COOKIE_HTTPONLY"] is True
    assert s["SESSION_COOKIE_SAMESITE"] == s["CSRF_COOKIE_SAMESITE"] == "Lax"


def test_production_keeps_the_issues_limits():
    s = loaded(GJJ_DEBUG="0", **KEYS)
    assert (s["SESSION_IDLE_TIMEOUT"], s["SESSION_ABSOLUTE_TIMEOUT"]) == (30 * 60, 12 * 3600)
    assert s["AXES_FAILURE_LIMIT"] == 5 and s["AXES_COOLOFF_TIME"] * 60 == 30
    assert s["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"]]
    assert s["LOGIN_ACCOUNT_HOURLY_LIMIT"] == 100
    assert (s["SMS_CODE_TTL_SECONDS"], s["SMS_RESEND_SECONDS"]) == (300, 60)
    assert (s["SMS_MAX_ATTEMPTS"], s["SMS_DAILY_LIMIT_PER_PHONE"]) == (5, 10)
    assert s["CAPTCHA_TEST_MODE"] is False
    assert s["PASSWORD_HASHERS"][0] == "gjj.identity.hashers.HallArgon2PasswordHasher"


def test_debug_cookies_work_over_plain_http_but_stay_httponly():
    s = loaded(GJJ_DEBUG="1")
    assert s["SESSION_COOKIE_SECURE"] is False and s["SESSION_COOKIE_HTTPONLY"] is True


def test_the_testing_switch_does_not_let_test_mode_into_production():
    result = run(
        ["-c", "import django; django.setup()"],
        GJJ_DEBUG="0",
        GJJ_TESTING="1",
        GJJ_CAPTCHA_TEST_MODE="1",
        **KEYS,
    )
    assert result.returncode != 0
    assert "GJJ_ALLOW_TEST_MODE" in result.stderr


def test_check_deploy_warns_while_the_captcha_accepts_passed():
    result = run(
        ["manage.py", "check", "--deploy"],
        GJJ_DEBUG="0",
        GJJ_CAPTCHA_TEST_MODE="1",
        GJJ_ALLOW_TEST_MODE="1",
        GJJ_ALLOWED_HOSTS="gjj.example.cn",
        **KEYS,
    )
    output = result.stdout + result.stderr
    assert "gjj.identity.W001" in output and "PASSED" in output
    quiet = run(
        ["manage.py", "check", "--deploy"],
        GJJ_DEBUG="0",
        GJJ_ALLOWED_HOSTS="gjj.example.cn",
        **KEYS,
    )
    assert "gjj.identity.W001" not in quiet.stdout + quiet.stderr


def test_test_mode_is_never_guessed_from_the_loaded_modules():
    # pytest imported in the process, but no GJJ_TESTING: production rules (keys required).
    result = run(["-c", "import pytest, django; django.setup()"])
    assert result.returncode != 0
    assert "GJJ_SECRET_KEY" in result.stderr
