"""还款计划 (manual §3.6) and 贷款信息 (§3.4): the unpaid plan from the engine, messages."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gjj.loans.plan import build_plan
from tests.factories import make_loan
from tests.loans.pages import freeze_today, table_rows, text

# calendar: reads the clock; .ci/run runs it again at 2028-02-29 23:59:30 China time.
pytestmark = pytest.mark.calendar

PLAN = reverse("loans:plan")
INFO = reverse("loans:info")
PRINT = reverse("loans:plan_print")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """After big_loan's second installment and before its third: nothing is overdue."""
    freeze_today(monkeypatch, dt.date(2025, 3, 20))


def repayment(hkny, bjje, lxje, day):
    return dict(ywfsrq=day, hkny=hkny, dkywmxlx="02", bjje=Decimal(bjje), lxje=Decimal(lxje))


@pytest.fixture
def big_loan(zhangsan):
    """500,000 · 3.10 % · 240 months · 等额本息 (domain.md §5.2), two installments paid."""
    return make_loan(
        zhangsan,
        jkhtbh="01202501150001",
        htdkje=Decimal("500000.00"),
        dkqs=240,
        dkll=Decimal("3.10"),
        jkhtqdrq=dt.date(2025, 1, 10),
        disbursed=dt.date(2025, 1, 15),
        ydhkr=15,
        dkye=Decimal("496983.29"),
        swtyhmc="建行市中支行",
        txns=[
            dict(ywfsrq=dt.date(2025, 1, 15), dkywmxlx="01", ffje=Decimal("500000.00")),
            repayment("202502", "1506.41", "1291.67", dt.date(2025, 2, 15)),
            repayment("202503", "1510.30", "1287.78", dt.date(2025, 3, 15)),
        ],
    )


def test_plan_lists_the_unpaid_periods_of_the_range(client_zhangsan, big_loan):
    response = client_zhangsan.get(PLAN, {"ksrq": "2025-01-01", "jsrq": "2025-12-31"})
    rows = table_rows(response.content.decode())
    assert rows[0] == ["1", "202504", "2025-04-15", "1,514.21", "1,283.87", "2,798.08"]
    assert rows[1] == ["2", "202505", "2025-05-15", "1,518.12", "1,279.96", "2,798.08"]
    assert [r[1] for r in rows] == [f"2025{m:02d}" for m in range(4, 13)]
    assert all(r[5] == "2,798.08" for r in rows)
    assert "共9条记录 第1/1页" in text(response)


def test_plan_last_period_pays_the_rest(client_zhangsan, big_loan):
    response = client_zhangsan.get(PLAN, {"ksrq": "2044-06-01", "jsrq": "2045-12-31"})
    rows = table_rows(response.content.decode())
    assert rows[-1] == ["8", "204501", "2045-01-15", "2,792.31", "7.21", "2,799.52"]


def test_plan_pages_a_long_range_by_twelve(client_zhangsan, big_loan):
    response = client_zhangsan.get(PLAN, {"ksrq": "2025-01-01", "jsrq": "2026-12-31"})
    assert "共21条记录 第1/2页" in text(response)
    link = re.search(r'href="([^"]+)" rel="next"', response.content.decode()).group(1)
    second = client_zhangsan.get(PLAN + unescape(link))
    rows = table_rows(second.content.decode())
    assert [r[0] for r in rows] == [str(n) for n in range(13, 22)]
    assert rows[0][1] == "202604"


def test_plan_default_range_is_the_current_year(client_zhangsan, big_loan):
    year = timezone.localdate().year
    html = client_zhangsan.get(PLAN).content.decode()
    assert f'value="{year}-01-01"' in html and f'value="{year}-12-31"' in html
    rows = table_rows(html)
    assert rows and all(r[2].startswith(str(year)) for r in rows)


