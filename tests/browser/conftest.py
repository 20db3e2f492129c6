"""Browser tests: Playwright (Python) driving Debian's chromium against pytest-django's live server.

Run only these with `pytest -m browser`; they are skipped when /usr/bin/chromium is missing
outside CI (CI installs it and sets GJJ_REQUIRE_BROWSER=1 so a missing browser fails instead).
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("GJJ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--lang=zh-CN",
    # Date inputs follow the page's lang (2025/01/15), not headless Chromium's US 01/15/2025.
    "--enable-blink-features=LangAttributeAwareFormControlUI",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            # A live-server test flushes the database after it. Without serialized_rollback the
            # flush re-creates content types under new ids, and the next test that reloads the
            # migrated data (the seeded businesses, policies and groups) then fails on their
            # unique names — whichever order pytest-randomly picks. So every one reloads it.
            db = item.get_closest_marker("django_db")
            if db and db.kwargs.get("transaction") and not db.kwargs.get("serialized_rollback"):
                raise pytest.UsageError(
                    f"{item.nodeid}: browser tests use "
                    "pytest.mark.django_db(transaction=True, serialized_rollback=True)"
                )


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("GJJ_REQUIRE_BROWSER") == "1":
            pytest.fail(f"chromium not found at {CHROMIUM}")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls that fixtures make
    # in the same thread are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(autouse=True)
def _captcha_test_mode(monkeypatch):
    """The captcha accepts PASSED (django-simple-captcha reads the setting at import time)."""
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", True)


@pytest.fixture
def login_as(page):
    """Log a person in through the real login form (captcha in test mode)."""

    def _login(person, password):
        page.goto("/login/")
        page.fill("input[name=username]", person.zjhm)
        page.fill("input[name=password]", password)
        if page.locator("input[name=captcha_1]").count():
            page.fill("input[name=captcha_1]", "PASSED")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        return page

    return _login
