"""The withdrawal rules as pure functions: each refusal says why in Chinese; caps and intervals
across month and year boundaries."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from gjj.withdrawals import rules

D = Decimal
RENT = rules.Policy(code="07", label="租赁住房", account_states=("01",), cap_month=D("1800.00"))


def facts(**kw) -> rules.Facts:
    base = dict(
        today=dt.date(2026, 3, 15),
        policy=RENT,
        account_state="01",
        account_state_label="正常",
        balance=D("20000.00"),
        card="6222021234561234",
        amount=D("1500.00"),
    )
    base.update(kw)
    return rules.Facts(**base)


def failed(f: rules.Facts) -> dict[str, str]:
    return {c.code: c.message for c in rules.run(f) if not c.passed}


def test_a_plain_rent_withdrawal_passes_every_rule():
    assert failed(facts()) == {}


@pytest.mark.parametrize(
    ("kw", "code", "words"),
    [
        ({"account_state": "02", "account_state_label": "封存"}, "account_state", "封存"),
        ({"account_state": None}, "account_state", "没有可办理提取的公积金账户"),
        ({"card": ""}, "bank_card", "登记"),
        ({"other_in_progress": True}, "one_in_progress", "正在办理"),
        ({"amount": None}, "amount", "请填写"),
        ({"amount": D("0")}, "amount", "大于 0"),
        ({"amount": D("-5")}, "amount", "大于 0"),
        ({"amount": D("10.005")}, "amount", "两位小数"),
        ({"amount": D("1800.01")}, "cap", "最多可提取 1,800.00 元"),
        ({"balance": D("1000.00")}, "balance", "可提取余额 1,000.00 元"),
    ],
)
def test_each_refusal_names_the_reason(kw, code, words):
    problems = failed(facts(**kw))
    assert code in problems
    assert words in problems[code]


def test_monthly_cap_counts_this_month_only_across_the_boundary():
    booked = ((dt.date(2026, 2, 28), D("1800.00")),)
    # 28 February's withdrawal used February's cap; on 1 March the cap is whole again.
    assert "cap" in failed(facts(today=dt.date(2026, 2, 28), booked=booked, amount=D("1.00")))
    assert failed(facts(today=dt.date(2026, 3, 1), booked=booked, amount=D("1800.00"))) == {}


def test_monthly_cap_counts_applications_in_progress():
    pending = ((dt.date(2026, 3, 2), D("1000.00")),)
    problems = failed(facts(pending=pending, amount=D("900.00")))
    assert "已提取或在办 1,000.00 元" in problems["cap"]
    assert failed(facts(pending=pending, amount=D("800.00"))) == {}


def test_yearly_cap_counts_this_calendar_year_across_new_year():
    fee = dataclasses.replace(
        RENT, code="10", label="物业管理费", cap_month=None, cap_year=D("3600")
    )
    booked = ((dt.date(2025, 12, 31), D("3600.00")),)
    assert "cap" in failed(facts(policy=fee, today=dt.date(2025, 12, 31), booked=booked))
    assert failed(facts(policy=fee, today=dt.date(2026, 1, 1), booked=booked)) == {}


def test_interval_counts_days_across_month_and_year():
    buy = dataclasses.replace(RENT, cap_month=None, min_interval_days=365, label="购买住房")
    booked = ((dt.date(2025, 3, 15), D("100.00")),)
    problems = failed(facts(policy=buy, today=dt.date(2026, 3, 14), booked=booked))
    assert "请于 2026-03-15 以后再申请" in problems["interval"]
    assert failed(facts(policy=buy, today=dt.date(2026, 3, 15), booked=booked)) == {}
    # An application still in progress counts as the last withdrawal too.
    pending = ((dt.date(2026, 1, 31), D("100.00")),)
    assert "interval" in failed(facts(policy=buy, today=dt.date(2026, 2, 1), pending=pending))


def test_closing_reason_takes_the_whole_balance_plus_interest():
    retire = dataclasses.replace(RENT, cap_month=None, closes_account=True, label="离休、退休")
    kw = dict(policy=retire, balance=D("1000.00"), interest=D("7.50"))
    assert (
        "须提取全部余额及利息 1,007.50 元"
        in failed(facts(amount=D("1000.00"), **kw))["closing_whole"]
    )
    assert failed(facts(amount=D("1007.50"), **kw)) == {}


def test_loan_repayment_needs_a_loan_here_and_stays_within_its_balance():
    repay = dataclasses.replace(RENT, cap_month=None, needs_loan=True, label="公积金提取还款")
    assert "没有正在还款" in failed(facts(policy=repay))["loan"]
    assert "贷款余额 1,000.00" in failed(facts(policy=repay, loan_balance=D("1000.00")))["loan"]
    assert failed(facts(policy=repay, loan_balance=D("90000.00"))) == {}


def test_required_materials_are_named():
    buy = dataclasses.replace(RENT, cap_month=None, required_materials=("购房合同", "购房发票"))
    assert failed(facts(policy=buy, materials=frozenset({"购房合同"})))["materials"] == (
        "请上传以下材料：购房发票。"
    )