def test_plan_after_a_prepayment_is_recomputed_from_the_balance(
    client_zhangsan, zhangsan, monkeypatch
):
    freeze_today(monkeypatch, dt.date(2017, 3, 25))
    loan = make_loan(
        zhangsan,
        htdkje=Decimal("1000.00"),
        dkye=Decimal("898.37"),
        txns=[
            dict(ywfsrq=dt.date(2017, 2, 9), dkywmxlx="01", ffje=Decimal("1000.00")),
            repayment("201703", "1.63", "2.75", dt.date(2017, 3, 9)),
            dict(
                ywfsrq=dt.date(2017, 3, 20),
                hkny="201704",
                dkywmxlx="03",
                bjje=Decimal("100.00"),
                tqhkfs="02",
            ),
        ],
    )
    rows = table_rows(
        client_zhangsan.get(
            PLAN, {"jkhtbh": loan.jkhtbh, "ksrq": "2017-01-01", "jsrq": "2017-12-31"}
        ).content.decode()
    )
    # 898.37 over the 359 periods left at 3.30 %: M = 3.94, first interest round(898.37 × 0.00275).
    assert rows[0] == ["1", "201704", "2017-04-09", "1.47", "2.47", "3.94"]
    assert len(rows) == 9


def test_a_settled_contract_says_so(client_zhangsan, zhangsan):
    make_loan(zhangsan, jkhtbh="01201702090011", dkye=Decimal("0.00"), dkzt="03")
    response = client_zhangsan.get(PLAN, {"jkhtbh": "01201702090011"})
    assert "此合同【01201702090011】的贷款已结清" in text(response)
    assert "<tbody>" not in response.content.decode()
    assert "数据下载" not in text(response)


def test_a_contract_not_disbursed_says_so_on_plan_and_info(client_zhangsan, zhangsan):
    make_loan(zhangsan, jkhtbh="01201702270009", disbursed=None)
    for url in (PLAN, INFO):
        response = client_zhangsan.get(url, {"jkhtbh": "01201702270009"})
        assert "此合同【01201702270009】的贷款未发放" in text(response)


def test_the_drop_down_lists_every_contract_and_defaults_to_the_active_one(
    client_zhangsan, zhangsan, big_loan
):
    make_loan(zhangsan, jkhtbh="01201702090011", dkye=Decimal("0.00"), dkzt="03")
    make_loan(zhangsan, jkhtbh="01201702270009", disbursed=None, jkhtqdrq=dt.date(2026, 1, 1))
    html = client_zhangsan.get(PLAN).content.decode()
    options = re.findall(r'<option value="(\d+)"( selected)?>', html)
    assert options == [
        ("01201702270009", ""),
        ("01202501150001", " selected"),
        ("01201702090011", ""),
    ]


def test_loan_info_shows_every_field(client_zhangsan, big_loan):
    page = text(client_zhangsan.get(INFO))
    for expected in (
        "借款合同编号 01202501150001",
        "贷款金额 500,000.00",
        "贷款期限(月) 240",
        "贷款年利率 3.1%",
        "还款方式 等额本息",
        "月还款额 2,798.08",
        "发放日期 2025-01-15",
        "到期日期 2045-01-15",
        "贷款余额 496,983.29",
        "已还期数 2",
        "剩余期数 238",
        "贷款状态 正常还款",
        "委托银行 建行市中支行",
        "约定还款日 每月15日",
    ):
        assert expected in page


def test_loan_info_prints_a_rate_like_the_manual(client_zhangsan, zhangsan):
    make_loan(zhangsan, dkll=Decimal("3.2500"), dkye=Decimal("1000.00"))
    assert "贷款年利率 3.25%" in text(client_zhangsan.get(INFO))


def test_settled_loan_info(client_zhangsan, zhangsan):
    make_loan(zhangsan, jkhtbh="01201702090011", dkye=Decimal("0.00"), dkzt="03")
    page = text(client_zhangsan.get(INFO))
    assert "贷款状态 结清" in page
    assert "剩余期数 0" in page
    assert "月还款额 0.00" in page
    assert "到期日期 2047-02-09" in page


def test_print_view_has_the_title_and_rows_but_no_navigation(client_zhangsan, big_loan):
    response = client_zhangsan.get(PRINT, {"ksrq": "2025-01-01", "jsrq": "2025-12-31"})
    html = response.content.decode()
    assert "<title>缴存人还款计划表</title>" in html
    assert "<h1>缴存人还款计划表</h1>" in html
    assert "借款合同编号：01202501150001" in html
    assert "main-nav" not in html and "info_tabs" not in html and "tabs--info" not in html
    # Without JavaScript the 打印 button would do nothing: it is hidden and a hint shows instead.
    assert 'class="btn btn--primary js-only" id="print-now"' in html
    assert '<span class="no-js-only">请使用浏览器的“打印”功能（Ctrl+P）打印本表。</span>' in html
    rows = table_rows(html)
    assert rows[0] == ["202504", "2025-04-15", "1,514.21", "1,283.87", "2,798.08"]
    assert len(rows) == 9


