"""Findings 4, 5 and 7: the headers of every page type (tests/pages.py is the list)."""

import pytest

from tests.pages import PAGES, PERSON, STAFF, persona, staff_persona

pytestmark = pytest.mark.django_db

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
DENIED_FEATURES = ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()")


def policy(header: str) -> dict:
    parts = [p.strip().split(None, 1) for p in header.split(";") if p.strip()]
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts}


@pytest.fixture
def objects(zhangsan):
    return persona(zhangsan)


def open_page(client, page, objects, zhangsan, staff):
    if page.who == PERSON:
        client.force_login(zhangsan.user)
    elif page.who == STAFF:
        staff_persona(staff)
        client.force_login(staff)
    return client.get(page.path(objects))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.who}:{p.url}")
def test_every_page_answers_the_security_headers(client, page, objects, zhangsan, staff):
    response = open_page(client, page, objects, zhangsan, staff)
    assert response.status_code == page.status
    csp = policy(response["Content-Security-Policy"])
    for directive, value in CSP.items():
        assert csp.get(directive) == value, (directive, response["Content-Security-Policy"])
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    for feature in DENIED_FEATURES:
        assert feature in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    if "csrftoken" in response.cookies:
        assert response.cookies["csrftoken"]["httponly"]
    assert response.cookies.get("sessionid") is None or response.cookies["sessionid"]["httponly"]


@pytest.mark.parametrize("page", [p for p in PAGES if p.personal], ids=lambda p: p.url)
def test_every_personal_page_is_never_stored(client, page, objects, zhangsan, staff):
    response = open_page(client, page, objects, zhangsan, staff)
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives
    assert "public" not in directives


@pytest.mark.parametrize(
    "url", ["/login/", "/register/", "/forgot/", "/admin/login/", "/"], ids=str
)
def test_the_forms_a_person_types_into_are_never_stored_either(client, url):
    directives = {d.strip() for d in client.get(url)["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


def test_the_csrf_cookie_is_httponly_and_the_token_comes_from_the_page(client):
    response = client.get("/login/")
    assert response.cookies["csrftoken"]["httponly"]
    assert 'name="csrf-token" content="' in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/login/"])
def test_head_answers_like_get_for_health_checks(client, url):
    head = client.head(url)
    assert head.status_code == 200
    assert head.content == b""


def test_head_of_the_home_page_of_a_logged_in_person(client_zhangsan):
    assert client_zhangsan.head("/").status_code == 200


def test_no_page_carries_an_inline_script(client, objects, zhangsan, staff):
    import re

    for page in PAGES:
        if page.kind != "html":
            continue
        client.logout()
        html = open_page(client, page, objects, zhangsan, staff).content.decode()
        inline = [s for s in re.findall(r"<script([^>]*)>", html) if "src=" not in s]
        assert not [s for s in inline if "application/json" not in s], page.url
        assert not re.search(r"\son[a-z]+=\"", html), page.url
        assert ' style="' not in html, page.url


def test_the_print_page_loads_its_script_from_a_file(client_zhangsan, objects):
    html = client_zhangsan.get("/info/loan/plan/print/").content.decode()
    assert "/static/js/print.js" in html and "<script>" not in html
