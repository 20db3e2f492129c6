"""The prepayment what-if (gjj.loans.whatif) against figures computed by hand.

Small loans at 12 % a year (r = 1 % a month) so every figure can be followed on paper; the
domain's 500,000 · 3.10 % · 240 loan for the large case, with its closed forms.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gjj.loans.plan import (
    EQUAL_INSTALLMENT,
    EQUAL_PRINCIPAL,
    REDUCE_INSTALLMENT,
    SETTLE,
    SHORTEN_TERM,
    build_plan,
)
from gjj.loans.whatif import prepayment_whatif

D = Decimal
START = date(2026, 1, 10)  # disbursed; the first installment falls due on 10 February


def small(principal, months, method, rate="12"):
    return build_plan(
        principal=D(principal),
        annual_rate=D(rate),
        months=months,
        method=method,
        first_due=date(2026, 2, 10),
    )


def whatif(plan, *, paid, mode, amount=None, days=0, rate="12", method=EQUAL_PRINCIPAL, **kw):
    last_due = plan[paid - 1].due_date if paid else START
    return prepayment_whatif(
        plan=plan[paid:],
        annual_rate=D(rate),
        method=method,
        mode=mode,
        amount=None if amount is None else D(amount),
        on=last_due + timedelta(days=days),
        last_due=last_due,
        repay_day=10,
        **kw,
    )


def test_equal_principal_reduce_installment_by_hand():
    # 1,200.00 over 3 months: principal 400 a month; interest 12.00, 8.00, 4.00.
    plan = small("1200", 3, EQUAL_PRINCIPAL)
    # After one period (balance 800), 400.00 prepaid on the due date (nothing accrues):
    # 400 left over the same 2 periods: principal 200, 200; interest 4.00, 2.00.
    w = whatif(plan, paid=1, mode=REDUCE_INSTALLMENT, amount="400")
    assert (w.before.installment, w.before.periods, w.before.interest) == (D("408.00"), 2, D("12"))
    assert (w.after.installment, w.after.periods, w.after.interest) == (D("204.00"), 2, D("6.00"))
    assert w.after.last_month == w.before.last_month == "202604"
    assert w.interest_saved == D("6.00")
    assert (w.accrued, w.pay_now) == (D("0.00"), D("400.00"))


def test_equal_principal_shorten_term_by_hand():
    plan = small("1200", 3, EQUAL_PRINCIPAL)
    # Keeping 400.00 of principal a month, 400 left is one period: interest 4.00.
    w = whatif(plan, paid=1, mode=SHORTEN_TERM, amount="400")
    assert (w.after.installment, w.after.periods, w.after.last_month) == (D("404.00"), 1, "202603")
    assert w.interest_saved == D("8.00")
    assert w.periods_saved == 1


def test_equal_installment_by_hand():
    # 3,000.00 over 3 months: M = 3000 × 0.01 × 1.01³ / (1.01³ − 1) = 1,020.0663 → 1,020.07.
    # Period 1: interest 30.00, principal 990.07, balance 2,009.93.
    # Then 20.10 and 10.10 interest: 30.20 still to pay.
    plan = small("3000", 3, EQUAL_INSTALLMENT)
    assert plan[0].balance_after == D("2009.93")
    # 02, 1,000.00 prepaid: 1,009.93 over 2 periods, M = 1009.93 × 0.01 × 1.0201 / 0.0201
    # = 512.5527 → 512.55; interest 10.10 then 5.07 (507.48 × 1 %): 15.17; saved 15.03.
    w = whatif(plan, paid=1, mode=REDUCE_INSTALLMENT, amount="1000", method=EQUAL_INSTALLMENT)
    assert (w.before.installment, w.before.interest) == (D("1020.07"), D("30.20"))
    assert (w.after.installment, w.after.periods, w.after.interest) == (D("512.55"), 2, D("15.17"))
    assert w.interest_saved == D("15.03")
    # 01: one period pays 1009.93 × 1.01 = 1,020.03 ≤ 1,020.07: interest 10.10, saved 20.10.
    w = whatif(plan, paid=1, mode=SHORTEN_TERM, amount="1000", method=EQUAL_INSTALLMENT)
    assert (w.after.installment, w.after.periods, w.after.last_month) == (D("1020.03"), 1, "202603")
    assert w.interest_saved == D("20.10")


def test_interest_accrued_on_the_prepaid_principal_counts_first_day_not_last():
    plan = small("1200", 3, EQUAL_PRINCIPAL)
    # 400.00 prepaid 15 days after the due date: 400 × 12 % × 15 / 360 = 2.00, paid now; the
    # 400 left pays its full month's interest at the next due date, as without the 15 days.
    w = whatif(plan, paid=1, mode=REDUCE_INSTALLMENT, amount="400", days=15)
    assert (w.accrued, w.pay_now) == (D("2.00"), D("402.00"))
    assert w.after.interest == D("8.00")  # 4.00 + 2.00 + the 2.00 accrued
    assert w.interest_saved == D("4.00")


def test_settlement_is_balance_plus_accrued_plus_overdue_and_penalty():
    # The domain's loan after 12 periods: balance 481,663.98. Settled 10 days after the 12th
    # due date: 481,663.98 × 3.10 % × 10 / 360 = 414.7661 → 414.77.
    plan = build_plan(
        principal=D("500000"),
        annual_rate=D("3.10"),
        months=240,
        method=EQUAL_INSTALLMENT,
        first_due=date(2026, 2, 10),
    )
    w = whatif(
        plan,
        paid=12,
        mode=SETTLE,
        days=10,
        rate="3.10",
        method=EQUAL_INSTALLMENT,
        overdue_amount=D("2798.08"),
        penalty=D("12.59"),
    )
    assert (w.balance, w.accrued) == (D("481663.98"), D("414.77"))
    assert w.pay_now == D("481663.98") + D("414.77") + D("2798.08") + D("12.59")
    assert (w.after.periods, w.after.installment, w.after.last_month) == (0, None, "")
    assert w.after.interest == D("414.77")
    assert w.interest_saved == w.before.interest - D("414.77")


def test_the_large_case_against_its_closed_forms():
    # 500,000 · 3.10 % · 240, 12 periods paid, 100,000 prepaid on the 12th due date.
    plan = build_plan(
        principal=D("500000"),
        annual_rate=D("3.10"),
        months=240,
        method=EQUAL_INSTALLMENT,
        first_due=date(2026, 2, 10),
    )
    r = D("3.10") / 1200
    b = D("381663.98")
    # 02: M' = b·r·(1+r)^228 / ((1+r)^228 − 1) = 2,217.16 (to the fen).
    closed = b * r * (1 + r) ** 228 / ((1 + r) ** 228 - 1)
    w2 = whatif(plan, paid=12, mode=REDUCE_INSTALLMENT, amount="100000", rate="3.10", method="01")
    assert w2.after.installment == closed.quantize(D("0.01")) == D("2217.16")
    # Interest = what is paid − the principal, up to the last period's residue: M and each
    # interest are rounded by at most half a fen, compounded over 228 periods:
    # 2 × 0.005 × ((1+r)^228 − 1) / r = 2.58 at most.
    bound = 2 * D("0.005") * ((1 + r) ** 228 - 1) / r
    assert abs(w2.after.interest - (228 * w2.after.installment - b)) <= bound
    # 01: the fewest n with M(b, n) ≤ 2,798.08: n ≥ −ln(1 − b·r/M) / ln(1 + r) = 168.4… → 169.
    n = -(1 - b * r / D("2798.08")).ln() / (1 + r).ln()
    assert 168 < n < 169
    w1 = whatif(plan, paid=12, mode=SHORTEN_TERM, amount="100000", rate="3.10", method="01")
    assert (w1.after.periods, w1.after.installment) == (169, D("2798.08"))
    assert w1.interest_saved > w2.interest_saved > 0


def test_refusals():
    plan = small("1200", 3, EQUAL_PRINCIPAL)
    with pytest.raises(ValueError):
        whatif(plan, paid=1, mode=REDUCE_INSTALLMENT, amount="800")  # the whole balance: a 03
    with pytest.raises(ValueError):
        whatif(plan, paid=1, mode=REDUCE_INSTALLMENT, amount="0")
    with pytest.raises(ValueError):
        whatif(plan, paid=1, mode="09", amount="100")
    with pytest.raises(ValueError):
        whatif(plan, paid=3, mode=SETTLE)  # nothing left


def test_installments_due_by_the_prepayment_day_are_paid_first():
    plan = small("1200", 3, EQUAL_PRINCIPAL)
    # On the 2nd due date with nothing paid since the 1st: the 2nd installment is paid as
    # planned, then the prepayment applies to the 400 left.
    w = whatif(plan, paid=1, mode=SETTLE, days=28)
    assert [row.period for row in w.scheduled] == [2]
    assert (w.balance, w.accrued, w.pay_now) == (D("400.00"), D("0.00"), D("400.00"))


loans = st.builds(
    lambda p, months, rate, method, paid_share, share, mode, days: (
        D(p),
        months,
        D(rate),
        method,
        paid_share,
        share,
        mode,
        days,
    ),
    p=st.integers(1000, 5_000_000),
    months=st.integers(2, 360),
    rate=st.sampled_from(["2.10", "2.60", "3.10", "3.575", "12"]),
    method=st.sampled_from([EQUAL_INSTALLMENT, EQUAL_PRINCIPAL]),
    paid_share=st.floats(0, 0.95),
    share=st.floats(0.01, 0.99),
    mode=st.sampled_from([SHORTEN_TERM, REDUCE_INSTALLMENT]),
    days=st.integers(0, 27),
)


@settings(max_examples=60, deadline=None)
@given(loans)
def test_properties_of_a_partial_prepayment(loan):
    principal, months, rate, method, paid_share, share, mode, days = loan
    plan = build_plan(
        principal=principal,
        annual_rate=rate,
        months=months,
        method=method,
        first_due=date(2026, 2, 10),
    )
    paid = int((months - 1) * paid_share)
    balance = plan[paid - 1].balance_after if paid else principal
    amount = (balance * D(str(share))).quantize(D("1"))
    if not 1 <= amount < balance:
        return
    w = whatif(plan, paid=paid, mode=mode, amount=amount, days=days, rate=rate, method=method)
    # The new plan clears what is left, and never runs longer than the old one.
    assert (
        w.after.principal
        == balance - amount
        == w.plan_after[-1].balance_after + (sum(row.principal for row in w.plan_after))
    )
    assert w.plan_after[-1].balance_after == 0
    assert w.after.periods <= w.before.periods
    if mode == REDUCE_INSTALLMENT:
        assert w.after.periods == w.before.periods
        assert w.after.installment <= w.before.installment
    elif method == EQUAL_INSTALLMENT and w.after.periods > 1:
        assert w.after.installment == w.before.installment
    # Interest paid today for the days since the due date never exceeds a month's on it.
    assert w.accrued <= (amount * rate / 1200 + D("0.01"))
    assert w.pay_now == amount + w.accrued
    assert w.interest_saved >= 0
