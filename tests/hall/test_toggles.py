import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_large_text_mode_switches_on_and_off_and_is_remembered(client_zhangsan):
    url = reverse("hall:toggle_large_text")
    response = client_zhangsan.post(url, {"next": reverse("inbox:list")})
    assert response.status_code == 302 and response["Location"] == reverse("inbox:list")
    assert response.cookies["gjj_large"].value == "1"
    assert response.cookies["gjj_large"]["max-age"] >= 30 * 24 * 3600
    text = client_zhangsan.get(reverse("inbox:list")).content.decode()
    assert '<body class="large-text' in text
    assert "标准字号" in text
    client_zhangsan.post(url)
    text = client_zhangsan.get(reverse("inbox:list")).content.decode()
    assert '<body class="large-text' not in text
    assert "大字模式" in text


def test_large_text_works_on_the_login_page_too(client):
    response = client.post(reverse("hall:toggle_large_text"), {"next": reverse("identity:login")})
    assert response["Location"] == reverse("identity:login")
    assert response.cookies["gjj_large"].value == "1"


def test_sound_toggle_flips_the_button_label(client_zhangsan):
    assert "关闭音效" in client_zhangsan.get(reverse("hall:home")).content.decode()
    response = client_zhangsan.post(reverse("hall:toggle_sound"), {"next": "/"})
    assert response.cookies["gjj_sound"].value == "0"
    text = client_zhangsan.get(reverse("hall:home")).content.decode()
    assert "开启音效" in text and "关闭音效" not in text
    client_zhangsan.post(reverse("hall:toggle_sound"))
    assert "关闭音效" in client_zhangsan.get(reverse("hall:home")).content.decode()


@pytest.mark.parametrize("name", ["hall:toggle_large_text", "hall:toggle_sound"])
def test_toggles_refuse_get_and_never_redirect_off_site(client_zhangsan, name):
    assert client_zhangsan.get(reverse(name)).status_code == 405
    response = client_zhangsan.post(reverse(name), {"next": "//evil.example/x"})
    assert response["Location"] == reverse("hall:home")
