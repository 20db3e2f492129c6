"""还款明细 (manual §3.5): the manual's table, running columns from all transactions, paging."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_loan

URL = reverse("loans:repayments")
D = dt.date(2017, 2, 9)


def table_rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def txn(kind, hkny="", ffje="0", bjje="0", lxje="0", fxje="0", day=D, **extra):
    return dict(
        ywfsrq=day,
        hkny=hkny,
        dkywmxlx=kind,
        ffje=Decimal(ffje),
        bjje=Decimal(bjje),
        lxje=Decimal(lxje),
        fxje=Decimal(fxje),
        **extra,
    )


# The manual's example, with 99.00 in the sixth row (domain.md §5.2).
MANUAL_TXNS = [
    txn("01", ffje="1000.00"),
    txn("02", "201702", bjje="1.63", lxje="2.75"),
    *[
        txn("03", "201704", bjje=b, tqhkfs="01")
        for b in ("100.00", "44.00", "0.40", "99.00", "0.90", "754.00", "0.07")
    ],
]

MANUAL_TABLE = [
    [
        "1",
        "2017-02-09",
        "",
        "贷款发放",
        "0.00",
        "0.00",
        "0.00",
        "0.00",
        "1,000.00",
        "0.00",
        "0.00",
        "1,000.00",
    ],
    [
        "2",
        "2017-02-09",
        "201702",
        "正常还款",
        "1.63",
        "2.75",
        "0.00",
        "4.38",
        "0.00",
        "1.63",
        "2.75",
        "998.37",
    ],
    [
        "3",
        "2017-02-09",
        "201704",
        "提前还款",
        "100.00",
        "0.00",
        "0.00",
        "100.00",
        "0.00",
        "101.63",
        "2.75",
        "898.37",
    ],
    [
        "4",
        "2017-02-09",
        "201704",
        "提前还款",
        "44.00",
        "0.00",
        "0.00",
        "44.00",
        "0.00",
        "145.63",
        "2.75",
        "854.37",
    ],
    [
        "5",
        "2017-02-09",
        "201704",
        "提前还款",
        "0.40",
        "0.00",
        "0.00",
        "0.40",
        "0.00",
        "146.03",
        "2.75",
        "853.97",
    ],
    [
        "6",
        "2017-02-09",
        "201704",
        "提前还款",
        "99.00",
        "0.00",
        "0.00",
        "99.00",
        "0.00",
        "245.03",
        "2.75",
        "754.97",
    ],
    [
        "7",
        "2017-02-09",
        "201704",
        "提前还款",
        "0.90",
        "0.00",
        "0.00",
        "0.90",
        "0.00",
        "245.93",
        "2.75",
        "754.07",
    ],
    [
        "8",
        "2017-02-09",
        "201704",
        "提前还款",
        "754.00",
        "0.00",
        "0.00",
        "754.00",
        "0.00",
        "999.93",
        "2.75",
        "0.07",
    ],
    [
        "9",
        "2017-02-09",
        "201704",
        "提前还款",
        "0.07",
        "0.00",
        "0.00",
        "0.07",
        "0.00",
        "1,000.00",
        "2.75",
        "0.00",
    ],
]


@pytest.fixture
def manual_loan(zhangsan):
    return make_loan(
        zhangsan, jkhtbh="01201702090011", txns=MANUAL_TXNS, dkye=Decimal("0.00"), dkzt="03"
    )


def test_the_manuals_table_comes_out_exactly(client_zhangsan, manual_loan):
    response = client_zhangsan.get(
        URL, {"jkhtbh": manual_loan.jkhtbh, "ksrq": "2017-01-01", "jsrq": "2017-12-31"}
    )
    assert table_rows(response.content.decode()) == MANUAL_TABLE
    assert "共9条记录 第1/1页" in text(response)


def test_default_range_runs_from_disbursement_to_today(client_zhangsan, manual_loan):
    response = client_zhangsan.get(URL)
    assert table_rows(response.content.decode()) == MANUAL_TABLE
    assert 'value="2017-02-09"' in response.content.decode()


def test_running_columns_count_transactions_before_the_range(client_zhangsan, zhangsan):
    monthly = [txn("01", ffje="1000.00", day=dt.date(2017, 2, 9))]
    monthly += [
        txn("02", f"2017{m:02d}", bjje="1.63", lxje="2.75", day=dt.date(2017, m, 9))
        for m in range(3, 13)
    ]
    loan = make_loan(zhangsan, txns=monthly, dkye=Decimal("983.70"))
    response = client_zhangsan.get(
        URL, {"jkhtbh": loan.jkhtbh, "ksrq": "2017-11-01", "jsrq": "2017-12-31"}
    )
    rows = table_rows(response.content.decode())
    assert rows == [
        [
            "1",
            "2017-11-09",
            "201711",
            "正常还款",
            "1.63",
            "2.75",
            "0.00",
            "4.38",
            "0.00",
            "14.67",
            "24.75",
            "985.33",
        ],
        [
            "2",
            "2017-12-09",
            "201712",
            "正常还款",
            "1.63",
            "2.75",
            "0.00",
            "4.38",
            "0.00",
            "16.30",
            "27.50",
            "983.70",
        ],
    ]


def test_paging_keeps_the_running_columns(client_zhangsan, zhangsan):
    monthly = [txn("01", ffje="1000.00", day=dt.date(2017, 2, 9))]
    monthly += [
        txn("04", f"2017{m:02d}", bjje="1.63", lxje="2.75", fxje="0.10", day=dt.date(2017, m, 12))
        for m in range(3, 13)
    ]
    loan = make_loan(zhangsan, txns=monthly, dkye=Decimal("983.70"))
    first = client_zhangsan.get(
        URL, {"jkhtbh": loan.jkhtbh, "ksrq": "2017-01-01", "jsrq": "2017-12-31"}
    )
    assert "共11条记录 第1/2页" in text(first)
    link = re.search(r'href="([^"]+)" rel="next"', first.content.decode()).group(1)
    second = client_zhangsan.get(URL + unescape(link))
    assert table_rows(second.content.decode()) == [
        [
            "11",
            "2017-12-12",
            "201712",
            "逾期还款",
            "1.63",
            "2.75",
            "0.10",
            "4.48",
            "0.00",
            "16.30",
            "27.50",
            "983.70",
        ]
    ]
    assert "共11条记录 第2/2页" in text(second)


def test_a_contract_not_disbursed_says_so(client_zhangsan, zhangsan):
    make_loan(zhangsan, jkhtbh="01201702270009", disbursed=None)
    response = client_zhangsan.get(URL, {"jkhtbh": "01201702270009"})
    assert "此合同【01201702270009】的贷款未发放" in text(response)
    assert "<tbody>" not in response.content.decode()


def test_bad_dates_get_a_message(client_zhangsan, manual_loan):
    response = client_zhangsan.get(URL, {"ksrq": "2017-03-01", "jsrq": "2017-02-01"})
    assert "开始日期不能晚于结束日期，请重新选择查询日期。" in text(response)


def test_another_persons_contract_is_a_404(client_lisi, manual_loan):
    assert client_lisi.get(URL, {"jkhtbh": manual_loan.jkhtbh}).status_code == 404


def test_queries_do_not_grow_with_the_history(client_zhangsan, zhangsan):
    def loan_with(months):
        txns = [txn("01", ffje="100000.00", day=dt.date(2000, 1, 5))]
        for i in range(months):
            y, m = 2000 + (i + 1) // 12, (i + 1) % 12 + 1
            txns.append(txn("02", f"{y}{m:02d}", bjje="10.00", lxje="1.00", day=dt.date(y, m, 5)))
        return make_loan(zhangsan, txns=txns)

    short, long = loan_with(12), loan_with(300)
    counts = []
    for loan in (short, long):
        with CaptureQueriesContext(connection) as ctx:
            r = client_zhangsan.get(
                URL, {"jkhtbh": loan.jkhtbh, "ksrq": "2000-01-01", "jsrq": "2029-12-31"}
            )
        assert r.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 8
