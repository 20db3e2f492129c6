import pytest

pytestmark = pytest.mark.django_db


def test_root_says_hall_and_offers_login(client):
    response = client.get("/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "住房公积金网上服务大厅" in text
    assert "登录" in text
    assert 'name="username"' in text


def test_home_greets_logged_in_depositor(client_zhangsan):
    text = client_zhangsan.get("/").content.decode()
    assert "张三" in text
    assert "欢迎您！今天是" in text
