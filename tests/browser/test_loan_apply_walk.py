"""贷款申请 in a real browser: from the guide's conditions to the limit check with the person's
data (the binding limit on the page), the form with the house, the materials and the plan preview,
确认提交, and the application in the 受理 clerk's queue at /staff/. Screenshots of the limit check
and the form (1280 and 375 px); no page wider than the screen at 375 px."""

from __future__ import annotations

import pytest

from gjj.applications.models import Application, State
from gjj.loanapps import rules
from gjj.staff.models import StaffProfile
from tests.browser.shots import SHOTS
from tests.browser.test_withdrawal_walks import staff_login
from tests.factories import PASSWORD
from tests.loanapps.makers import NOW, depositor, freeze, make_staff
from tests.withdrawals.makers import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _setup(page, monkeypatch):
    page.context.set_default_timeout(60_000)
    freeze(monkeypatch, NOW)


def fits_375(page):
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    return page


def test_from_the_limit_check_to_the_staff_queue(page, login_as, zhangsan, browser, live_server):
    depositor(zhangsan, balance="40000.00")
    clerk = make_staff("slwang", "受理", name="王受理")
    StaffProfile.objects.create(user=clerk, must_change_password=False)
    login_as(zhangsan, PASSWORD)
    page.goto("/guide/loan-apply/")
    assert "您符合申请公积金贷款的基本条件。" in page.content()
    page.click("main >> text=在线申请贷款")
    page.wait_for_url("**/loan-apply/")
    # The limit check with the person's data: 40,000 × 15 = 600,000 and the price 500,000 × 80 %.
    page.fill("input[name=ysr]", "18000")
    page.fill("input[name=fj]", "500000")
    page.fill("input[name=qx]", "20")
    page.click("button[value=check]")
    page.wait_for_load_state()
    assert page.locator("[data-figure=limit]").inner_text() == "400,000.00 元"
    binding = page.locator("tr.row--binding")
    assert binding.count() == 1 and binding.get_attribute("data-limit") == "price"
    assert "决定额度" in binding.inner_text()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=f"{SHOTS}/loan-apply-limit-1280.png", full_page=True)
    fits_375(page).screenshot(path=f"{SHOTS}/loan-apply-limit-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.click("button[value=apply]")
    page.wait_for_url("**/loan-apply/fill/")
    assert page.input_value("input[name=dkje]") == "400000.00"
    page.fill("input[name=dkje]", "350000")
    page.fill("input[name=fwzl]", "薛城区泰山南路 1 号 2 单元 301 室")
    page.fill("input[name=fwmj]", "89.5")
    page.check("input[name=fwxz][value='02']")
    page.check("input[name=hkfs][value='02']")
    for i, m in enumerate(rules.MATERIALS):
        if m["required"]:
            page.set_input_files(
                f"#file-{i}",
                files=[{"name": f"{i}.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
            )
    page.screenshot(path=f"{SHOTS}/loan-apply-form-1280.png", full_page=True)
    fits_375(page).screenshot(path=f"{SHOTS}/loan-apply-form-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("text=下一步：核对")
    page.wait_for_url("**/loan-apply/confirm/")
    # 等额本金 350,000 over 240 months at 2.60 %: 350000/240 = 1,458.33 principal (rounded) +
    # 350000 × 0.026/12 = 758.33 interest: 2,216.66 first; each month 1,458.33 × 0.026/12 = 3.16
    # less.
    assert page.locator("[data-figure=first]").inner_text() == "2,216.66 元"
    assert page.locator("[data-figure=decrease]").inner_text() == "3.16 元"
    fits_375(page)
    # Large-text mode (大字模式, from the header) at 375 px: still no horizontal scrolling.
    page.click("header >> text=大字模式")
    page.wait_for_load_state()
    assert page.evaluate("document.body.classList.contains('large-text')")
    fits_375(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("text=确认提交")
    page.wait_for_url("**/applications/*/")
    app = Application.objects.get()
    assert app.business == "loan" and app.state == State.SUBMITTED
    assert "已提交，待受理" in page.content() and "签订合同" in page.content()

    staff = staff_login(browser, live_server, "slwang")
    assert app.sqid in staff.content()
    staff.click(f"tr:has-text('{app.sqid}') >> text=办理")
    html = staff.content()
    assert "350,000.00 元" in html and "房价 × (1 − 首付比例)" in html and "0.pdf" in html
    staff.screenshot(path=f"{SHOTS}/loan-apply-staff-detail.png", full_page=True)
