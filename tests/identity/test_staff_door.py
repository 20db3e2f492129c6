"""Finding 2: only staff authenticate at /admin/login/ (and any staff door), through a backend
that knows no depositor, with a captcha, the lockout, the hourly cap and one answer whatever
the password."""

import re

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from gjj.core.models import AuditEvent
from gjj.identity.backends import DEPOSITOR, STAFF
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"
WRONG = "Wrong-password-1"


def post(client, username, password, captcha, *, url=ADMIN_LOGIN, ip="10.0.0.1", **extra):
    data = {"username": username, "password": password, "next": "/admin/", **extra}
    data.update(captcha("staff_login"))
    return client.post(url, data, REMOTE_ADDR=ip)


def visible(response) -> str:
    """The page without the parts that change on every request (CSRF token, captcha key)."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'content="[A-Za-z0-9]{30,}"', "", html)
    return re.sub(r"[0-9a-f]{40}(:[\w-]+)?", "KEY", html)


def test_a_depositor_gets_the_answer_of_a_wrong_password_at_the_admin(client, zhangsan, captcha):
    right = post(client, zhangsan.zjhm, PASSWORD, captcha)
    wrong = post(client, zhangsan.zjhm, WRONG, captcha, ip="10.0.0.2")
    assert right.status_code == wrong.status_code == 200
    assert "账号或密码不正确" in right.content.decode()
    assert visible(right) == visible(wrong)
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(outcome="ok", action__in=["login", "staff_login"]).exists()


def test_the_depositor_backend_never_answers_a_staff_door(zhangsan, staff):
    request = RequestFactory().post(ADMIN_LOGIN)
    assert authenticate(request, username=zhangsan.zjhm, password=PASSWORD, realm=STAFF) is None
    assert authenticate(request, username="reviewer", password=PASSWORD, realm=DEPOSITOR) is None
    # A call that names no door opens none.
    assert authenticate(request, username=zhangsan.zjhm, password=PASSWORD) is None
    assert authenticate(request, username="reviewer", password=PASSWORD) is None
    assert authenticate(request, username="reviewer", password=PASSWORD, realm=STAFF) == staff


def test_a_staff_flag_on_a_depositors_login_does_not_open_the_staff_door(client, zhangsan, captcha):
    zhangsan.user.is_staff = True
    zhangsan.user.save()
    response = post(client, zhangsan.user.username, PASSWORD, captcha)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_staff_account_cannot_log_in_at_the_depositors_door(client, staff, captcha):
    response = client.post("/login/", {"username": "reviewer", "password": PASSWORD, **captcha()})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_staff_door_wants_a_captcha_before_any_password(client, staff, captcha):
    sol = captcha("staff_login")
    response = client.post(
        ADMIN_LOGIN,
        {"username": "reviewer", "password": PASSWORD, "captcha_0": sol["captcha_0"]},
        REMOTE_ADDR="10.0.0.1",
    )
    html = response.content.decode()
    assert "请输入验证码" in html and "账号或密码不正确" not in html
    assert "_auth_user_id" not in client.session


def test_the_staff_log_in_with_a_captcha_and_are_audited(client, staff, captcha):
    response = post(client, "reviewer", PASSWORD, captcha)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    event = AuditEvent.objects.get(action="staff_login", outcome="ok")
    assert event.user == staff and event.detail["account"] == "reviewer"


def test_five_wrong_passwords_lock_the_staff_account_whatever_the_next_password(
    client, staff, captcha
):
    for _ in range(5):
        post(client, "reviewer", WRONG, captcha)
    right = post(client, "reviewer", PASSWORD, captcha)
    wrong = post(client, "reviewer", WRONG, captcha)
    assert right.status_code == wrong.status_code == 429
    assert "登录失败次数过多" in right.content.decode()
    assert visible(right) == visible(wrong)
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="staff_login_lockout", outcome="denied").exists()


def test_the_hourly_cap_holds_the_staff_account_from_every_ip(client, staff, captcha, settings):
    settings.LOGIN_ACCOUNT_HOURLY_LIMIT = 3
    for n in range(3):
        post(client, "reviewer", WRONG, captcha, ip=f"10.1.0.{n + 1}")
    right = post(client, "reviewer", PASSWORD, captcha, ip="10.1.0.99")
    wrong = post(client, "reviewer", WRONG, captcha, ip="10.1.0.98")
    assert right.status_code == wrong.status_code == 429
    assert visible(right) == visible(wrong)
    assert "_auth_user_id" not in client.session


def test_a_staff_lock_does_not_lock_a_depositor_and_back(client, zhangsan, staff, captcha):
    for _ in range(5):
        post(client, "reviewer", WRONG, captcha)
    depositor = client.post(
        "/login/", {"username": zhangsan.zjhm, "password": PASSWORD, **captcha()}
    )
    assert depositor.status_code == 302


def test_the_admin_login_page_speaks_chinese(client):
    response = client.get(ADMIN_LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("中心管理登录", "工作人员账号", "密码", "验证码", "登录", 'lang="zh-Hans"'):
        assert text in html
    for english in ("Username", "Password", "Log in", "Django"):
        assert english not in html


def test_a_logged_in_staff_member_goes_on_to_the_admin(client, staff):
    client.force_login(staff)
    response = client.get(ADMIN_LOGIN + "?next=/admin/core/auditevent/")
    assert response.status_code == 302 and response["Location"] == "/admin/core/auditevent/"


@pytest.mark.urls("tests.identity.staff_urls")
def test_another_staff_door_is_one_line_and_as_strict(client, zhangsan, staff, captcha):
    page = client.get("/staff/login/").content.decode()
    assert "业务审核登录" in page and 'action="/staff/login/"' in page
    refused = post(client, zhangsan.zjhm, PASSWORD, captcha, url="/staff/login/")
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    for _ in range(5):
        post(client, "reviewer", WRONG, captcha, url="/staff/login/")
    locked = post(client, "reviewer", PASSWORD, captcha, url="/staff/login/")
    assert locked.status_code == 429
    assert "业务审核登录" in locked.content.decode()
    client2 = type(client)()
    ok = post(client2, "reviewer", PASSWORD, captcha, url="/staff/login/", ip="10.9.9.9")
    assert ok.status_code == 302