def test_queries_do_not_grow_with_the_history(client_zhangsan, zhangsan):
    def loan_with(months):
        txns = [dict(ywfsrq=dt.date(2000, 1, 5), dkywmxlx="01", ffje=Decimal("100000.00"))]
        for i in range(months):
            y, m = 2000 + (i + 1) // 12, (i + 1) % 12 + 1
            txns.append(repayment(f"{y}{m:02d}", "10.00", "1.00", dt.date(y, m, 5)))
        return make_loan(
            zhangsan,
            htdkje=Decimal("100000.00"),
            dkqs=360,
            dkye=Decimal("90000.00"),
            txns=txns,
            disbursed=dt.date(2000, 1, 5),
        )

    for url in (PLAN, INFO):
        counts = []
        for loan in (loan_with(12), loan_with(300)):
            with CaptureQueriesContext(connection) as ctx:
                r = client_zhangsan.get(url, {"jkhtbh": loan.jkhtbh})
            assert r.status_code == 200
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1] <= 8


def on_time_loan(person, *, months_paid, rate_now="3.10"):
    """500,000.00 · 3.10 % · 240 months from 2025-02-15, `months_paid` installments paid on time."""
    schedule = build_plan(
        principal=Decimal("500000.00"),
        annual_rate=Decimal("3.10"),
        months=240,
        method="01",
        first_due=dt.date(2025, 2, 15),
    )
    paid = schedule[:months_paid]
    return make_loan(
        person,
        htdkje=Decimal("500000.00"),
        dkqs=240,
        dkll=Decimal(rate_now),
        jkhtqdrq=dt.date(2025, 1, 10),
        disbursed=dt.date(2025, 1, 15),
        ydhkr=15,
        dkye=paid[-1].balance_after,
        txns=[
            dict(ywfsrq=dt.date(2025, 1, 15), dkywmxlx="01", ffje=Decimal("500000.00")),
            *(repayment(r.hkny, r.principal, r.interest, r.due_date) for r in paid),
        ],
    )


def test_an_on_time_loan_keeps_its_installment_to_the_fen(client_zhangsan, zhangsan, monkeypatch):
    # After 22 installments the balance is 465,944.29; recomputing M on it over the 218 periods
    # left gives 2,798.09, a fen off what the depositor pays: the plan keeps 2,798.08.
    freeze_today(monkeypatch, dt.date(2026, 11, 27))
    on_time_loan(zhangsan, months_paid=22)
    rows = table_rows(
        client_zhangsan.get(PLAN, {"ksrq": "2026-12-01", "jsrq": "2027-11-30"}).content.decode()
    )
    assert rows[0] == ["1", "202612", "2026-12-15", "1,594.39", "1,203.69", "2,798.08"]
    assert {r[5] for r in rows} == {"2,798.08"}
    page = text(client_zhangsan.get(INFO))
    assert "月还款额 2,798.08" in page and "剩余期数 218" in page and "到期日期 2045-01-15" in page
    assert "贷款状态 正常还款" in page


def test_a_new_rate_recomputes_the_unpaid_periods(client_zhangsan, zhangsan, monkeypatch):
    # The contract's rate moved from 3.10 % to 2.60 % after 22 installments (domain.md §5.1):
    # M is recomputed on 465,944.29 over the 218 periods left at 2.60 %.
    freeze_today(monkeypatch, dt.date(2026, 11, 27))
    on_time_loan(zhangsan, months_paid=22, rate_now="2.60")
    expected = build_plan(
        principal=Decimal("465944.29"),
        annual_rate=Decimal("2.60"),
        months=218,
        method="01",
        first_due=dt.date(2026, 12, 15),
    )[0]
    assert (expected.principal, expected.interest, expected.total) == (
        Decimal("1674.44"),
        Decimal("1009.55"),
        Decimal("2683.99"),
    )
    rows = table_rows(
        client_zhangsan.get(PLAN, {"ksrq": "2026-12-01", "jsrq": "2026-12-31"}).content.decode()
    )
    assert rows == [["1", "202612", "2026-12-15", "1,674.44", "1,009.55", "2,683.99"]]
