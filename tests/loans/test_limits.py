"""额度试算: the policy defaults, each of the four limits binding in turn, the term limits."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gjj.loans.limits import (
    BALANCE,
    CAP,
    CAPACITY,
    PRICE,
    first_installment,
    loan_limit,
    max_term_months,
)
from gjj.loans.models import LoanPolicy
from gjj.loans.plan import EQUAL_INSTALLMENT, EQUAL_PRINCIPAL, monthly_payment
from gjj.loans.selectors import loan_policy

D = Decimal

# The defaults the migration seeds and the README names (贷款政策参数).
DEFAULTS = {
    "cap_single": D("600000.00"),
    "cap_couple": D("800000.00"),
    "balance_multiple": D("15"),
    "income_share": D("50"),
    "down_first": D("20"),
    "down_second": D("30"),
    "limit_unit": D("100.00"),
    "max_term_months": 360,
    "age_limit": 65,
    "min_deposit_months": 6,
    "prepay_min_installments": 1,
    "prepay_whole_yuan": True,
    "prepay_per_year": 2,
    "prepay_window_days": 30,
}


@pytest.mark.django_db
def test_the_migration_seeds_one_policy_row_with_the_defaults():
    assert LoanPolicy.objects.count() == 1
    policy = loan_policy()
    assert {name: getattr(policy, name) for name in DEFAULTS} == DEFAULTS


@pytest.mark.django_db
def test_without_the_row_the_pages_use_the_same_defaults():
    LoanPolicy.objects.all().delete()
    policy = loan_policy()
    assert policy.pk is None
    assert {name: getattr(policy, name) for name in DEFAULTS} == DEFAULTS


POLICY = LoanPolicy()  # unsaved: the model's defaults


def limit(**kw):
    args = dict(
        policy=POLICY,
        couple=False,
        balance=D("100000"),
        monthly_income=D("30000"),
        monthly_debt=D("0"),
        price=D("2000000"),
        second_home=False,
        months=360,
        max_months=360,
        method=EQUAL_INSTALLMENT,
        annual_rate=D("2.60"),
    )
    args.update(kw)
    return loan_limit(**args)


def amounts(result):
    return {item.code: item.amount for item in result.limits}


def test_the_center_cap_binds_single_and_couple():
    # 100,000 × 15 = 1,500,000; price 2,000,000 × 80 % = 1,600,000; income ample.
    result = limit()
    assert (result.amount, result.binding) == (D("600000.00"), (CAP,))
    assert amounts(result)[BALANCE] == D("1500000.00")
    assert amounts(result)[PRICE] == D("1600000.00")
    assert limit(couple=True).amount == D("800000.00")


def test_the_balance_times_the_multiple_binds():
    # 20,000.00 × 15 = 300,000.00.
    result = limit(balance=D("20000"))
    assert (result.amount, result.binding) == (D("300000.00"), (BALANCE,))


def test_the_repayment_capacity_binds():
    # (4,000 − 0) × 50 % = 2,000.00 a month at 2.60 % over 360 months:
    # P = 2000 × ((1+r)^360 − 1) / (r (1+r)^360), r = 2.6 / 1200 → 499,575.72 → 499,500 (unit 100).
    result = limit(monthly_income=D("4000"))
    assert (result.amount, result.binding) == (D("499500.00"), (CAPACITY,))
    assert result.installment == monthly_payment(D("499500"), D("2.60"), 360) <= D("2000")
    # Existing debts come off the income first: (6,000 − 2,000) × 50 % is the same 2,000.
    assert limit(monthly_income=D("6000"), monthly_debt=D("2000")).amount == D("499500.00")
    # Over 240 months the same 2,000 carries 373,979.93 → 373,900.
    assert limit(monthly_income=D("4000"), months=240).amount == D("373900.00")
    # 等额本金: the first installment P/n + P·r ≤ 2,000: P = 2000 / (1/360 + r) = 404,494.38.
    result = limit(monthly_income=D("4000"), method=EQUAL_PRINCIPAL)
    assert result.amount == D("404400.00")
    assert result.installment <= D("2000")


def test_no_spare_income_is_no_loan():
    result = limit(monthly_income=D("3000"), monthly_debt=D("3500"))
    assert (result.amount, result.binding, result.installment) == (D("0.00"), (CAPACITY,), None)


def test_the_price_after_the_down_payment_binds_first_and_second_home():
    # 300,000 × (1 − 20 %) = 240,000; second home 300,000 × (1 − 30 %) = 210,000.
    result = limit(price=D("300000"))
    assert (result.amount, result.binding) == (D("240000.00"), (PRICE,))
    assert limit(price=D("300000"), second_home=True).amount == D("210000.00")
    # Rounded down to the unit: 123,456.78 × 80 % = 98,765.42 → 98,700.
    assert limit(price=D("123456.78")).amount == D("98700.00")


def test_every_limit_that_equals_the_smallest_binds():
    # 40,000 × 15 = 600,000 = the cap.
    assert limit(balance=D("40000")).binding == (CAP, BALANCE)


@pytest.mark.parametrize(
    "age, months",
    [(25, 360), (35, 360), (36, 348), (45, 240), (64, 12), (65, 0), (70, 0)],
)
def test_the_term_ends_by_the_age_limit_and_within_thirty_years(age, months):
    assert max_term_months(POLICY, age) == months


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=80, deadline=None)
@given(
    balance=st.integers(0, 500_000),
    income=st.integers(0, 100_000),
    debt=st.integers(0, 20_000),
    price=st.integers(1, 20_000_000),
    months=st.integers(12, 360),
    method=st.sampled_from([EQUAL_INSTALLMENT, EQUAL_PRINCIPAL]),
    rate=st.sampled_from(["2.10", "2.60", "3.075", "4.9"]),
    couple=st.booleans(),
)
def test_the_limit_is_the_smallest_and_its_installment_fits(
    balance, income, debt, price, months, method, rate, couple
):
    result = limit(
        balance=D(balance),
        monthly_income=D(income),
        monthly_debt=D(debt),
        price=D(price),
        months=months,
        max_months=months,
        method=method,
        annual_rate=D(rate),
        couple=couple,
    )
    assert result.amount == min(amounts(result).values())
    assert result.binding and all(amounts(result)[code] == result.amount for code in result.binding)
    assert all(a % 100 == 0 and a >= 0 for a in amounts(result).values())
    spare = max(D(income) - D(debt), D(0)) / 2
    if result.amount > 0:
        assert result.installment <= spare
    if CAPACITY in result.binding:
        # The capacity limit is the largest that fits: 100 yuan more would not.
        more = first_installment(result.amount + 100, D(rate), months, method)
        assert more > spare.quantize(D("0.01"), rounding="ROUND_FLOOR")
