"""The contract: OpenAPI 3.1 from the code, kept in docs/api/ so a change shows in review; the
docs page behind a setting; one JSON error shape; limits per token and per IP."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gjj.api.depositor import api as depositor_api
from gjj.api.service import api as service_api
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs" / "api"
FILES = {
    "openapi-v1.json": (depositor_api, "/api/v1/"),
    "openapi-service-v1.json": (service_api, "/api/service/v1/"),
}


def generated(api, prefix) -> str:
    return json.dumps(api.get_openapi_schema(path_prefix=prefix), ensure_ascii=False, indent=2)


@pytest.mark.parametrize("name", FILES)
def test_the_committed_contract_equals_the_generated_one(name):
    """GJJ_UPDATE_OPENAPI=1 rewrites docs/api/*.json after a deliberate change."""
    text = generated(*FILES[name]) + "\n"
    path = DOCS / name
    if os.environ.get("GJJ_UPDATE_OPENAPI"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, (
        f"docs/api/{name} differs from the code's contract: review the change, then run "
        "GJJ_UPDATE_OPENAPI=1 pytest tests/api/test_contract.py"
    )


def test_openapi_is_served_as_3_1(anon_api):
    body = anon_api.get("/api/v1/openapi.json").json()
    assert body["openapi"].startswith("3.1")
    assert "/api/v1/accounts/{grzh}/ledger" in body["paths"]
    service = anon_api.get("/api/service/v1/openapi.json").json()
    assert "/api/service/v1/ledger" in service["paths"]


def test_the_docs_page_uses_the_installed_assets_and_can_be_switched_off(anon_api, settings):
    page = anon_api.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/" in html and "cdn" not in html.lower()
    settings.API_DOCS = False
    off = anon_api.get("/api/v1/docs")
    assert off.status_code == 404


def test_errors_are_json_in_chinese(anon_api, zs_api):
    unknown = anon_api.get("/api/v1/nothing-here")
    assert unknown.status_code == 404
    assert unknown.json() == {"code": "not_found", "message": "请求的内容不存在。"}
    invalid = zs_api.get("/api/v1/accounts/x/ledger", {"start": "2024-13-01"})
    assert invalid.status_code == 422
    body = invalid.json()
    assert set(body) == {"code", "message"} and body["code"] == "invalid"
    assert "start" in body["message"] and "请求数据不符合接口约定" in body["message"]
    bad_json = zs_api.client.post(
        "/api/v1/auth/login", "{", content_type="application/json", REMOTE_ADDR="10.1.0.1"
    )
    assert bad_json.status_code in (400, 422)
    assert set(bad_json.json()) == {"code", "message"}


def test_a_server_error_is_a_json_500_without_a_trace(zs_api, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("gjj.fund.selectors.basic_info", broken)
    zs_api.client.raise_request_exception = False
    response = zs_api.get("/api/v1/accounts")
    assert response.status_code == 500
    assert response.json() == {"code": "server_error", "message": "服务器内部错误，请稍后再试。"}
    assert b"secret internals" not in response.content


def test_too_many_requests_per_token_is_a_429_with_retry_after(zs_api, settings):
    settings.API_RATE_PER_TOKEN = 3
    for _ in range(3):
        assert zs_api.get("/api/v1/me").status_code == 200
    response = zs_api.get("/api/v1/me")
    assert response.status_code == 429
    assert response.json()["code"] == "too_many_requests"
    assert 1 <= int(response["Retry-After"]) <= 60


def test_too_many_requests_per_ip_covers_logins_and_tokens(client, zhangsan, settings):
    settings.API_RATE_PER_IP = 2
    api = Api(client, ip="10.7.7.7")
    assert api.get("/api/v1/auth/captcha").status_code == 200
    assert api.get("/api/v1/auth/captcha").status_code == 200
    assert api.get("/api/v1/auth/captcha").status_code == 429
    api.token = "at_guess"
    assert api.get("/api/v1/me").status_code == 429  # before any token look-up
    assert Api(client, ip="10.7.7.8").get("/api/v1/auth/captcha").status_code == 200


def test_only_the_docs_pages_take_data_images(anon_api):
    """Swagger UI's icons are data: SVGs: the docs pages (and nothing else) allow them; scripts
    and styles stay the hall's own (tests/browser/test_api_docs.py opens them in Chromium)."""
    for url in ("/api/v1/docs", "/api/service/v1/docs"):
        policy = anon_api.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["img-src"] == "'self' data:"
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "data:" not in anon_api.client.get("/login/")["Content-Security-Policy"]
