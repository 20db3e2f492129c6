"""Browser walks of the calculators (JavaScript on and off, 375 px) and of the 我要还款 what-if:
the figures on the page equal the engine's."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from gjj.core.money import format_amount
from gjj.loans import plan as engine
from gjj.loans import rates
from gjj.loans.models import LoanRate
from gjj.loans.whatif import prepayment_whatif
from tests.browser.shots import SHOTS
from tests.factories import PASSWORD
from tests.loans.pages import freeze_today
from tests.loans.test_prepay_page import domain_loan

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
D = Decimal
TODAY = dt.date(2026, 1, 12)


@pytest.fixture(autouse=True)
def _today_and_rates(monkeypatch):
    freeze_today(monkeypatch, TODAY)
    # A transactional test starts from empty tables: the rate table the migration seeds.
    for row in rates.DEFAULT_RATES:
        LoanRate.objects.update_or_create(
            effective=row.effective,
            defaults=dict(
                first_le5=row.first_le5,
                first_gt5=row.first_gt5,
                second_le5=row.second_le5,
                second_gt5=row.second_gt5,
            ),
        )


def figure(page, name):
    return page.locator(f"#calc-result [data-figure={name}]").first.inner_text().split(" ")[0]


def wait_for_figure(page, name, value):
    # A locator waits without evaluating a string in the page (the hall's CSP has no unsafe-eval).
    expect(page.locator(f"#calc-result [data-figure={name}]")).to_have_text(
        re.compile("^" + re.escape(value))
    )


def fits(page, width=375):
    page.set_viewport_size({"width": width, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_loan_calculator_updates_as_the_person_types(page):
    page.goto("/")
    page.click("text=贷款计算器")
    page.fill("#id_dkje", "500000")
    page.fill("#id_qx", "20")
    page.fill("#id_ll", "3.10")
    # No click: the result arrives while typing.
    page.wait_for_selector("#calc-result [data-figure=first]")
    wait_for_figure(page, "first", "2,798.08")
    assert figure(page, "interest") == "171,540.64"
    assert "dkje=500000" in page.url
    page.select_option("#id_hkfs", "02")
    page.wait_for_selector("#calc-result [data-figure=decrease]")
    assert (figure(page, "first"), figure(page, "decrease")) == ("3,375.00", "5.39")
    page.fill("#id_dkje", "0")
    page.wait_for_selector("#calc-result [role=alert]")
    assert "贷款金额应在 1 至 10,000,000 元之间。" in page.inner_text("#calc-result")
    page.fill("#id_dkje", "500000")
    page.select_option("#id_hkfs", "01")
    page.wait_for_selector("#calc-result [data-figure=first]")
    page.screenshot(path=f"{SHOTS}/calc-loan.png", full_page=True)
    with page.expect_download() as download:
        page.click("text=数据下载")
    assert download.value.suggested_filename == "贷款计算_20260112.xlsx"
    fits(page)
    page.screenshot(path=f"{SHOTS}/calc-loan-375.png", full_page=True)
    page.click("text=大字模式")
    assert page.locator("body.large-text").count() == 1
    assert figure(page, "first") == "2,798.08"  # the same query after the toggle
    fits(page)


def test_calculators_work_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/calc/loan/")
    page.fill("#id_dkje", "500000")
    page.fill("#id_qx", "20")
    page.fill("#id_ll", "3.10")
    page.click("main button[type=submit]")
    assert figure(page, "first") == "2,798.08"
    page.click("text=下一页")
    assert "第2/20页" in page.inner_text("main")
    page.goto("/calc/prepay/")
    for name, value in {"dkje": "500000", "qx": "20", "ll": "3.10", "yhqs": "12"}.items():
        page.fill(f"#id_{name}", value)
    page.select_option("#id_tqhkfs", "03")
    page.fill("#id_ts", "10")
    page.click("main button[type=submit]")
    assert figure(page, "pay-now") == "482,078.75"
    page.goto("/calc/limit/")
    for name, value in {
        "nl": "35",
        "ye": "20000",
        "jcys": "24",
        "ysr": "15000",
        "fj": "1200000",
    }.items():
        page.fill(f"#id_{name}", value)
    page.click("main button[type=submit]")
    assert figure(page, "limit") == "300,000.00"
    context.close()


def engine_whatif(mode, amount, on):
    plan = engine.build_plan(
        principal=D("500000"),
        annual_rate=D("3.10"),
        months=240,
        method="01",
        first_due=dt.date(2025, 2, 10),
    )
    return prepayment_whatif(
        plan=plan[12:],
        annual_rate=D("3.10"),
        method="01",
        mode=mode,
        amount=amount,
        on=on or plan[11].due_date,
        last_due=plan[11].due_date,
        repay_day=10,
    )


@pytest.mark.parametrize("mode", ["01", "02"])
def test_prepayment_calculator_equals_the_engine(page, mode):
    page.goto("/calc/prepay/")
    for name, value in {"dkje": "500000", "qx": "20", "ll": "3.10", "yhqs": "12"}.items():
        page.fill(f"#id_{name}", value)
    page.select_option("#id_tqhkfs", mode)
    page.fill("#id_tqhkje", "100000")
    page.wait_for_selector("#calc-result [data-figure=saved]")
    # The calculator's loan starts a month before its first due date; its 12th due date is the
    # prepayment day (no interest accrues), as the engine's here.
    expected = engine_whatif(mode, D("100000"), None)
    assert figure(page, "installment-after") == format_amount(expected.after.installment)
    assert figure(page, "periods-after") == str(expected.after.periods)
    assert figure(page, "saved") == format_amount(expected.interest_saved)
    fits(page)


def test_limit_check_and_its_screenshot(page):
    page.goto("/calc/limit/")
    for name, value in {
        "nl": "35",
        "ye": "60000",
        "jcys": "24",
        "ysr": "8000",
        "fj": "1200000",
    }.items():
        page.fill(f"#id_{name}", value)
    page.wait_for_selector("#calc-result [data-figure=limit]")
    page.wait_for_selector("#calc-result tr.row--binding")
    # (8,000 × 50 % = 4,000 a month at 2.60 % over 360 months) → 999,151.44 → the cap binds.
    assert figure(page, "limit") == "600,000.00"
    page.fill("#id_ysr", "4000")
    wait_for_figure(page, "limit", "499,500.00")
    assert page.locator("tr.row--binding").get_attribute("data-limit") == "capacity"
    page.screenshot(path=f"{SHOTS}/calc-limit.png", full_page=True)
    fits(page)


@pytest.mark.parametrize("mode", ["01", "02", "03"])
def test_my_prepayment_what_if_equals_the_engine(page, login_as, zhangsan, mode):
    domain_loan(zhangsan)
    login_as(zhangsan, PASSWORD)
    page.goto("/guide/repay/")
    page.click("main >> text=提前还款试算 >> nth=0")
    page.check(f"input[name=tqhkfs][value='{mode}']")
    if mode != "03":
        page.fill("#id_tqhkje", "100000")
    page.fill("#id_tqhkrq", "2026-01-12")
    page.click("main button[type=submit]")
    expected = engine_whatif(mode, D("100000") if mode != "03" else None, TODAY)
    shown = page.locator("table.whatif")
    got = {
        name: shown.locator(f"[data-figure={name}]").inner_text()
        for name in ("periods-after", "interest-after")
    }
    assert got == {
        "periods-after": str(expected.after.periods),
        "interest-after": format_amount(expected.after.interest),
    }
    assert (
        page.locator("[data-figure=pay-now]").inner_text()
        == f"{format_amount(expected.pay_now)} 元"
    )
    if mode == "02":
        page.screenshot(path=f"{SHOTS}/repay-whatif.png", full_page=True)
        fits(page)
        page.screenshot(path=f"{SHOTS}/repay-whatif-375.png", full_page=True)
