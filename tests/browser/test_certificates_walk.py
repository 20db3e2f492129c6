"""Browser walk: issue each certificate, verify it anonymously from its code, revoke it and
verify again; the statement, the charts at 1280 and 375 px, and 账户安全. Screenshots (and one
page of each PDF rendered to PNG) go to tests/browser/shots.SHOTS."""

from __future__ import annotations

import pytest

from gjj.certificates.models import Certificate
from tests.browser.shots import SHOTS
from tests.certificates.makers import give_history
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _pdf_png(data: bytes, name: str) -> None:
    import pypdfium2

    pypdfium2.PdfDocument(data)[0].render(scale=1.5).to_pil().save(f"{SHOTS}/{name}.png")


WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
  .slice(0, 8)"""


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, page.evaluate(WIDE)


def test_issue_verify_revoke_each_certificate(browser, live_server, page, login_as, zhangsan):
    account, settled, _ = give_history(zhangsan)
    login_as(zhangsan, PASSWORD)
    page.click("nav.main-nav >> text=证明")
    assert page.locator("h1").inner_text() == "证明打印"
    page.screenshot(path=f"{SHOTS}/certificates.png", full_page=True)

    buttons = {
        "deposit": "开具缴存证明",
        "settlement": "开具结清证明",
        "usage": "开具缴存使用证明",
    }
    anonymous = browser.new_context(base_url=live_server.url, locale="zh-CN")
    reader = anonymous.new_page()
    for kind, label in buttons.items():
        page.goto("/certificates/")
        page.click(f"button:has-text('{label}')")
        page.wait_for_load_state()
        assert "已开具，验证码" in page.locator(".notices").inner_text()
        cert = Certificate.objects.filter(kind=kind).latest("id")
        code = page.locator(".cert-meta .code").inner_text().replace("-", "")
        assert code == cert.code
        page.screenshot(path=f"{SHOTS}/certificate-{kind}.png", full_page=True)
        pdf = page.request.get(f"/certificates/{code}/pdf/")
        assert pdf.headers["content-type"] == "application/pdf"
        _pdf_png(pdf.body(), f"certificate-{kind}-pdf")

        # Anyone with the paper: type the code grouped, as printed.
        reader.goto("/verify/")
        reader.fill("#verify-code", page.locator(".cert-meta .code").inner_text())
        reader.click("main button[type=submit]")
        reader.wait_for_load_state()
        assert "有效" in reader.locator(".tag").inner_text()
        assert cert.pdf_sha256 in reader.content()
        if kind == "deposit":
            reader.screenshot(path=f"{SHOTS}/verify-valid.png", full_page=True)

    # Revoke the deposit certificate from its page, then the reader checks again.
    deposit = Certificate.objects.get(kind="deposit")
    page.goto(f"/certificates/{deposit.code}/")
    page.click("text=作废此证明")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "证明已作废" in page.locator(".notices").inner_text()
    reader.goto(f"/verify/{deposit.code}")
    assert "已作废" in reader.locator(".tag").inner_text()
    reader.screenshot(path=f"{SHOTS}/verify-revoked.png", full_page=True)
    reader.goto("/verify/?code=ABCD-EFGH-JKMN-PQRS")
    assert "没有与该验证码对应的证明" in reader.content()
    anonymous.close()

    page.goto("/certificates/")
    page.screenshot(path=f"{SHOTS}/certificates-issued.png", full_page=True)


def test_statement_charts_and_security(browser, live_server, page, login_as, zhangsan):
    account, _, open_loan = give_history(zhangsan)
    login_as(zhangsan, PASSWORD)
    page.goto(f"/info/ledger/?grzh={account.grzh}")
    page.click("text=年度对账单")
    page.select_option("#id_year", "2025")
    page.click("main button:has-text('查询')")
    page.wait_for_load_state()
    assert "2024—2025结息年度" in page.content()
    page.screenshot(path=f"{SHOTS}/statement.png", full_page=True)
    page.click("text=生成 PDF 对账单")
    page.wait_for_load_state()
    code = page.locator(".cert-meta .code").inner_text().replace("-", "")
    _pdf_png(page.request.get(f"/certificates/{code}/pdf/").body(), "statement-pdf")

    for width, suffix in ((1280, ""), (375, "-375")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/charts/fund/")
        assert page.locator("svg.chart__svg").count() == 2
        assert page.locator("svg.chart__svg").first.bounding_box()["width"] > width * 0.4
        _no_sideways_scroll(page)
        page.screenshot(path=f"{SHOTS}/charts-fund{suffix}.png", full_page=True)
        page.goto(f"/charts/loan/?jkhtbh={open_loan.jkhtbh}")
        assert page.locator("polyline.chart__line--plan").count() == 2
        _no_sideways_scroll(page)
        page.screenshot(path=f"{SHOTS}/charts-loan{suffix}.png", full_page=True)

    page.set_viewport_size({"width": 375, "height": 900})
    page.click("button:has-text('大字模式')")
    page.wait_for_load_state()
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/charts-loan-375-large.png", full_page=True)
    page.click("button:has-text('标准字号')")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("text=账户安全")
    page.wait_for_load_state()
    assert "上次登录" in page.content() or page.locator("h1").inner_text() == "账户安全"
    assert "127.0.*.*" in page.content()
    page.screenshot(path=f"{SHOTS}/security.png", full_page=True)
