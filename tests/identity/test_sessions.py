import time

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client

from gjj.core.models import AuditEvent
from gjj.identity.middleware import SESSION_SEEN, SESSION_STARTED
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def shift(client, **seconds_ago):
    session = client.session
    now = time.time()
    if "seen" in seconds_ago:
        session[SESSION_SEEN] = now - seconds_ago["seen"]
    if "started" in seconds_ago:
        session[SESSION_STARTED] = now - seconds_ago["started"]
    session.save()


def test_login_starts_both_clocks(client, zhangsan, captcha):
    client.post("/login/", {"username": zhangsan.zjhm, "password": PASSWORD, **captcha()})
    session = client.session
    assert abs(session[SESSION_STARTED] - time.time()) < 5
    assert abs(session[SESSION_SEEN] - time.time()) < 5


def test_thirty_idle_minutes_log_out_with_a_message(client_zhangsan):
    shift(client_zhangsan, seen=30 * 60 + 1)
    response = client_zhangsan.get("/info/basic/")
    assert response["Location"].startswith("/login/?next=")
    page = client_zhangsan.get(response["Location"])
    assert "您已长时间未操作，为保障账户安全已自动退出，请重新登录。" in page.content.decode()
    assert not page.wsgi_request.user.is_authenticated
    event = AuditEvent.objects.get(action="session_timeout")
    assert event.detail == {"reason": "idle"} and event.person.xingming == "张三"


def test_activity_within_thirty_minutes_keeps_the_session(client_zhangsan):
    shift(client_zhangsan, seen=29 * 60)
    assert client_zhangsan.get("/").wsgi_request.user.is_authenticated
    assert abs(client_zhangsan.session[SESSION_SEEN] - time.time()) < 5


def test_twelve_hours_end_any_session(client_zhangsan):
    shift(client_zhangsan, seen=10, started=12 * 3600 + 1)
    response = client_zhangsan.get("/")
    assert response.status_code == 302
    page = client_zhangsan.get("/login/")
    assert "您已连续登录超过12小时，为保障账户安全已自动退出，请重新登录。" in page.content.decode()
    assert not page.wsgi_request.user.is_authenticated


def test_the_absolute_timeout_message_names_the_configured_span(settings, client_zhangsan):
    settings.SESSION_ABSOLUTE_TIMEOUT = 8 * 3600
    shift(client_zhangsan, seen=10, started=8 * 3600 + 1)
    client_zhangsan.get("/")
    html = client_zhangsan.get("/login/").content.decode()
    assert "您已连续登录超过8小时，为保障账户安全已自动退出，请重新登录。" in html


def test_the_timeouts_come_from_settings(settings, client_zhangsan):
    settings.SESSION_IDLE_TIMEOUT = 60
    shift(client_zhangsan, seen=61)
    assert client_zhangsan.get("/").status_code == 302


def test_the_timeout_message_is_shown_once(client_zhangsan):
    shift(client_zhangsan, seen=31 * 60)
    client_zhangsan.get("/")
    assert "已自动退出" in client_zhangsan.get("/login/").content.decode()
    assert "已自动退出" not in client_zhangsan.get("/login/").content.decode()


def test_the_logout_confirmation_asks_yes_or_no(client_zhangsan):
    html = client_zhangsan.get("/logout/?next=/info/basic/").content.decode()
    assert "您确定要退出服务大厅吗？" in html
    assert ">是</button>" in html and 'href="/info/basic/">否</a>' in html
    assert client_zhangsan.get("/").wsgi_request.user.is_authenticated


def test_no_goes_back_only_within_the_site(client_zhangsan):
    html = client_zhangsan.get("/logout/?next=https://evil.example/").content.decode()
    assert 'href="/">否</a>' in html


def test_logout_ends_the_session_on_the_server(client_zhangsan, zhangsan):
    key = client_zhangsan.session.session_key
    response = client_zhangsan.post("/logout/")
    assert response["Location"] == "/login/"
    assert not Session.objects.filter(session_key=key).exists()
    assert AuditEvent.objects.filter(action="logout", person=zhangsan).count() == 1
    stolen = Client()
    stolen.cookies["sessionid"] = key
    assert not stolen.get("/").wsgi_request.user.is_authenticated


def test_logout_needs_a_csrf_token(zhangsan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(zhangsan.user)
    assert client.post("/logout/").status_code == 403
    assert client.get("/").wsgi_request.user.is_authenticated


def test_registration_and_reset_forms_need_a_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    for url in ("/register/", "/forgot/", "/register/sms/", "/forgot/sms/"):
        assert client.post(url, {}).status_code == 403, url


def test_session_cookies_are_httponly_and_lax(client, zhangsan, captcha, settings):
    response = client.post(
        "/login/", {"username": zhangsan.zjhm, "password": PASSWORD, **captcha()}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_check_deploy_warns_while_the_captcha_is_in_test_mode(settings, capsys):
    from gjj.identity.checks import captcha_test_mode_check

    settings.CAPTCHA_TEST_MODE = True
    warnings = captcha_test_mode_check(None)
    assert [w.id for w in warnings] == ["gjj.identity.W001"]
    settings.CAPTCHA_TEST_MODE = False
    assert captcha_test_mode_check(None) == []


def test_the_deploy_check_is_registered(settings):
    from django.core.checks import registry

    assert any(
        getattr(c, "__name__", "") == "captcha_test_mode_check"
        for c in registry.registry.get_checks(include_deployment_checks=True)
    )
    call_command("check")
