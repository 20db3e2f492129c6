"""API login: the web login's rules (one function), tokens, audit with the channel app."""

from __future__ import annotations

import base64

import pytest
from captcha.models import CaptchaStore

from gjj.api.models import ApiToken
from gjj.core.models import AuditEvent
from gjj.identity.captcha import unbind_key
from tests.api.conftest import Api
from tests.factories import PASSWORD, make_id_number

pytestmark = pytest.mark.django_db


def captcha(api: Api) -> dict:
    body = api.get("/api/v1/auth/captcha").json()
    key = unbind_key(body["captcha_id"], "login")
    answer = CaptchaStore.objects.get(hashkey=key).response
    return {"captcha_id": body["captcha_id"], "captcha": answer}


def login(api: Api, username: str, password: str = PASSWORD, **extra):
    return api.post(
        "/api/v1/auth/login",
        {"username": username, "password": password, **captcha(api), **extra},
    )


def test_the_captcha_is_a_png(anon_api):
    body = anon_api.get("/api/v1/auth/captcha").json()
    assert body["image"].startswith("data:image/png;base64,")
    assert base64.b64decode(body["image"].split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert CaptchaStore.objects.filter(hashkey=unbind_key(body["captcha_id"], "login")).exists()
    assert unbind_key(body["captcha_id"], "register") is None  # a key for the login only


def test_login_by_id_number_or_phone_gives_two_tokens_stored_hashed(anon_api, zhangsan):
    for username in (zhangsan.zjhm, "18712349858"):
        response = login(anon_api, username)
        assert response.status_code == 200
        body = response.json()
        assert body["expires_in"] == 900
        assert body["access"] != body["refresh"]
        assert not ApiToken.objects.filter(digest=body["access"]).exists()
    assert ApiToken.objects.filter(user=zhangsan.user).count() == 4
    event = AuditEvent.objects.filter(action="login", outcome="ok").latest("id")
    assert event.person == zhangsan
    assert event.detail["channel"] == "app"
    assert event.detail["via"] == "187****9858"


def test_an_unknown_number_and_a_wrong_password_get_the_same_answer(anon_api, zhangsan):
    wrong = login(anon_api, zhangsan.zjhm, "Wrong-password-1")
    unknown = login(anon_api, make_id_number(seq=901), "Wrong-password-1")
    assert wrong.status_code == unknown.status_code == 401
    assert (
        wrong.json()
        == unknown.json()
        == {
            "code": "invalid_login",
            "message": "身份证号/手机号或密码不正确，请重新输入。",
        }
    )
    failed = AuditEvent.objects.filter(action="login", outcome="failed")
    assert failed.count() == 2
    assert all(e.detail["channel"] == "app" for e in failed)


def test_a_wrong_captcha_checks_no_password(anon_api, zhangsan):
    response = login(anon_api, zhangsan.zjhm, captcha="XXXX")
    assert response.status_code == 400
    assert response.json()["code"] == "captcha_invalid"
    assert "验证码不正确" in response.json()["message"]
    assert AuditEvent.objects.get(action="login").detail["reason"] == "captcha"


def test_the_captcha_test_mode_applies(anon_api, zhangsan, monkeypatch):
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", True)
    response = anon_api.post(
        "/api/v1/auth/login",
        {"username": zhangsan.zjhm, "password": PASSWORD, "captcha_id": "x", "captcha": "PASSED"},
    )
    assert response.status_code == 200


def test_five_failures_lock_the_account_from_that_ip_for_the_web_too(anon_api, client, zhangsan):
    for _ in range(4):
        assert login(anon_api, zhangsan.zjhm, "Wrong-password-1").status_code == 401
    # The fifth failure locks (as on the web, where it shows the lock page).
    assert login(anon_api, zhangsan.zjhm, "Wrong-password-1").status_code == 429
    locked = login(anon_api, zhangsan.zjhm)
    assert locked.status_code == 429
    assert locked.json() == {
        "code": "locked",
        "message": "登录失败次数过多，为保障账户安全已暂时锁定，请30分钟后再试。",
    }
    assert locked["Retry-After"] == "1800"
    assert locked["Content-Type"] == "application/json; charset=utf-8"
    event = AuditEvent.objects.filter(action="login_lockout").latest("id")
    # (and the browser line that 账户安全 shows beside it)
    assert event.detail == {"scope": "account_ip", "channel": "app", "ua": ""}
    # The web login from the same IP is locked by the same counters.
    from tests.identity.conftest import solved_captcha

    web = client.post(
        "/login/",
        {"username": zhangsan.zjhm, "password": PASSWORD, **solved_captcha()},
        REMOTE_ADDR=anon_api.ip,
    )
    assert web.status_code == 429


def test_web_failures_count_for_the_api(anon_api, client, zhangsan):
    from tests.identity.conftest import solved_captcha

    for _ in range(5):
        client.post(
            "/login/",
            {"username": zhangsan.zjhm, "password": "Wrong-password-1", **solved_captcha()},
            REMOTE_ADDR=anon_api.ip,
        )
    assert login(anon_api, "18712349858").status_code == 429


def test_the_hourly_cap_per_account_holds_across_ips(anon_api, zhangsan, settings):
    settings.LOGIN_ACCOUNT_HOURLY_LIMIT = 3
    for i in range(3):
        anon_api.ip = f"10.9.0.{i + 1}"
        login(anon_api, zhangsan.zjhm, "Wrong-password-1")
    anon_api.ip = "10.9.0.99"
    response = login(anon_api, zhangsan.zjhm)
    assert response.status_code == 429
    assert response.json()["code"] == "locked"


def test_a_success_forgets_the_failures(anon_api, zhangsan):
    for _ in range(4):
        login(anon_api, zhangsan.zjhm, "Wrong-password-1")
    assert login(anon_api, zhangsan.zjhm).status_code == 200
    for _ in range(4):
        login(anon_api, zhangsan.zjhm, "Wrong-password-1")
    assert login(anon_api, zhangsan.zjhm).status_code == 200


def test_a_staff_login_is_not_a_depositor_login(anon_api, staff):
    response = login(anon_api, "reviewer")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_login"
    assert not ApiToken.objects.exists()
