"""逾期 on 还款计划 and 贷款信息 (domain.md §5.4): unpaid installments due before today.

The loan: 500,000.00 · 3.10 % · 240 months · 等额本息, due on the 15th, 202502 and 202503 paid,
so 2,798.08 is due on 2025-04-15, 2025-05-15, 2025-06-15 ...
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import make_loan
from tests.loans.pages import freeze_today, table_rows, text

PLAN = reverse("loans:plan")
INFO = reverse("loans:info")
PRINT = reverse("loans:plan_print")
EXPORT = reverse("loans:plan_export")
YEAR = {"ksrq": "2025-01-01", "jsrq": "2025-12-31"}
D = Decimal


def repayment(hkny, bjje, lxje, day):
    return dict(ywfsrq=day, hkny=hkny, dkywmxlx="02", bjje=D(bjje), lxje=D(lxje))


FEB = repayment("202502", "1506.41", "1291.67", dt.date(2025, 2, 15))
MAR = repayment("202503", "1510.30", "1287.78", dt.date(2025, 3, 15))


def make_big_loan(person, *paid, dkye="496983.29", **extra):
    return make_loan(
        person,
        jkhtbh="01202501150001",
        htdkje=D("500000.00"),
        dkqs=240,
        dkll=D("3.10"),
        jkhtqdrq=dt.date(2025, 1, 10),
        disbursed=dt.date(2025, 1, 15),
        ydhkr=15,
        dkye=D(dkye),
        txns=[dict(ywfsrq=dt.date(2025, 1, 15), dkywmxlx="01", ffje=D("500000.00")), *paid],
        **extra,
    )


@pytest.fixture
def late(zhangsan, monkeypatch):
    """On 2025-06-20 the installments of 202504, 202505 and 202506 are overdue."""
    freeze_today(monkeypatch, dt.date(2025, 6, 20))
    return make_big_loan(zhangsan, FEB, MAR)


def test_overdue_rows_are_marked_on_the_plan(client_zhangsan, late):
    response = client_zhangsan.get(PLAN, YEAR)
    rows = table_rows(response.content.decode())
    assert rows[0] == ["1", "202504", "2025-04-15 逾期", "1,514.21", "1,283.87", "2,798.08"]
    assert [r[2] for r in rows[:4]] == [
        "2025-04-15 逾期",
        "2025-05-15 逾期",
        "2025-06-15 逾期",
        "2025-07-15",
    ]
    assert response.content.decode().count('class="row--overdue"') == 3


def test_the_plan_says_how_much_is_overdue_and_the_penalty(client_zhangsan, late):
    # 3 × 2,798.08 = 8,394.24; penalty 2,798.08 × 3.10 % × 1.5 / 360 a day for 66, 36 and 5 days:
    # 23.85 + 13.01 + 1.81 = 38.67.
    page = text(client_zhangsan.get(PLAN, YEAR))
    assert (
        "此合同有3期应还款项逾期未还（202504、202505、202506），"
        "逾期本息合计8,394.24元，截至今日罚息38.67元，请尽快还款。"
    ) in page


def test_loan_info_says_overdue(client_zhangsan, late):
    page = text(client_zhangsan.get(INFO))
    assert "贷款状态 逾期" in page
    assert "此合同有3期应还款项逾期未还" in page
    assert "已还期数 2" in page and "剩余期数 238" in page


def test_print_and_download_mark_the_overdue_rows(client_zhangsan, late):
    printed = table_rows(client_zhangsan.get(PRINT, YEAR).content.decode())
    assert [r[1] for r in printed[2:4]] == ["2025-06-15 逾期", "2025-07-15"]
    ws = load_workbook(BytesIO(client_zhangsan.get(EXPORT, YEAR).content)).active
    assert ws["G3"].value == "状态"
    states = [row[6].value for row in ws.iter_rows(min_row=4)]
    assert states[:4] == ["逾期", "逾期", "逾期", None]


def test_an_installment_is_not_overdue_on_its_due_date(client_zhangsan, zhangsan, monkeypatch):
    freeze_today(monkeypatch, dt.date(2025, 4, 15))
    make_big_loan(zhangsan, FEB, MAR)
    response = client_zhangsan.get(PLAN, YEAR)
    assert "逾期" not in text(response)
    assert "贷款状态 正常还款" in text(client_zhangsan.get(INFO))


def test_a_month_skipped_before_a_later_one_is_overdue(client_zhangsan, zhangsan, monkeypatch):
    # 202503 was never paid, 202504 was: the plan goes on from 202505, the loan is 逾期.
    freeze_today(monkeypatch, dt.date(2025, 4, 20))
    make_big_loan(
        zhangsan,
        FEB,
        repayment("202504", "1510.30", "1287.78", dt.date(2025, 4, 15)),
        dkye="496983.29",
    )
    info = text(client_zhangsan.get(INFO))
    assert "贷款状态 逾期" in info
    assert "此合同有1期应还款项逾期未还（202503），请尽快还款。" in info
    rows = table_rows(client_zhangsan.get(PLAN, YEAR).content.decode())
    assert rows[0][1:3] == ["202505", "2025-05-15"]


def test_the_state_the_import_stored_stays(client_zhangsan, zhangsan, monkeypatch):
    """gjj/interchange stores 02 逾期 when a due month no repayment covers; the page agrees."""
    freeze_today(monkeypatch, dt.date(2025, 3, 20))
    make_big_loan(zhangsan, FEB, MAR, dkzt="02")
    assert "贷款状态 逾期" in text(client_zhangsan.get(INFO))


def test_a_long_run_of_overdue_months_is_shown_as_a_span(client_zhangsan, zhangsan, monkeypatch):
    freeze_today(monkeypatch, dt.date(2026, 11, 27))
    make_big_loan(zhangsan, FEB, MAR)
    page = text(client_zhangsan.get(INFO))
    assert "此合同有20期应还款项逾期未还（202504至202611）" in page
