"""Properties of every plan, over amounts 1,000–2,000,000.00, rates 1–6 %, terms 1–360."""

from datetime import date
from decimal import Decimal

import numpy_financial as npf
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gjj.core.money import round_fen
from gjj.loans.plan import (
    EQUAL_INSTALLMENT,
    EQUAL_PRINCIPAL,
    REDUCE_INSTALLMENT,
    SETTLE,
    SHORTEN_TERM,
    build_plan,
    monthly_payment,
    replan_after_prepayment,
    total_interest,
)

amounts = st.integers(100_000, 200_000_000).map(lambda fen: Decimal(fen).scaleb(-2))
rates = st.one_of(
    st.integers(100, 600).map(lambda k: Decimal(k).scaleb(-2)),  # to 0.01
    st.integers(200, 1200).map(lambda k: Decimal(k * 5).scaleb(-3)),  # to 0.005
)
terms = st.integers(1, 360)
methods = st.sampled_from([EQUAL_INSTALLMENT, EQUAL_PRINCIPAL])

FIRST_DUE = date(2024, 1, 31)


def plan_for(principal, rate, months, method):
    return build_plan(
        principal=principal, annual_rate=rate, months=months, method=method, first_due=FIRST_DUE
    )


@settings(max_examples=500, deadline=None)
@given(amounts, rates, terms, methods)
def test_principal_sums_to_the_loan_and_the_balance_ends_at_zero(principal, rate, months, method):
    plan = plan_for(principal, rate, months, method)
    assert len(plan) == months
    assert sum(row.principal for row in plan) == principal
    assert plan[-1].balance_after == Decimal("0.00")
    balance = principal
    for row in plan:
        assert row.principal >= 0
        assert row.interest >= 0
        assert row.total == row.principal + row.interest
        assert row.interest == round_fen(balance * rate / 1200)
        balance -= row.principal
        assert row.balance_after == balance
    assert [row.period for row in plan] == list(range(1, months + 1))


@settings(max_examples=500, deadline=None)
@given(amounts, rates, terms)
def test_every_equal_installment_but_the_last_is_m(principal, rate, months):
    plan = plan_for(principal, rate, months, EQUAL_INSTALLMENT)
    m = monthly_payment(principal, rate, months)
    assert all(row.total == m for row in plan[:-1])


@settings(max_examples=500, deadline=None)
@given(amounts, rates, terms)
def test_equal_principal_pays_the_same_principal_but_the_last(principal, rate, months):
    plan = plan_for(principal, rate, months, EQUAL_PRINCIPAL)
    each = round_fen(principal / months)
    assert all(row.principal == each for row in plan[:-1])


@settings(max_examples=500, deadline=None)
@given(amounts, rates, terms)
def test_monthly_payment_agrees_with_numpy_financial_pmt(principal, rate, months):
    # numpy-financial computes in Decimal when given Decimal inputs (28 digits, default context).
    oracle = -npf.pmt(rate / 1200, months, principal)
    assert monthly_payment(principal, rate, months) == round_fen(oracle)


def balance_before(plan, paid):
    """The balance once `paid` periods are paid."""
    return plan[paid - 1].balance_after if paid else sum(row.principal for row in plan)


def prepay(plan, rate, method, mode, paid, prepaid):
    """The plan's unpaid part after prepaying on the due date of period `paid` (none accrued)."""
    balance = balance_before(plan, paid)
    nxt = plan[paid]
    return replan_after_prepayment(
        balance=balance - prepaid,
        annual_rate=rate,
        remaining_months=len(plan) - paid,
        method=method,
        mode=mode,
        old_installment=nxt,
        first_due=nxt.due_date,
        repay_day=FIRST_DUE.day,
        start_period=nxt.period,
    )


def check_prepayment(plan, rate, method, mode, paid, prepaid):
    balance = balance_before(plan, paid)
    rest = prepay(plan, rate, method, mode, paid, prepaid)
    assert total_interest(plan[:paid]) + total_interest(rest) <= total_interest(plan)
    if mode == SETTLE:
        assert rest == []
        return
    nxt = plan[paid]
    assert sum(row.principal for row in rest) == balance - prepaid
    assert rest[-1].balance_after == Decimal("0.00")
    assert all(row.principal >= 0 for row in rest)
    assert (rest[0].period, rest[0].due_date) == (nxt.period, nxt.due_date)
    if mode == SHORTEN_TERM:
        assert len(rest) <= len(plan) - paid
        kept = nxt.total if method == EQUAL_INSTALLMENT else nxt.principal
        kept_column = [row.total if method == EQUAL_INSTALLMENT else row.principal for row in rest]
        assert all(amount == kept for amount in kept_column[:-1])
    else:
        assert len(rest) == len(plan) - paid


@settings(max_examples=500, deadline=None)
@given(amounts, rates, terms, methods, st.sampled_from([SHORTEN_TERM, SETTLE]), st.data())
def test_shortening_or_settling_never_increases_total_interest(
    principal, rate, months, method, mode, data
):
    # Any amount, down to one fen: the kept installment only pays the balance off faster.
    plan = plan_for(principal, rate, months, method)
    paid = data.draw(st.integers(0, months - 1), label="periods paid")
    balance = balance_before(plan, paid)
    assume(balance >= Decimal("0.02"))
    fen = data.draw(st.integers(1, int(balance * 100) - 1), label="prepaid fen")
    check_prepayment(plan, rate, method, mode, paid, Decimal(fen).scaleb(-2))


@settings(max_examples=500, deadline=None)
@given(amounts, rates, terms, methods, st.data())
def test_reducing_the_installment_never_increases_total_interest(
    principal, rate, months, method, data
):
    # From 100.00 up. A smaller prepayment can cost a few fen under the rule itself: recomputing
    # M (or P / n) rounds it half up, so it may fall by 0.01 more than the prepayment warrants
    # and the deferred principal pays interest for the rest of the term (worst case about
    # 0.01 × periods left × their mean length × r; see test_prepayment.py for one).
    plan = plan_for(principal, rate, months, method)
    paid = data.draw(st.integers(0, months - 1), label="periods paid")
    balance = balance_before(plan, paid)
    assume(balance > Decimal("100.00"))
    fen = data.draw(st.integers(10_000, int(balance * 100) - 1), label="prepaid fen")
    check_prepayment(plan, rate, method, REDUCE_INSTALLMENT, paid, Decimal(fen).scaleb(-2))


@settings(max_examples=200, deadline=None)
@given(amounts, rates, terms, methods, st.integers(1, 400))
def test_the_first_rows_alone_are_the_whole_plans_first_rows(principal, rate, months, method, k):
    whole = plan_for(principal, rate, months, method)
    first = build_plan(
        principal=principal,
        annual_rate=rate,
        months=months,
        method=method,
        first_due=FIRST_DUE,
        rows=k,
    )
    assert first == whole[:k]
