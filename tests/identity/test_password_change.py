import pytest
from django.test import Client

from gjj.core.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
NEW = "Baoshan-Street-17"


def change(client, old=PASSWORD, new=NEW, confirm=None):
    return client.post(
        "/password/",
        {"old_password": old, "new_password1": new, "new_password2": confirm or new},
    )


def test_the_page_has_the_manuals_fields(client_zhangsan):
    html = client_zhangsan.get("/password/").content.decode()
    for text in ("原密码", "新密码", "确认密码", "提交"):
        assert text in html


def test_it_needs_a_login(client):
    assert client.get("/password/")["Location"].startswith("/login/")


def test_a_change_keeps_this_session_and_ends_the_others(client, zhangsan):
    client.force_login(zhangsan.user)
    other = Client()
    other.force_login(zhangsan.user)
    assert other.get("/").wsgi_request.user.is_authenticated
    key_before = client.session.session_key
    response = change(client)
    assert response.status_code == 302 and response["Location"] == "/password/done/"
    assert "登录密码修改成功" in client.get(response["Location"]).content.decode()
    assert client.session.session_key != key_before
    assert client.get("/").wsgi_request.user.is_authenticated
    assert not other.get("/").wsgi_request.user.is_authenticated
    zhangsan.user.refresh_from_db()
    assert zhangsan.user.check_password(NEW)
    event = AuditEvent.objects.get(action="password_change", outcome="ok")
    assert event.person == zhangsan and NEW not in str(event.detail)


def test_a_wrong_old_password_changes_nothing(client_zhangsan, zhangsan):
    response = change(client_zhangsan, old="not-my-password")
    assert "原密码不正确。" in response.content.decode()
    zhangsan.user.refresh_from_db()
    assert zhangsan.user.check_password(PASSWORD)


def test_the_new_password_must_differ_and_match(client_zhangsan):
    assert "新密码不能与原密码相同。" in change(client_zhangsan, new=PASSWORD).content.decode()
    assert "两次输入的密码不一致。" in change(client_zhangsan, confirm=NEW + "1").content.decode()


def test_the_new_password_may_not_contain_the_id_number(client_zhangsan, zhangsan):
    response = change(client_zhangsan, new="x" + zhangsan.zjhm)
    assert "密码不能包含或近似您的姓名、证件号码或出生日期" in response.content.decode()


def test_a_change_without_csrf_token_is_rejected(zhangsan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(zhangsan.user)
    assert change(client).status_code == 403
    zhangsan.user.refresh_from_db()
    assert zhangsan.user.check_password(PASSWORD)
