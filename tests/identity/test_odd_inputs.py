"""Odd input on the identity forms: a plain Chinese message, nothing changed, never a 500."""

import re

import pytest

from gjj.identity.models import SmsCode
from tests.factories import PASSWORD, make_account, make_id_number, make_person

pytestmark = pytest.mark.django_db


def errors(response) -> list[str]:
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'class="(?:field-error|form-error)"[^>]*>([^<]*)<', html)


def chinese(messages):
    assert messages and all(re.search(r"[\u4e00-\u9fff]", m) for m in messages), messages


@pytest.mark.parametrize(
    "data",
    [
        {"username": "1" * 40, "password": "x" * 200},
        {"username": "\x00370402", "password": "a\x00b"},
        {"username": "３７０４０２", "password": PASSWORD, "captcha_0": "k" * 300},
        {"username": "<script>", "password": PASSWORD, "captcha_1": "ABCD" * 50},
    ],
)
def test_odd_logins_get_messages_and_no_session(client, zhangsan, captcha, data):
    response = client.post("/login/", {**captcha(), **data})
    chinese(errors(response))
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url", ["/register/", "/forgot/"])
@pytest.mark.parametrize(
    "name,number",
    [
        ("王" * 61, "3" * 33),
        ("\x00", "\x00"),
        ("张三", "370402199002301234"),  # 30 February
        ("张三", "abcdefghijklmnopqr"),
        ("", "   "),
    ],
)
def test_odd_checks_get_messages_and_start_nothing(client, captcha, zhangsan, url, name, number):
    data = {"name": name, "id_number": number, "agree": "on", **captcha(url.strip("/"))}
    chinese(errors(client.post(url, data)))
    assert "gjj_register" not in client.session and "gjj_reset" not in client.session


@pytest.mark.parametrize("code", ["", "12345", "1234567", "12a456", "\x00\x00\x00\x00\x00\x00"])
def test_odd_sms_codes_are_refused_without_using_a_try(client, captcha, outbox, code):
    person = make_person(name="王五", id_number=make_id_number(seq=951), registered=False)
    make_account(person)
    client.post(
        "/register/",
        {"name": "王五", "id_number": person.zjhm, "agree": "on", **captcha("register")},
    )
    client.post("/register/sms/", {"action": "send"})
    chinese(errors(client.post("/register/sms/", {"action": "verify", "code": code})))
    assert SmsCode.objects.get().attempts == 0


def test_a_password_over_128_characters_is_refused_plainly(client_zhangsan, zhangsan):
    long = "Ab1-" + "x" * 125
    response = client_zhangsan.post(
        "/password/", {"old_password": PASSWORD, "new_password1": long, "new_password2": long}
    )
    assert "密码最长128个字符。" in errors(response)
    zhangsan.user.refresh_from_db()
    assert zhangsan.user.check_password(PASSWORD)
