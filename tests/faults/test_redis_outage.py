"""Redis (sessions, login and SMS limits) goes away: fail closed with the Chinese 503 page —
a login is refused, never let through unthrottled — and serve again when it is back."""

from __future__ import annotations

import time

import pytest

from tests.faults.conftest import Browser, Hall, hall_env

pytestmark = pytest.mark.faults

OUTAGE_TEXT = "服务暂时不可用"


def test_redis_down_fails_closed_and_recovers(private_pg, private_redis):
    zhangsan, _ = private_pg.persons
    hall = Hall(hall_env(private_pg.url, private_redis.url)).start()
    try:
        browser = Browser(hall.url)
        browser.login(zhangsan)
        assert browser.get("/info/basic/")[0] == 200
        newcomer = Browser(hall.url)
        newcomer.get("/login/")

        private_redis.stop()
        status, text, headers, elapsed = browser.get("/info/basic/")
        assert status == 503 and OUTAGE_TEXT in text and elapsed < 5, (status, elapsed)
        assert "Traceback" not in text and "redis" not in text.lower()
        assert headers["Retry-After"] == "30"
        # A login while the limits cannot be read: refused, with the same page.
        status, text, _h, elapsed = newcomer.post(
            "/login/",
            {
                "username": zhangsan,
                "password": "Gjj-hall-2026!",
                "captcha_0": "x",
                "captcha_1": "PASSED",
            },
        )
        assert status == 503 and OUTAGE_TEXT in text and elapsed < 5
        login_refused = private_pg.sql(
            "SELECT count(*) FROM core_auditevent WHERE action='login' AND outcome='ok'"
        )

        private_redis.start()
        deadline = time.monotonic() + 20
        status = 0
        while time.monotonic() < deadline:
            status = Browser(hall.url).get("/login/")[0]
            if status == 200:
                break
            time.sleep(0.3)
        assert status == 200
        # Sessions lived in Redis (not persisted): the depositor logs in again, and can.
        assert browser.get("/info/basic/")[0] == 302
        browser.login(zhangsan)
        assert browser.get("/info/basic/")[0] == 200
    finally:
        hall.stop()
    assert login_refused == "1"  # only the login before the outage went through
