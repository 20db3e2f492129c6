"""Fixtures for the identity tests: a solved captcha, an SMS outbox, a clean cache."""

from __future__ import annotations

import json

import pytest
from captcha.models import CaptchaStore
from django.core.cache import cache

from gjj.identity.captcha import bind_key


def solved_captcha(purpose: str = "login") -> dict:
    """A solved captcha as the page of `purpose` (login, staff_login, register, forgot) hands
    it out: a captcha is bound to its form (gjj/identity/captcha.py)."""
    key = CaptchaStore.generate_key()
    return {
        "captcha_0": bind_key(key, purpose),
        "captcha_1": CaptchaStore.objects.get(hashkey=key).response,
    }


@pytest.fixture
def captcha(db):
    return solved_captcha


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


class Outbox:
    def __init__(self, path):
        self.path = path

    def lines(self) -> list[dict]:
        if not self.path.exists():
            return []
        return [json.loads(x) for x in self.path.read_text(encoding="utf-8").splitlines()]

    def last_code(self) -> str:
        return self.lines()[-1]["code"]


@pytest.fixture
def outbox(settings, tmp_path):
    path = tmp_path / "sms.jsonl"
    settings.SMS_BACKEND = f"file:{path}"
    return Outbox(path)
