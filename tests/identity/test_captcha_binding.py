"""Finding 7: a captcha answered on one form does not serve another."""

import re

import pytest
from captcha.models import CaptchaStore

from gjj.identity.captcha import unbind_key
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PAGES = {"login": "/login/", "register": "/register/", "forgot": "/forgot/"}


def page_key(client, url) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="captcha_0" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize(("purpose", "url"), [*PAGES.items(), ("staff_login", "/admin/login/")])
def test_each_form_hands_out_keys_bound_to_itself(client, purpose, url):
    value = page_key(client, url)
    key = unbind_key(value, purpose)
    assert key and CaptchaStore.objects.filter(hashkey=key).exists()
    for other in {"login", "staff_login", "register", "forgot"} - {purpose}:
        assert unbind_key(value, other) is None


def test_a_captcha_solved_for_registration_does_not_open_the_login(client, zhangsan, captcha):
    solved = captcha("register")
    response = client.post("/login/", {"username": zhangsan.zjhm, "password": PASSWORD, **solved})
    html = response.content.decode()
    assert "验证码不正确" in html and "密码不正确" not in html
    assert "_auth_user_id" not in client.session


def test_a_bare_library_key_is_refused(client, zhangsan):
    key = CaptchaStore.generate_key()
    answer = CaptchaStore.objects.get(hashkey=key).response
    data = {"username": zhangsan.zjhm, "password": PASSWORD, "captcha_0": key, "captcha_1": answer}
    assert "验证码不正确" in client.post("/login/", data).content.decode()
    assert "_auth_user_id" not in client.session


def test_a_captcha_solved_for_the_login_does_not_start_a_reset(client, lisi, captcha):
    response = client.post("/forgot/", {"name": "李四", "id_number": lisi.zjhm, **captcha()})
    assert "验证码不正确" in response.content.decode()
    assert "gjj_reset" not in client.session


def test_the_refresh_hands_out_a_key_for_the_form_that_asked(client, zhangsan):
    ajax = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
    assert client.get("/captcha/refresh/", **ajax).status_code == 404
    assert client.get("/captcha/refresh/?for=other", **ajax).status_code == 404
    data = client.get("/captcha/refresh/?for=login", **ajax).json()
    key = unbind_key(data["key"], "login")
    assert key and data["image_url"] == f"/captcha/image/{key}/"
    assert unbind_key(data["key"], "register") is None
    answer = CaptchaStore.objects.get(hashkey=key).response
    response = client.post(
        "/login/",
        {
            "username": zhangsan.zjhm,
            "password": PASSWORD,
            "captcha_0": data["key"],
            "captcha_1": answer,
        },
    )
    assert response.status_code == 302


def test_the_refresh_link_of_a_page_names_its_form(client):
    assert (
        'data-captcha-refresh="/captcha/refresh/?for=register"'
        in client.get("/register/").content.decode()
    )
