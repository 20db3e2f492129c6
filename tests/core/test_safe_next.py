"""Finding 3: a `next` that is not a path on this site falls back instead of a 500."""

import pytest
from django.test import RequestFactory

from gjj.core.net import safe_next, safe_url
from tests.factories import PASSWORD
from tests.identity.conftest import solved_captcha
from tests.inbox.makers import make_message

pytestmark = pytest.mark.django_db

ODD = [
    "abc",
    "hall:home",
    "login",
    "//evil.example/",
    "https://evil.example/",
    "javascript:x",
    "\\\\x",
]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("abc", "/"),
        ("hall:home", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("http://testserver/messages/", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
        (None, "/"),
        ("/messages/?page=2", "/messages/?page=2"),
    ],
)
def test_safe_url_gives_only_a_path_on_this_site(url, expected):
    request = RequestFactory().get("/")
    assert safe_url(request, url) == expected


def test_safe_next_reads_the_form_then_the_query():
    factory = RequestFactory()
    assert safe_next(factory.post("/?next=/a/", {"next": "/b/"})) == "/b/"
    assert safe_next(factory.get("/?next=/a/")) == "/a/"
    assert safe_next(factory.get("/?next=abc"), "/x/") == "/x/"


@pytest.mark.parametrize("odd", ODD)
def test_login_with_an_odd_next_lands_on_the_home_page_with_a_session(client, zhangsan, odd):
    data = {"username": zhangsan.zjhm, "password": PASSWORD, "next": odd, **solved_captcha()}
    response = client.post("/login/?next=" + odd, data)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(zhangsan.user_id)


@pytest.mark.parametrize("path", ["/settings/large-text/", "/settings/sound/"])
@pytest.mark.parametrize("odd", ODD)
def test_the_toggles_with_an_odd_next_go_home(client_zhangsan, path, odd):
    response = client_zhangsan.post(path, {"next": odd})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.parametrize("odd", ODD)
def test_mark_read_with_an_odd_next_goes_to_the_list(client_zhangsan, zhangsan, odd):
    message = make_message(zhangsan)
    response = client_zhangsan.post(f"/messages/{message.pk}/mark-read/", {"next": odd})
    assert response.status_code == 302 and response["Location"] == "/messages/"
    message.refresh_from_db()
    assert message.is_read


@pytest.mark.parametrize("odd", ODD)
def test_delete_with_an_odd_next_goes_to_the_list(client_zhangsan, zhangsan, odd):
    message = make_message(zhangsan)
    page = client_zhangsan.get(f"/messages/{message.pk}/delete/", {"next": odd}).content.decode()
    assert '<a class="btn" href="/messages/">否</a>' in page
    response = client_zhangsan.post(f"/messages/{message.pk}/delete/", {"next": odd})
    assert response.status_code == 302 and response["Location"] == "/messages/"


def test_logout_ignores_an_odd_referer(client_zhangsan):
    page = client_zhangsan.get("/logout/", HTTP_REFERER="abc").content.decode()
    assert 'href="abc"' not in page
