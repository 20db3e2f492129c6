"""The API's docs pages (/api/v1/docs, /api/service/v1/docs: Swagger UI from the installed
django-ninja assets) open in Chromium under the hall's Content-Security-Policy without a
violation, and show the operations."""

from __future__ import annotations

import pytest

from tests.browser.test_every_page import LISTEN

# serialized_rollback: the flush after this test must not re-create content types behind the
# back of a later serialized test (as in tests/applications/test_workflow.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize(
    ("url", "operation"),
    [
        ("/api/v1/docs", "/applications/withdrawal"),
        ("/api/service/v1/docs", "/applications/outbox"),
    ],
)
def test_the_docs_page_keeps_the_csp(browser, live_server, url, operation):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    context.set_default_timeout(15_000)
    context.add_init_script(LISTEN)
    page = context.new_page()
    console = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    response = page.goto(url)
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Swagger UI drew the operations from the schema (fetched from the same origin).
    path = page.locator(".opblock-summary-path", has_text=operation).first
    path.wait_for()
    # Open the operation and its form (Try it out): more of Swagger UI's styles and images.
    path.click()
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.wait_for()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    reported = page.evaluate("window.__csp || []")
    context.close()
    assert console == [] and reported == []
