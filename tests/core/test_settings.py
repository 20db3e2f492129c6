"""The settings module refuses to start production without its keys or with captcha test mode."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GJJ_", "DJANGO_"))}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "gjj.settings"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_keys_stops_with_a_clear_message():
    result = start(GJJ_DEBUG="0")
    assert result.returncode != 0
    assert "GJJ_SECRET_KEY" in result.stderr and "GJJ_PII_KEY" in result.stderr


def test_production_with_keys_starts():
    result = start(GJJ_DEBUG="0", GJJ_SECRET_KEY="x" * 50, GJJ_PII_KEY="y" * 40)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_captcha_test_mode_is_refused_in_production():
    result = start(
        GJJ_DEBUG="0", GJJ_SECRET_KEY="x" * 50, GJJ_PII_KEY="y" * 40, GJJ_CAPTCHA_TEST_MODE="1"
    )
    assert result.returncode != 0
    assert "GJJ_ALLOW_TEST_MODE" in result.stderr


def test_captcha_test_mode_is_allowed_when_explicitly_permitted():
    result = start(
        GJJ_DEBUG="0",
        GJJ_SECRET_KEY="x" * 50,
        GJJ_PII_KEY="y" * 40,
        GJJ_CAPTCHA_TEST_MODE="1",
        GJJ_ALLOW_TEST_MODE="1",
    )
    assert result.returncode == 0, result.stderr


def test_deploy_check_is_clean_with_production_settings():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GJJ_", "DJANGO_"))}
    clean.update(
        GJJ_DEBUG="0",
        GJJ_SECRET_KEY="k" * 60 + "-Prod_Secret!9",
        GJJ_PII_KEY="p" * 40,
        GJJ_ALLOWED_HOSTS="gjj.example.cn",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
