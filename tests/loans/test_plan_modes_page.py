"""还款计划 and 贷款信息 after a 提前还款 follow its mode (domain.md §5.3).

01 缩短期限 keeps the installment and shortens the term; 02 减少月还款额 keeps the term and
recomputes the installment. The loan: 500,000.00 · 3.10 % · 240 months · 等额本息, due on the
15th, two installments of 2,798.08 paid (balance 496,983.29), then 100,000.00 prepaid.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gjj.loans import plan as engine
from tests.factories import make_loan
from tests.loans.pages import freeze_today, table_rows, text

PLAN = reverse("loans:plan")
INFO = reverse("loans:info")
PRINT = reverse("loans:plan_print")
EXPORT = reverse("loans:plan_export")
D = Decimal


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze_today(monkeypatch, dt.date(2025, 3, 25))


def repayment(hkny, bjje, lxje, day):
    return dict(ywfsrq=day, hkny=hkny, dkywmxlx="02", bjje=D(bjje), lxje=D(lxje))


def prepayment(bjje, mode, day=dt.date(2025, 3, 20)):
    return dict(ywfsrq=day, hkny="", dkywmxlx="03", bjje=D(bjje), tqhkfs=mode)


def loan_with(person, *later, dkye, method="01", paid=None):
    paid = paid or [
        repayment("202502", "1506.41", "1291.67", dt.date(2025, 2, 15)),
        repayment("202503", "1510.30", "1287.78", dt.date(2025, 3, 15)),
    ]
    return make_loan(
        person,
        jkhtbh="01202501150001",
        htdkje=D("500000.00"),
        dkqs=240,
        dkll=D("3.10"),
        dkhkfs=method,
        jkhtqdrq=dt.date(2025, 1, 10),
        disbursed=dt.date(2025, 1, 15),
        ydhkr=15,
        dkye=D(dkye),
        txns=[
            dict(ywfsrq=dt.date(2025, 1, 15), dkywmxlx="01", ffje=D("500000.00")),
            *paid,
            *later,
        ],
    )


def plan_rows(client, start, end):
    return table_rows(client.get(PLAN, {"ksrq": start, "jsrq": end}).content.decode())


def test_shorten_term_keeps_the_installment_and_ends_earlier(client_zhangsan, zhangsan):
    loan_with(zhangsan, prepayment("100000.00", "01"), dkye="396983.29")
    rows = plan_rows(client_zhangsan, "2025-01-01", "2025-12-31")
    assert rows[0] == ["1", "202504", "2025-04-15", "1,772.54", "1,025.54", "2,798.08"]
    assert len(rows) == 9 and {r[5] for r in rows} == {"2,798.08"}
    # 396,983.29 at 3.10 %: M over 177 periods is 2,797.40 (fits), over 176 it is 2,809.94.
    assert engine.monthly_payment(D("396983.29"), D("3.10"), 177) == D("2797.40")
    assert engine.monthly_payment(D("396983.29"), D("3.10"), 176) == D("2809.94")
    last = plan_rows(client_zhangsan, "2039-01-01", "2045-12-31")
    assert last[-1] == ["12", "203912", "2039-12-15", "2,639.19", "6.82", "2,646.01"]
    page = text(client_zhangsan.get(INFO))
    for expected in (
        "月还款额 2,798.08",
        "到期日期 2039-12-15",
        "贷款余额 396,983.29",
        "已还期数 2",
        "剩余期数 177",
        "提前还款方式 缩短期限（月还款额不变）",
        "贷款状态 正常还款",
    ):
        assert expected in page


def test_reduce_installment_keeps_the_term_and_lowers_the_installment(client_zhangsan, zhangsan):
    loan_with(zhangsan, prepayment("100000.00", "02"), dkye="396983.29")
    rows = plan_rows(client_zhangsan, "2025-01-01", "2025-12-31")
    assert rows[0] == ["1", "202504", "2025-04-15", "1,209.53", "1,025.54", "2,235.07"]
    assert {r[5] for r in rows} == {"2,235.07"}
    last = plan_rows(client_zhangsan, "2044-02-01", "2045-12-31")
    assert last[-1] == ["12", "204501", "2045-01-15", "2,229.55", "5.76", "2,235.31"]
    page = text(client_zhangsan.get(INFO))
    for expected in (
        "月还款额 2,235.07",
        "到期日期 2045-01-15",
        "剩余期数 238",
        "提前还款方式 减少月还款额（期限不变）",
    ):
        assert expected in page


def test_a_shortened_plan_keeps_its_end_after_the_next_installment(
    client_zhangsan, zhangsan, monkeypatch
):
    freeze_today(monkeypatch, dt.date(2025, 4, 20))
    loan_with(
        zhangsan,
        prepayment("100000.00", "01"),
        repayment("202504", "1772.54", "1025.54", dt.date(2025, 4, 15)),
        dkye="395210.75",
    )
    rows = plan_rows(client_zhangsan, "2025-01-01", "2025-12-31")
    assert rows[0] == ["1", "202505", "2025-05-15", "1,777.12", "1,020.96", "2,798.08"]
    page = text(client_zhangsan.get(INFO))
    assert "已还期数 3" in page and "剩余期数 176" in page and "到期日期 2039-12-15" in page


def test_the_latest_prepayment_decides(client_zhangsan, zhangsan):
    # 02 first (installment 2,235.07), then 01: the 2,235.07 is kept and the term shortens.
    loan_with(
        zhangsan,
        prepayment("100000.00", "02", dt.date(2025, 3, 18)),
        prepayment("50000.00", "01", dt.date(2025, 3, 20)),
        dkye="346983.29",
    )
    rows = plan_rows(client_zhangsan, "2025-01-01", "2025-12-31")
    assert rows[0] == ["1", "202504", "2025-04-15", "1,338.70", "896.37", "2,235.07"]
    page = text(client_zhangsan.get(INFO))
    assert "剩余期数 199" in page and "到期日期 2041-10-15" in page


def test_a_reduce_after_a_shorten_recomputes_over_the_whole_term(client_zhangsan, zhangsan):
    loan_with(
        zhangsan,
        prepayment("100000.00", "01", dt.date(2025, 3, 18)),
        prepayment("50000.00", "02", dt.date(2025, 3, 20)),
        dkye="346983.29",
    )
    rows = plan_rows(client_zhangsan, "2025-01-01", "2025-12-31")
    assert rows[0] == ["1", "202504", "2025-04-15", "1,057.19", "896.37", "1,953.56"]
    page = text(client_zhangsan.get(INFO))
    assert "剩余期数 238" in page and "到期日期 2045-01-15" in page


def test_shorten_term_of_an_equal_principal_loan_keeps_the_monthly_principal(
    client_zhangsan, zhangsan
):
    loan_with(
        zhangsan,
        prepayment("100000.00", "01"),
        method="02",
        dkye="395833.34",
        paid=[
            repayment("202502", "2083.33", "1291.67", dt.date(2025, 2, 15)),
            repayment("202503", "2083.33", "1286.28", dt.date(2025, 3, 15)),
        ],
    )
    rows = plan_rows(client_zhangsan, "2025-01-01", "2025-12-31")
    assert rows[0] == ["1", "202504", "2025-04-15", "2,083.33", "1,022.57", "3,105.90"]
    assert {r[3] for r in rows} == {"2,083.33"}
    page = text(client_zhangsan.get(INFO))
    # ceil(395,833.34 / 2,083.33) = 191 periods; the last pays the 0.64 left.
    assert "剩余期数 191" in page and "到期日期 2041-02-15" in page


def test_print_and_download_follow_the_same_plan(client_zhangsan, zhangsan):
    loan_with(zhangsan, prepayment("100000.00", "01"), dkye="396983.29")
    span = {"ksrq": "2039-01-01", "jsrq": "2039-12-31"}
    printed = table_rows(client_zhangsan.get(PRINT, span).content.decode())
    assert printed[-1] == ["203912", "2039-12-15", "2,639.19", "6.82", "2,646.01"]
    ws = load_workbook(BytesIO(client_zhangsan.get(EXPORT, span).content)).active
    data = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert len(data) == len(printed) == 12
    assert data[-1][:3] == [12, "203912", "2039-12-15"]
    assert [D(str(v)).quantize(D("0.01")) for v in data[-1][3:6]] == [
        D("2639.19"),
        D("6.82"),
        D("2646.01"),
    ]
