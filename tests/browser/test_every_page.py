"""Every page of tests/pages.py in Chromium, logged out, as a depositor and as staff, under the
real Content-Security-Policy: no CSP violation in the console and no WCAG 2.1 A/AA violation
found by axe-core (from the axe-playwright-python package, which ships axe-core).
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.pages import ANONYMOUS, PERSON, STAFF, pages, persona, staff_persona

pytestmark = pytest.mark.django_db(transaction=True)

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Collects what the browser reports, even for a violation before any script of the page ran.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(
    e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber
  );
});
"""


def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _sign_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _walk(browser, live_server, who, user, objects):
    axe = _axe()
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    context.add_init_script(LISTEN)
    if user is not None:
        _sign_in(context, live_server, user)
    page = context.new_page()
    console = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    problems = []
    visited = 0
    for entry in pages(who, kind="html"):
        url = entry.path(objects)
        console.clear()
        response = page.goto(url)
        page.wait_for_load_state("load")
        if response is None or response.status != entry.status:
            problems.append(f"{url}: status {response and response.status}")
            continue
        reported = page.evaluate("window.__csp || []")
        for text in [*console, *reported]:
            problems.append(f"{url}: CSP {text}")
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        for violation in result.response["violations"]:
            targets = [n["target"] for n in violation["nodes"]][:3]
            problems.append(f"{url}: axe {violation['id']} ({violation['impact']}) {targets}")
        visited += 1
    context.close()
    return visited, problems


def test_every_page_logged_out(browser, live_server):
    visited, problems = _walk(browser, live_server, ANONYMOUS, None, {})
    assert visited == len(pages(ANONYMOUS, kind="html"))
    assert problems == []


def test_every_page_of_a_depositor(browser, live_server, zhangsan):
    objects = persona(zhangsan)
    visited, problems = _walk(browser, live_server, PERSON, zhangsan.user, objects)
    assert visited == len(pages(PERSON, kind="html"))
    assert problems == []


def test_every_page_of_the_staff(browser, live_server, staff):
    staff_persona(staff)
    visited, problems = _walk(browser, live_server, STAFF, staff, {})
    assert visited == len(pages(STAFF, kind="html"))
    assert problems == []


def test_an_inline_script_would_be_caught(browser, live_server, settings):
    """The check itself works: a page with an inline script reports a violation."""
    context = browser.new_context(base_url=live_server.url)
    context.add_init_script(LISTEN)
    page = context.new_page()
    console = []
    page.on("console", lambda m: console.append(m.text))
    page.goto("/login/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = '1'; "
        "document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    reported = page.evaluate("window.__csp")
    context.close()
    assert reported and "script-src" in reported[0]
    assert any("Content Security Policy" in text for text in console)
