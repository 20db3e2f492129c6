"""The manual's 还款计划 screen (§3.6), contract 01201702090019, on the page, in the .xlsx and in
the print view, figure for figure.

The manual's rows come out of 3.30 % over 143 periods left on a balance between 99,296.37 and
99,296.80. A loan that gets there: 100,000.00 · 3.30 % · 144 months · 等额本息, due on the 9th;
201703 paid (566.94 + 275.00, balance 99,433.06); then 136.56 prepaid with 02 减少月还款额, so the
installment is recomputed on 99,296.50 over the 143 periods left.
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

D = Decimal
RANGE = {"jkhtbh": "01201702090019", "ksrq": "2017-01-01", "jsrq": "2017-12-31"}

MANUAL = [
    ["201704", "2017-04-09", "567.71", "273.07", "840.78"],
    ["201705", "2017-05-09", "569.28", "271.50", "840.78"],
    ["201706", "2017-06-09", "570.84", "269.94", "840.78"],
    ["201707", "2017-07-09", "572.41", "268.37", "840.78"],
    ["201708", "2017-08-09", "573.99", "266.79", "840.78"],
    ["201709", "2017-09-09", "575.56", "265.22", "840.78"],
    ["201710", "2017-10-09", "577.15", "263.63", "840.78"],
    ["201711", "2017-11-09", "578.73", "262.05", "840.78"],
    ["201712", "2017-12-09", "580.33", "260.45", "840.78"],
]


@pytest.fixture
def manual_loan(zhangsan, monkeypatch):
    freeze_today(monkeypatch, dt.date(2017, 3, 31))
    return make_loan(
        zhangsan,
        jkhtbh="01201702090019",
        htdkje=D("100000.00"),
        dkqs=144,
        dkll=D("3.30"),
        jkhtqdrq=dt.date(2017, 2, 9),
        disbursed=dt.date(2017, 2, 9),
        ydhkr=9,
        scyhny="201703",
        dkye=D("99296.50"),
        txns=[
            dict(ywfsrq=dt.date(2017, 2, 9), dkywmxlx="01", ffje=D("100000.00")),
            dict(
                ywfsrq=dt.date(2017, 3, 9),
                hkny="201703",
                dkywmxlx="02",
                bjje=D("566.94"),
                lxje=D("275.00"),
            ),
            dict(
                ywfsrq=dt.date(2017, 3, 20),
                hkny="201704",
                dkywmxlx="03",
                bjje=D("136.56"),
                tqhkfs="02",
            ),
        ],
    )


def test_the_plan_page_shows_the_manuals_nine_rows(client_zhangsan, manual_loan):
    response = client_zhangsan.get(reverse("loans:plan"), RANGE)
    rows = table_rows(response.content.decode())
    assert rows == [[str(i), *row] for i, row in enumerate(MANUAL, start=1)]
    page = text(response)
    assert "共9条记录 第1/1页" in page
    assert 'value="2017-01-01"' in response.content.decode()
    assert "逾期" not in page


def test_the_download_holds_the_manuals_nine_rows(client_zhangsan, manual_loan):
    response = client_zhangsan.get(reverse("loans:plan_export"), RANGE)
    ws = load_workbook(BytesIO(response.content)).active
    assert ws["A1"].value == "缴存人还款计划表"
    assert ws["A2"].value == "借款合同编号：01201702090019"
    assert ws["D2"].value == "查询日期：2017-01-01 至 2017-12-31"
    data = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert [row[0] for row in data] == list(range(1, 10))
    assert [row[1:3] for row in data] == [row[:2] for row in MANUAL]
    amounts = [[D(str(v)).quantize(D("0.01")) for v in row[3:6]] for row in data]
    assert amounts == [[D(v.replace(",", "")) for v in row[2:]] for row in MANUAL]


def test_the_print_view_shows_the_manuals_nine_rows(client_zhangsan, manual_loan):
    response = client_zhangsan.get(reverse("loans:plan_print"), RANGE)
    html = response.content.decode()
    assert "<h1>缴存人还款计划表</h1>" in html
    assert "借款合同编号：01201702090019　查询日期：2017-01-01 至 2017-12-31" in html
    assert table_rows(html) == MANUAL


def test_loan_info_of_the_manuals_contract(client_zhangsan, manual_loan):
    page = text(client_zhangsan.get(reverse("loans:info"), {"jkhtbh": "01201702090019"}))
    for expected in (
        "月还款额 840.78",
        "贷款余额 99,296.50",
        "已还期数 1",
        "剩余期数 143",
        "到期日期 2029-02-09",
        "提前还款方式 减少月还款额（期限不变）",
        "贷款状态 正常还款",
    ):
        assert expected in page
