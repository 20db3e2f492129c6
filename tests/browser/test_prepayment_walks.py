"""我要还款 in a real browser: a 02 prepayment from the what-if to submitted, paid partly by the
fund balance (公积金冲还 + 银行卡), and a 03 settlement; the figures on the pages are the engine's
and, for the 02, the ones computed by hand in tests/prepayments/test_roundtrip.py."""

from __future__ import annotations

import datetime as dt

import pytest

from gjj.applications.models import Application, State
from gjj.core.money import format_amount
from gjj.loans import selectors as loans
from gjj.loans.repay import position_whatif
from tests.browser.shots import SHOTS
from tests.factories import PASSWORD
from tests.loans.pages import freeze_today
from tests.prepayments.makers import D, domain_loan
from tests.withdrawals.makers import funded_account

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TODAY = dt.date(2026, 1, 12)  # a Monday, 2 days after the 10th due date


@pytest.fixture(autouse=True)
def _today(monkeypatch, page):
    freeze_today(monkeypatch, TODAY)
    page.context.set_default_timeout(60_000)


@pytest.fixture
def borrower(zhangsan):
    loan = domain_loan(zhangsan)
    funded_account(zhangsan, balance="150000.00")
    return zhangsan, loan


def figure(page, name) -> str:
    return page.locator(f"[data-figure={name}]").first.inner_text().replace(" 元", "").strip()


def whatif(page, mode, amount=""):
    page.goto("/repay/prepay/")
    page.check(f"input[name=tqhkfs][value='{mode}']")
    if amount:
        page.fill("input[name=tqhkje]", amount)
    page.fill("input[name=tqhkrq]", TODAY.isoformat())
    page.click("main button:has-text('试算')")
    page.wait_for_selector("table.whatif")


def test_reduce_installment_paid_partly_by_the_fund(page, login_as, borrower):
    person, loan = borrower
    login_as(person, PASSWORD)
    whatif(page, "02", "100000")
    engine = position_whatif(
        loans.loan_position(loan, today=TODAY), mode="02", amount=D("100000"), on=TODAY
    )
    # The engine's figures, and the hand-computed ones (test_roundtrip.py): 2,217.16 a month
    # after, 100,000 × 3.10 % × 2 / 360 = 17.22 of interest accrued.
    assert (
        figure(page, "installment-after") == format_amount(engine.after.installment) == "2,217.16"
    )
    assert figure(page, "accrued") == format_amount(engine.accrued) == "17.22"
    assert figure(page, "saved") == format_amount(engine.interest_saved)
    page.click("text=申请提前还款")
    page.wait_for_url("**/repay/apply/**")
    assert figure(page, "pay-now") == "100,017.22"
    page.check("input[name=zjly][value='3']")
    page.fill("input[name=gjjchje]", "50000")
    page.click("text=按所选资金来源重新核对")
    page.wait_for_selector("[data-figure=fund]")
    assert figure(page, "fund") == "50,000.00" and figure(page, "card") == "50,017.22"
    page.screenshot(path=f"{SHOTS}/prepay-confirm-1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=f"{SHOTS}/prepay-confirm-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("text=确认提交")
    page.wait_for_url("**/applications/*/")
    app = Application.objects.get(person=person)
    assert app.state == State.SUBMITTED
    assert (app.detail["fund_amount"], app.detail["card_amount"]) == ("50000.00", "50017.22")
    body = " ".join(page.inner_text("main").split())
    assert app.sqid in body and "公积金冲还金额 50,000.00 元" in body


def test_settlement(page, login_as, borrower):
    person, loan = borrower
    login_as(person, PASSWORD)
    whatif(page, "03")
    # 481,663.98 + 481,663.98 × 3.10 % × 2 / 360 (82.95) = 481,746.93.
    assert figure(page, "pay-now") == "481,746.93"
    page.click("text=申请提前还款")
    page.wait_for_url("**/repay/apply/**")
    assert figure(page, "balance") == "481,663.98" and figure(page, "accrued") == "82.95"
    page.click("text=确认提交")
    page.wait_for_url("**/applications/*/")
    app = Application.objects.get(person=person)
    assert app.detail["mode"] == "03" and app.amount == D("481746.93")
    assert app.detail["source"] == "1"
