import pytest
from django.test import Client

from gjj.core.models import AuditEvent
from gjj.people.models import Person
from tests.factories import PASSWORD, make_id_number, make_person

pytestmark = pytest.mark.django_db


def post_login(client, username, password, captcha):
    return client.post("/login/", {"username": username, "password": password, **captcha()})


def test_the_login_page_shows_the_manuals_fields_and_a_large_captcha(client):
    html = client.get("/login/").content.decode()
    for text in ("身份证号/手机号", "用户密码", "验证码", "登录", "注册", "忘记密码", "换一张"):
        assert text in html
    assert 'class="captcha__image" width="150" height="50"' in html


def test_the_root_shows_the_login_page_to_an_anonymous_visitor(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "个人登录" in response.content.decode()


def test_a_depositor_logs_in_with_the_id_number(client, zhangsan, captcha):
    response = post_login(client, zhangsan.zjhm, PASSWORD, captcha)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(zhangsan.user_id)


def test_a_depositor_logs_in_with_a_lower_case_x_in_the_id_number(client, captcha):
    number = next(
        make_id_number(seq=s) for s in range(1, 200) if make_id_number(seq=s).endswith("X")
    )
    person = make_person(name="王五", id_number=number, phone="13900000001")
    response = post_login(client, number.lower(), PASSWORD, captcha)
    assert client.session["_auth_user_id"] == str(person.user_id), response.content.decode()


def test_a_depositor_logs_in_with_the_phone_on_file(client, lisi, captcha):
    response = post_login(client, "18600003387", PASSWORD, captcha)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(lisi.user_id)


def test_a_phone_shared_by_two_registered_persons_does_not_log_in(client, captcha):
    make_person(name="甲", id_number=make_id_number(seq=301), phone="13800000000")
    make_person(name="乙", id_number=make_id_number(seq=302), phone="13800000000")
    response = post_login(client, "13800000000", PASSWORD, captcha)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_login_gives_a_new_session_key(client, zhangsan, captcha):
    client.get("/login/")
    client.session.save()
    before = client.cookies["sessionid"].value
    post_login(client, zhangsan.zjhm, PASSWORD, captcha)
    after = client.cookies["sessionid"].value
    assert before and after and before != after


def test_a_wrong_password_and_an_unknown_number_get_the_same_answer(client, zhangsan, captcha):
    wrong = post_login(client, zhangsan.zjhm, "Wrong-password-1", captcha)
    unknown = post_login(client, make_id_number(seq=999), "Wrong-password-1", captcha)
    unregistered = make_person(name="赵六", id_number=make_id_number(seq=998), registered=False)
    not_registered = post_login(client, unregistered.zjhm, "Wrong-password-1", captcha)
    message = "身份证号/手机号或密码不正确，请重新输入。"
    for response in (wrong, unknown, not_registered):
        assert response.status_code == 200
        assert message in response.content.decode()


def test_a_wrong_captcha_does_not_check_the_password(client, zhangsan, captcha):
    sol = captcha()
    response = client.post(
        "/login/",
        {
            "username": zhangsan.zjhm,
            "password": PASSWORD,
            "captcha_0": sol["captcha_0"],
            "captcha_1": "nope",
        },
    )
    html = response.content.decode()
    assert "验证码不正确" in html
    assert "密码不正确" not in html
    assert "_auth_user_id" not in client.session


def test_a_used_captcha_cannot_be_used_again(client, zhangsan, captcha):
    sol = captcha()
    client.post("/login/", {"username": zhangsan.zjhm, "password": "x" * 9, **sol})
    again = client.post("/login/", {"username": zhangsan.zjhm, "password": PASSWORD, **sol})
    assert "验证码不正确" in again.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_failed_captcha_cannot_be_retried_with_the_right_answer(client, zhangsan, captcha):
    sol = captcha()
    client.post(
        "/login/", {**sol, "captcha_1": "zzzz", "username": zhangsan.zjhm, "password": PASSWORD}
    )
    again = client.post("/login/", {"username": zhangsan.zjhm, "password": PASSWORD, **sol})
    assert "验证码不正确" in again.content.decode()


def test_captcha_test_mode_accepts_passed(client, zhangsan, monkeypatch):
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", True)
    response = client.post(
        "/login/",
        {"username": zhangsan.zjhm, "password": PASSWORD, "captcha_0": "x", "captcha_1": "PASSED"},
    )
    assert response.status_code == 302


def test_without_test_mode_passed_is_refused(client, zhangsan, monkeypatch):
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", False)
    response = client.post(
        "/login/",
        {"username": zhangsan.zjhm, "password": PASSWORD, "captcha_0": "x", "captcha_1": "PASSED"},
    )
    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()


def test_logins_are_audited_without_secrets(client, zhangsan, captcha):
    post_login(client, zhangsan.zjhm, "Wrong-password-1", captcha)
    post_login(client, zhangsan.zjhm, PASSWORD, captcha)
    events = list(AuditEvent.objects.filter(action="login").order_by("id"))
    assert [e.outcome for e in events] == ["failed", "ok"]
    assert all(e.person_id == zhangsan.pk and e.ip == "127.0.0.1" for e in events)
    for e in events:
        text = str(e.detail)
        assert zhangsan.zjhm not in text
        assert PASSWORD not in text and "Wrong-password-1" not in text
        assert e.detail["via"] == zhangsan.zjhm[:6] + "********" + zhangsan.zjhm[-4:]


def test_the_login_form_rejects_a_post_without_csrf_token(zhangsan, captcha):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/login/", {"username": zhangsan.zjhm, "password": PASSWORD, **captcha()}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_the_login_form_accepts_a_post_with_its_csrf_token(zhangsan, captcha):
    client = Client(enforce_csrf_checks=True)
    client.get("/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/login/",
        {
            "username": zhangsan.zjhm,
            "password": PASSWORD,
            "csrfmiddlewaretoken": token,
            **captcha(),
        },
    )
    assert response.status_code == 302


def test_next_is_followed_only_within_the_site(client, zhangsan, captcha):
    response = client.post(
        "/login/",
        {
            "username": zhangsan.zjhm,
            "password": PASSWORD,
            "next": "https://evil.example/",
            **captcha(),
        },
    )
    assert response["Location"] == "/"


def test_axes_stores_no_id_number(client, zhangsan, captcha):
    from axes.models import AccessAttempt, AccessLog

    post_login(client, zhangsan.zjhm, "Wrong-password-1", captcha)
    post_login(client, "18712349858", PASSWORD, captcha)
    rows = [str(vars(r)) for r in AccessAttempt.objects.all()] + [
        str(vars(r)) for r in AccessLog.objects.all()
    ]
    assert rows
    assert not any(zhangsan.zjhm in r or "18712349858" in r for r in rows)
    assert Person.objects.count() == 1


@pytest.mark.parametrize("password", [PASSWORD, "wrong-Password-1"])
def test_a_login_looks_the_person_up_once(client, zhangsan, captcha, monkeypatch, password):
    from gjj.identity import selectors

    calls = []
    real = selectors.person_for_login
    monkeypatch.setattr(selectors, "person_for_login", lambda i: calls.append(i) or real(i))
    post_login(client, zhangsan.zjhm, password, captcha)
    assert len(calls) == 1
