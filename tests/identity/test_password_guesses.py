"""Finding 6: five wrong old passwords at /password/ end the session and lock the account as
five wrong passwords at the login would; audited."""

import pytest

from gjj.core.models import AuditEvent
from tests.factories import PASSWORD
from tests.identity.conftest import solved_captcha

pytestmark = pytest.mark.django_db
NEW = "Baoshan-Street-17"
IP = "10.0.0.7"


def change(client, old):
    data = {"old_password": old, "new_password1": NEW, "new_password2": NEW}
    return client.post("/password/", data, REMOTE_ADDR=IP)


def login(client, username, ip=IP):
    data = {"username": username, "password": PASSWORD, **solved_captcha()}
    return client.post("/login/", data, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return client.get("/", REMOTE_ADDR=IP).wsgi_request.user.is_authenticated


def test_four_wrong_old_passwords_only_say_so(client_zhangsan):
    for _ in range(4):
        response = change(client_zhangsan, "Wrong-password-1")
        assert response.status_code == 200
        assert "原密码不正确" in response.content.decode()
    assert logged_in(client_zhangsan)


def test_the_fifth_wrong_old_password_ends_the_session_and_locks_the_login(
    client_zhangsan, zhangsan
):
    for _ in range(4):
        change(client_zhangsan, "Wrong-password-1")
    fifth = change(client_zhangsan, "Wrong-password-1")
    assert fifth.status_code == 429
    html = fifth.content.decode()
    assert "登录失败次数过多，为保障账户安全已暂时锁定，请30分钟后再试。" in html
    assert "个人登录" in html
    assert not logged_in(client_zhangsan)
    # Locked as for the login: the right password from this IP waits; another IP may log in.
    assert login(client_zhangsan, zhangsan.zjhm).status_code == 429
    assert login(client_zhangsan, zhangsan.zjhm, ip="10.0.0.8").status_code == 302
    zhangsan.user.refresh_from_db()
    assert zhangsan.user.check_password(PASSWORD)
    denied = AuditEvent.objects.get(action="password_change", outcome="denied")
    assert denied.person == zhangsan and denied.ip == IP
    assert AuditEvent.objects.filter(action="password_change", outcome="failed").count() == 4
    assert AuditEvent.objects.filter(action="login_lockout", person=zhangsan).exists()


def test_the_right_old_password_after_four_wrong_ones_still_changes_it(client_zhangsan, zhangsan):
    for _ in range(4):
        change(client_zhangsan, "Wrong-password-1")
    assert change(client_zhangsan, PASSWORD)["Location"] == "/password/done/"
    zhangsan.user.refresh_from_db()
    assert zhangsan.user.check_password(NEW)


def test_the_hourly_cap_counts_wrong_old_passwords_too(client_zhangsan, settings):
    settings.LOGIN_ACCOUNT_HOURLY_LIMIT = 2
    change(client_zhangsan, "Wrong-password-1")
    second = change(client_zhangsan, "Wrong-password-1")
    assert second.status_code == 429
    assert not logged_in(client_zhangsan)


def test_a_staff_members_wrong_old_passwords_lock_the_staff_door(client, staff):
    client.force_login(staff)
    for _ in range(5):
        last = change(client, "Wrong-password-1")
    assert last.status_code == 429 and "中心管理登录" in last.content.decode()
    assert not logged_in(client)
