"""submit → staff 受理 and 审核 → export_applications → demo_core_results → import_core: the
application is 办结 and the loan pages show the plan the engine's replan gives for the mode."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal, getcontext

import pytest
from django.core.management import call_command

from gjj.applications import services as apps
from gjj.applications.models import State
from gjj.fund.models import LedgerEntry
from gjj.inbox.models import Message
from gjj.interchange.core_results import write_results
from gjj.interchange.export import COLUMNS, export_applications
from gjj.loans.models import LoanTxn
from tests.loans.pages import table_rows, text
from tests.prepayments.makers import D, borrower, submit
from tests.withdrawals.makers import make_staff

pytestmark = pytest.mark.django_db


def read(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def approve(app):
    a, b = make_staff("shouli", "受理"), make_staff("shenhe", "初审")
    app = apps.application_act(application=app, user=a, xh=2, version=app.version, action="pass")
    return apps.application_act(application=app, user=b, xh=3, version=app.version, action="pass")


def answer(tmp_path):
    export_applications(tmp_path / "out")
    write_results(tmp_path / "out", tmp_path / "back", today=dt.date(2026, 1, 12))
    out = io.StringIO()
    call_command("import_core", str(tmp_path / "back"), stdout=out, stderr=out)
    return out.getvalue()


def annuity(principal: Decimal, annual_percent: Decimal, months: int) -> Decimal:
    """等额本息 by the textbook formula, to the fen: M = P·r·(1+r)^n / ((1+r)^n − 1)."""
    getcontext().prec = 40
    r = annual_percent / 100 / 12
    f = (1 + r) ** months
    return (principal * r * f / (f - 1)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def test_reduce_installment_paid_partly_by_the_fund(tmp_path, zhangsan, client_zhangsan,
                                                     monkeypatch):  # fmt: skip
    loan, account = borrower(zhangsan, monkeypatch, balance="150000.00")
    app = submit(zhangsan, loan, mode="02", amount="100000", source="3", fund="50000")
    assert app.state == State.SUBMITTED and app.contract_id == loan.pk
    app = approve(app)
    assert app.state == State.APPROVED

    export_applications(tmp_path / "out")
    (row,) = read(tmp_path / "out" / "applications_out.csv")
    assert list(row) == list(COLUMNS)
    assert (row["ywdm"], row["jkhtbh"], row["tqhkfs"], row["tqhkje"], row["tqhkrq"]) == (
        "prepayment",
        loan.jkhtbh,
        "02",
        "100000.00",
        "2026-01-12",
    )
    assert (row["zjly"], row["gjjchje"], row["grzh"]) == ("3", "50000.00", account.grzh)
    assert (row["ywlx"], row["tqyy"], row["tqfs"], row["tqje"]) == ("70", "06", "02", "50000.00")

    write_results(tmp_path / "out", tmp_path / "back", today=dt.date(2026, 1, 12))
    (txn,) = read(tmp_path / "back" / "loan_txns.csv")
    # Interest on the 100,000 prepaid from the due date 2026-01-10 to 2026-01-12, counting the
    # first day and not the last: 2 days × 100,000 × 3.10 % / 360 = 17.222… → 17.22.
    hand_accrued = (D("100000") * D("0.031") * 2 / 360).quantize(D("0.01"), ROUND_HALF_UP)
    assert hand_accrued == D("17.22")
    assert (txn["dkywmxlx"], txn["tqhkfs"], txn["bjje"], txn["lxje"]) == (
        "03",
        "02",
        "100000.00",
        f"{hand_accrued}",
    )
    (loan_row,) = read(tmp_path / "back" / "loans.csv")
    assert loan_row["dkye"] == "381663.98"  # 481,663.98 − 100,000
    out = io.StringIO()
    call_command("import_core", str(tmp_path / "back"), stdout=out, stderr=out)
    assert "没有被拒绝的记录" in out.getvalue()

    app.refresh_from_db()
    loan.refresh_from_db()
    account.refresh_from_db()
    assert app.state == State.DONE
    assert loan.dkye == D("381663.98")
    assert account.grzhye == D("100000.00")
    assert LedgerEntry.objects.get(sqid=app.sqid).fse == D("-50000.00")
    assert "提前还款已扣款入账" in Message.objects.order_by("-id").first().xxnr

    # The plan now: 381,663.98 over the 228 periods left (02 keeps the end date), by hand:
    # r = 3.10 % / 12, M = 381,663.98 · r · (1+r)^228 / ((1+r)^228 − 1) = 2,217.16; the first
    # period's interest is 381,663.98 × r = 985.965… → 985.97, its principal 2,217.16 − 985.97.
    m = annuity(D("381663.98"), D("3.10"), 228)
    assert m == D("2217.16") and D(app.detail["after"]["installment"]) == m
    interest = (D("381663.98") * D("0.031") / 12).quantize(D("0.01"), ROUND_HALF_UP)
    rows = table_rows(
        client_zhangsan.get(
            "/info/loan/plan/", {"ksrq": "2026-01-01", "jsrq": "2026-12-31"}
        ).content.decode()
    )
    assert rows[0][1:] == ["202602", "2026-02-10", "1,231.19", f"{interest:,}", f"{m:,}"]
    assert interest + D("1231.19") == m
    info = text(client_zhangsan.get("/info/loan/"))
    assert "剩余期数 228" in info


def test_settlement_round_trip(tmp_path, zhangsan, client_zhangsan, monkeypatch):
    loan, account = borrower(zhangsan, monkeypatch)
    app = submit(zhangsan, loan, mode="03", source="1")
    # 481,663.98 + 481,663.98 × 3.10 % × 2 / 360 (82.95) = 481,746.93.
    accrued = (D("481663.98") * D("0.031") * 2 / 360).quantize(D("0.01"), ROUND_HALF_UP)
    assert app.amount == D("481663.98") + accrued == D("481746.93")
    assert app.detail["days"] == 2 and app.detail["since"] == "2026-01-10"
    approve(app)
    report = answer(tmp_path)
    assert "没有被拒绝的记录" in report
    (txn,) = read(tmp_path / "back" / "loan_txns.csv")
    assert (txn["dkywmxlx"], txn["bjje"], txn["lxje"]) == ("06", "481663.98", "82.95")
    app.refresh_from_db()
    loan.refresh_from_db()
    account.refresh_from_db()
    assert app.state == State.DONE
    assert loan.dkye == 0 and loan.dkzt == "03"
    assert account.grzhye == D("150000.00")  # paid by card: the fund is untouched
    assert LoanTxn.objects.filter(contract=loan, dkywmxlx="06").count() == 1
    info = text(client_zhangsan.get("/info/loan/"))
    assert "结清" in info
    assert "您没有可以提前还款的贷款" in text(client_zhangsan.get("/repay/prepay/"))


def test_shorten_term_on_the_next_due_date_books_that_installment_first(
    tmp_path, zhangsan, client_zhangsan, monkeypatch
):
    loan, _ = borrower(zhangsan, monkeypatch)
    app = submit(zhangsan, loan, mode="01", amount="100000", on=dt.date(2026, 2, 10))
    approve(app)
    assert "没有被拒绝的记录" in answer(tmp_path)
    txns = read(tmp_path / "back" / "loan_txns.csv")
    assert [(t["dkywmxlx"], t["hkny"]) for t in txns] == [("02", "202602"), ("03", "")]
    loan.refresh_from_db()
    app.refresh_from_db()
    assert app.state == State.DONE
    # 01 keeps the installment 2,798.08 and pays off in fewer periods: the engine's replan
    # that the application showed is what the pages show now.
    info = text(client_zhangsan.get("/info/loan/"))
    assert f"剩余期数 {app.detail['after']['periods']}" in info
    assert app.detail["after"]["installment"] == "2798.08"
