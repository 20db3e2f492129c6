"""An empty box gets a message that names what to type, not Django's generic 这个字段是必须的."""

import pytest

pytestmark = pytest.mark.django_db


BOXES = ("username", "password", "name", "id_number", "captcha_0", "captcha_1", "old_password")
BOXES += ("new_password1", "new_password2")


def errors(client, url) -> str:
    """Submits the form with every box left empty, as a browser does."""
    html = client.post(url, dict.fromkeys(BOXES, "")).content.decode()
    assert "这个字段是必须的" not in html
    return html


def test_registration_check_names_each_empty_box(client):
    html = errors(client, "/register/")
    assert "请输入姓名。" in html and "请输入身份证号码。" in html and "请输入验证码。" in html
    assert "请阅读并勾选《用户须知》。" in html


def test_reset_check_asks_for_the_document_number(client):
    html = errors(client, "/forgot/")
    assert "请输入姓名。" in html and "请输入证件号码。" in html


def test_login_names_the_empty_boxes(client):
    html = errors(client, "/login/")
    assert "请输入身份证号或手机号。" in html and "请输入用户密码。" in html


def test_password_change_names_the_empty_boxes(client_zhangsan):
    html = errors(client_zhangsan, "/password/")
    assert "请输入原密码。" in html and "请输入新密码。" in html and "请再次输入新密码。" in html
