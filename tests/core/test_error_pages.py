"""Error pages speak Chinese, keep the hall's look and offer the way back."""

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from tests.inbox.makers import make_message

pytestmark = pytest.mark.django_db


def test_an_unknown_page_is_a_chinese_404(client_zhangsan):
    response = client_zhangsan.get("/no-such-page/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "您访问的页面不存在" in text and "返回主页面" in text
    assert "住房公积金网上服务大厅" in text


def test_another_persons_message_looks_like_any_missing_page(client_lisi, zhangsan):
    message = make_message(zhangsan)
    response = client_lisi.get(f"/messages/{message.pk}/")
    assert response.status_code == 404
    assert "您访问的页面不存在" in response.content.decode()


def test_a_form_posted_without_its_token_explains_what_to_do():
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "x"})
    text = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期，请刷新后重新提交" in text


def test_the_500_page_renders_without_a_request_context():
    response = server_error(RequestFactory().get("/"))
    text = response.content.decode()
    assert response.status_code == 500
    assert "系统暂时无法处理您的请求" in text and "12329" in text
