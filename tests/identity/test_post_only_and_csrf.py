"""Every identity form refuses a POST without its CSRF token, and only a POST changes anything."""

import pytest
from django.test import Client

from gjj.core.models import AuditEvent
from gjj.identity.models import SmsCode
from gjj.people.models import Person
from tests.factories import PASSWORD, make_account, make_id_number, make_person

pytestmark = pytest.mark.django_db
NEW = "Xuecheng-Road-31"


@pytest.fixture
def wangwu(db):
    person = make_person(name="王五", id_number=make_id_number(seq=851), registered=False)
    make_account(person)
    return person


def token(client, url) -> str:
    client.get(url)
    return client.cookies["csrftoken"].value


def at_sms_step(client, captcha, person, url="/register/"):
    """Passes the first step with the page's CSRF token."""
    data = {"name": person.xingming, "id_number": person.zjhm, "agree": "on"}
    data.update(captcha(url.strip("/")))
    response = client.post(url, {**data, "csrfmiddlewaretoken": token(client, url)})
    assert response.status_code == 302


def test_a_registration_walk_needs_the_token_at_every_step(captcha, wangwu, outbox):
    client = Client(enforce_csrf_checks=True)
    data = {"name": "王五", "id_number": wangwu.zjhm, "agree": "on", **captcha("register")}
    assert client.post("/register/", data).status_code == 403
    assert "gjj_register" not in client.session
    at_sms_step(client, captcha, wangwu)
    assert client.post("/register/sms/", {"action": "send"}).status_code == 403
    assert outbox.lines() == []
    csrf = token(client, "/register/sms/")
    client.post("/register/sms/", {"action": "send", "csrfmiddlewaretoken": csrf})
    code = outbox.last_code()
    assert client.post("/register/sms/", {"action": "verify", "code": code}).status_code == 403
    assert SmsCode.objects.get().used_at is None
    client.post("/register/sms/", {"action": "verify", "code": code, "csrfmiddlewaretoken": csrf})
    password = {"new_password1": NEW, "new_password2": NEW}
    assert client.post("/register/password/", password).status_code == 403
    assert Person.objects.get(pk=wangwu.pk).user_id is None
    response = client.post("/register/password/", {**password, "csrfmiddlewaretoken": csrf})
    assert response["Location"] == "/register/done/"
    assert Person.objects.get(pk=wangwu.pk).user.check_password(NEW)


def test_a_reset_walk_needs_the_token_at_every_step(captcha, lisi, outbox):
    client = Client(enforce_csrf_checks=True)
    at_sms_step(client, captcha, lisi, url="/forgot/")
    csrf = token(client, "/forgot/sms/")
    client.post("/forgot/sms/", {"action": "send", "csrfmiddlewaretoken": csrf})
    verify = {"action": "verify", "code": outbox.last_code(), "csrfmiddlewaretoken": csrf}
    assert client.post("/forgot/sms/", verify)["Location"] == "/forgot/password/"
    password = {"new_password1": NEW, "new_password2": NEW}
    assert client.post("/forgot/password/", password).status_code == 403
    lisi.user.refresh_from_db()
    assert lisi.user.check_password(PASSWORD)
    client.post("/forgot/password/", {**password, "csrfmiddlewaretoken": csrf})
    lisi.user.refresh_from_db()
    assert lisi.user.check_password(NEW)


def test_get_with_the_forms_fields_in_the_query_changes_nothing(client, captcha, wangwu, outbox):
    assert client.get("/register/", {"name": "王五", "id_number": wangwu.zjhm}).status_code == 200
    assert "gjj_register" not in client.session
    client.post(
        "/register/",
        {"name": "王五", "id_number": wangwu.zjhm, "agree": "on", **captcha("register")},
    )
    assert client.get("/register/sms/", {"action": "send"}).status_code == 200
    assert outbox.lines() == [] and SmsCode.objects.count() == 0
    client.post("/register/sms/", {"action": "send"})
    code = outbox.last_code()
    client.get("/register/sms/", {"action": "verify", "code": code})
    assert SmsCode.objects.get().used_at is None
    assert client.get("/register/password/")["Location"] == "/register/"


def test_get_never_logs_in_changes_a_password_or_logs_out(client, zhangsan):
    client.get("/login/", {"username": zhangsan.zjhm, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    client.force_login(zhangsan.user)
    client.get("/password/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    zhangsan.user.refresh_from_db()
    assert zhangsan.user.check_password(PASSWORD)
    client.get("/logout/")
    assert client.get("/").wsgi_request.user.is_authenticated
    assert not AuditEvent.objects.filter(action__in=("logout", "password_change")).exists()


@pytest.mark.parametrize(
    "url",
    ["/login/", "/logout/", "/register/", "/register/sms/", "/register/password/", "/forgot/"]
    + ["/forgot/sms/", "/forgot/password/", "/password/"],
)
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_not_allowed(client_zhangsan, url, method):
    assert getattr(client_zhangsan, method)(url).status_code == 405
    assert client_zhangsan.get("/").wsgi_request.user.is_authenticated


@pytest.mark.parametrize("url", ["/register/done/", "/forgot/done/", "/password/done/", "/notice/"])
def test_pages_that_only_show_refuse_a_post(client_zhangsan, url):
    assert client_zhangsan.post(url).status_code == 405
