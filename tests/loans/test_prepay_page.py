"""我要还款: the what-if on the depositor's own loan, its rules and refusals, ownership."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode

import pytest

from gjj.loans.models import LoanPolicy
from gjj.loans.selectors import partial_prepayments_in_year
from tests.factories import make_loan
from tests.loans.pages import freeze_today, text
from tests.loans.test_schedule_page import on_time_loan

D = Decimal
URL = "/repay/prepay/"


def domain_loan(person, *, jkhtbh="01202501100001", paid=12):
    """500,000 · 3.10 % · 240 · 等额本息, disbursed 2025-01-10, due on the 10th, `paid`
    installments repaid (202502 …)."""
    return on_time_loan(person, months_paid=paid, day=10, jkhtbh=jkhtbh)


@pytest.fixture
def loan(zhangsan, monkeypatch):
    freeze_today(monkeypatch, dt.date(2026, 1, 12))  # a Monday, 2 days after the 12th due date
    return domain_loan(zhangsan)


def page(client, **params):
    response = client.get(f"{URL}?{urlencode(params)}")
    assert response.status_code == 200
    return text(response)


def test_reduce_installment_what_if(client_zhangsan, loan):
    # 100,000 on 2026-01-12: 481,663.98 − 100,000 = 381,663.98 over the 228 periods left is
    # 2,217.16 a month (tests/loans/test_whatif.py); 2 days of interest on the 100,000:
    # 100,000 × 3.10 % × 2 / 360 = 17.22.
    t = page(client_zhangsan, tqhkfs="02", tqhkje="100000", tqhkrq="2026-01-12")
    assert "月还款额（下一期） 2,798.08 2,217.16" in t
    assert "剩余期数 228 228" in t
    assert "应计利息 17.22 元 本次应付 100,017.22 元" in t


def test_shorten_term_what_if(client_zhangsan, loan):
    t = page(client_zhangsan, tqhkfs="01", tqhkje="100000", tqhkrq="2026-01-12")
    assert "剩余期数 228 169" in t
    assert "最后还款年月 204501 204002" in t


def test_the_default_day_is_the_next_due_date(client_zhangsan, loan):
    t = page(client_zhangsan, tqhkfs="02", tqhkje="100000")
    assert "提前还款日（2026-02-10）当天及之前到期的 1 期按计划扣款（共 2,798.08 元）" in t
    assert "剩余期数 227 227" in t
    assert "应计利息 0.00 元 本次应付 100,000.00 元" in t


def test_settlement(client_zhangsan, loan):
    # 481,663.98 + 481,663.98 × 3.10 % × 2 / 360 (82.95) = 481,746.93.
    t = page(client_zhangsan, tqhkfs="03", tqhkrq="2026-01-12")
    assert "剩余本金 481,663.98 元 应计利息 82.95 元 结清金额 481,746.93 元" in t


@pytest.mark.parametrize(
    "params, message",
    [
        ({"tqhkje": "2798"}, "提前还款金额不能少于一期月还款额（2,798.08 元）。"),
        ({"tqhkje": "5000.50"}, "提前还款金额须为整元。"),
        (
            {"tqhkje": "481664"},
            "提前还款金额应小于剩余本金 481,663.98 元；全部还清请选择提前结清。",
        ),
        ({"tqhkje": ""}, "请输入提前还款金额。"),
        ({"tqhkrq": "2026-01-17"}, "2026-01-17 是星期六，请选择工作日。"),
        (
            {"tqhkrq": "2026-02-12"},
            "提前还款日期应为下一还款日，或今天起 30 天内（2026-01-12 至 2026-02-11）的工作日。",
        ),
        ({"tqhkrq": "2026-01-09"}, "提前还款日期应为下一还款日"),
        ({"tqhkrq": "2026-13-01"}, "请输入正确的日期"),
        ({"tqhkfs": "09"}, "请选择提前还款方式。"),
    ],
)
def test_refusals(client_zhangsan, loan, params, message):
    t = page(
        client_zhangsan, **{"tqhkfs": "02", "tqhkje": "100000", "tqhkrq": "2026-01-12", **params}
    )
    assert message in t
    assert "提前还款前后对比" not in t


def test_the_minimum_and_whole_yuan_follow_the_policy(client_zhangsan, loan):
    LoanPolicy.objects.update(prepay_min_installments=3, prepay_whole_yuan=False)
    t = page(client_zhangsan, tqhkfs="02", tqhkje="8000.50", tqhkrq="2026-01-12")
    assert "提前还款金额不能少于 3 期月还款额（8,394.24 元）。" in t
    t = page(client_zhangsan, tqhkfs="02", tqhkje="8394.50", tqhkrq="2026-01-12")
    assert "提前还款前后对比" in t


def test_partial_prepayments_per_year(client_zhangsan, loan):
    LoanPolicy.objects.update(prepay_per_year=0)
    t = page(client_zhangsan, tqhkfs="02", tqhkje="100000", tqhkrq="2026-01-12")
    assert "每年最多办理 0 次部分提前还款，您今年已办理 0 次" in t
    # A settlement is not a partial prepayment.
    assert "结清金额" in page(client_zhangsan, tqhkfs="03", tqhkrq="2026-01-12")


def test_partial_prepayments_are_counted_per_year(zhangsan):
    loan = domain_loan(zhangsan)
    loan.txns.create(ywlsh="p1", ywfsrq=dt.date(2025, 6, 1), dkywmxlx="03", tqhkfs="01")
    loan.txns.create(ywlsh="p2", ywfsrq=dt.date(2025, 9, 1), dkywmxlx="03", tqhkfs="02")
    loan.txns.create(ywlsh="p3", ywfsrq=dt.date(2026, 1, 2), dkywmxlx="03", tqhkfs="01")
    assert partial_prepayments_in_year(loan, 2025) == 2
    assert partial_prepayments_in_year(loan, 2026) == 1


def test_arrears_are_told_first_and_settled_with_a_03(client_zhangsan, zhangsan, monkeypatch):
    # Period 13 (2,798.08, due 2026-02-10) is unpaid on 2026-02-20: 10 days of penalty,
    # 2,798.08 × 3.10 % × 1.5 × 10 / 360 = 3.61.
    domain_loan(zhangsan)
    freeze_today(monkeypatch, dt.date(2026, 2, 20))
    t = page(client_zhangsan)
    assert "逾期本息 2,798.08 元，截至今日罚息 3.61 元，请先归还逾期款项再申请部分提前还款" in t
    t = page(client_zhangsan, tqhkfs="02", tqhkje="100000", tqhkrq="2026-02-23")
    assert "提前还款前后对比" not in t
    # 03 on 2026-02-23: period 13's principal is 2,798.08 − 481,663.98 × 3.10 % / 12 (1,244.30)
    # = 1,553.78, so 480,110.20 is left; interest since 2026-02-10 (13 days):
    # 480,110.20 × 3.10 % × 13 / 360 = 537.46; + 2,798.08 overdue + 3.61 penalty = 483,449.35.
    t = page(client_zhangsan, tqhkfs="03", tqhkrq="2026-02-23")
    assert "剩余本金 480,110.20 元 应计利息 537.46 元 逾期本息 2,798.08 元 罚息 3.61 元" in t
    assert "结清金额 483,449.35 元" in t


def test_another_persons_contract_is_a_404(client_zhangsan, loan, lisi):
    other = domain_loan(lisi, jkhtbh="01202501100002")
    response = client_zhangsan.get(f"{URL}?jkhtbh={other.jkhtbh}&tqhkfs=03")
    assert response.status_code == 404


def test_only_disbursed_unsettled_loans(client_zhangsan, zhangsan, monkeypatch):
    freeze_today(monkeypatch, dt.date(2026, 1, 12))
    settled = make_loan(zhangsan, jkhtbh="01201702090001", dkye=D("0"), dkzt="03")
    t = page(client_zhangsan)
    assert "您没有可以提前还款的贷款" in t
    t = page(client_zhangsan, jkhtbh=settled.jkhtbh)
    assert f"此合同【{settled.jkhtbh}】的贷款已结清。" in t
    domain_loan(zhangsan)
    html = client_zhangsan.get(URL).content.decode()
    assert 'value="01202501100001"' in html and 'value="01201702090001"' not in html


def test_login_required(client, loan):
    response = client.get(URL)
    assert (
        response.status_code == 302
        and "/?next=" in response["Location"]
        or "login" in (response["Location"])
    )


def test_query_count_is_constant(
    client_zhangsan, zhangsan, loan, django_assert_num_queries, session_queries
):
    with django_assert_num_queries(session_queries + 7) as ctx:
        page(client_zhangsan, tqhkfs="02", tqhkje="100000", tqhkrq="2026-01-12")
    count = len(ctx.captured_queries)
    domain_loan(zhangsan, jkhtbh="01202501100009", paid=60)
    with django_assert_num_queries(count):
        page(client_zhangsan, jkhtbh="01202501100009", tqhkfs="02", tqhkje="100000")


def test_a_day_before_installments_repaid_ahead_is_refused_not_an_error(
    client_zhangsan, zhangsan, monkeypatch
):
    # 24 installments repaid (through 202701) while today is 2026-01-12: a day this month is
    # before the last one repaid, which the engine cannot prepay on.
    freeze_today(monkeypatch, dt.date(2026, 1, 12))
    domain_loan(zhangsan, paid=24)
    t = page(client_zhangsan, tqhkfs="02", tqhkje="100000", tqhkrq="2026-01-13")
    assert "所选日期早于已还款的期次，无法办理提前还款，请选择下一还款日。" in t
