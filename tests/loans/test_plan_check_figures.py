"""The check figures of domain.md §5.2 and the manual's plan screen, to the fen."""

from datetime import date
from decimal import Decimal

import pytest

from gjj.loans.plan import (
    EQUAL_INSTALLMENT,
    EQUAL_PRINCIPAL,
    build_plan,
    monthly_payment,
    period_interest,
    total_interest,
)

D = Decimal


def plan_500k(method, rate="3.10"):
    return build_plan(
        principal=D("500000"),
        annual_rate=D(rate),
        months=240,
        method=method,
        first_due=date(2024, 1, 20),
    )


def test_manual_1000_loan_first_period_is_1_63_plus_2_75():
    plan = build_plan(
        principal=D("1000.00"),
        annual_rate=D("3.30"),
        months=360,
        method=EQUAL_INSTALLMENT,
        first_due=date(2017, 2, 9),
    )
    first = plan[0]
    assert (first.principal, first.interest, first.total) == (D("1.63"), D("2.75"), D("4.38"))
    assert first.balance_after == D("998.37")
    assert first.hkny == "201702"


def test_equal_installment_500k_at_3_10_over_240():
    plan = plan_500k(EQUAL_INSTALLMENT)
    assert monthly_payment(D("500000"), D("3.10"), 240) == D("2798.08")
    assert plan[0].interest == D("1291.67")
    assert plan[0].total == D("2798.08")
    assert total_interest(plan) == D("171540.64")
    assert plan[-1].balance_after == D("0.00")
    assert sum(row.principal for row in plan) == D("500000.00")


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("2.60", "2673.94"), ("2.85", "2735.59"), ("3.25", "2835.98"), ("3.10", "2798.08")],
)
def test_monthly_payment_for_the_table_rates(rate, expected):
    assert monthly_payment(D("500000"), D(rate), 240) == D(expected)


def test_equal_principal_500k_at_3_10_over_240():
    plan = plan_500k(EQUAL_PRINCIPAL)
    assert (plan[0].principal, plan[0].interest, plan[0].total) == (
        D("2083.33"),
        D("1291.67"),
        D("3375.00"),
    )
    assert plan[1].total == D("3369.61")
    assert plan[-1].principal == D("2084.13")
    assert plan[-1].interest == D("5.38")
    assert total_interest(plan) == D("155646.09")
    assert plan[-1].balance_after == D("0.00")


def test_manual_plan_screen_is_the_recomputed_unpaid_part():
    # The manual's 还款计划 (contract 01201702090019) shows 840.78 a month from 201704. No fresh
    # loan with a round principal gives it: the interest steps (1.57, 1.56, ...) on ~570 of
    # principal fix the rate at 3.30 %, and 273.07 / 840.78 fixes 143 periods left on a balance
    # of 99,296.37 .. 99,296.80 (every one of them reproduces the screen). So it is the unpaid
    # part of a plan recomputed from its balance (§5.2), e.g. after a prepayment.
    plan = build_plan(
        principal=D("99296.50"),
        annual_rate=D("3.30"),
        months=143,
        method=EQUAL_INSTALLMENT,
        first_due=date(2017, 4, 9),
    )
    screen = [
        ("201704", "2017-04-09", "567.71", "273.07"),
        ("201705", "2017-05-09", "569.28", "271.50"),
        ("201706", "2017-06-09", "570.84", "269.94"),
        ("201707", "2017-07-09", "572.41", "268.37"),
        ("201708", "2017-08-09", "573.99", "266.79"),
        ("201709", "2017-09-09", "575.56", "265.22"),
        ("201710", "2017-10-09", "577.15", "263.63"),
        ("201711", "2017-11-09", "578.73", "262.05"),
        ("201712", "2017-12-09", "580.33", "260.45"),
    ]
    got = [
        (row.hkny, row.due_date.isoformat(), str(row.principal), str(row.interest))
        for row in plan[:9]
    ]
    assert got == screen
    assert {row.total for row in plan[:9]} == {D("840.78")}


def test_due_dates_clamp_to_the_end_of_short_months():
    plan = build_plan(
        principal=D("12000"),
        annual_rate=D("3.10"),
        months=4,
        method=EQUAL_PRINCIPAL,
        first_due=(2024, 1),
        repay_day=31,
    )
    assert [row.due_date for row in plan] == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
    ]
    assert [row.period for row in plan] == [1, 2, 3, 4]


def test_zero_rate_pays_principal_only():
    assert monthly_payment(D("1000"), D("0"), 3) == D("333.33")
    plan = build_plan(
        principal=D("1000"),
        annual_rate=D("0"),
        months=3,
        method=EQUAL_INSTALLMENT,
        first_due=date(2024, 1, 5),
    )
    assert [row.total for row in plan] == [D("333.33"), D("333.33"), D("333.34")]
    assert total_interest(plan) == D("0.00")


def test_an_exact_half_fen_of_interest_rounds_up():
    # 60.00 × 3.10 % / 12 = 0.155 exactly -> 0.16; 100.00 × 3.30 % / 12 = 0.275 -> 0.28.
    # (Multiplying by a 3.10 / 1200 cut to any number of digits would give 0.15499… -> 0.15.)
    assert period_interest(D("60.00"), D("3.10")) == D("0.16")
    assert period_interest(D("100.00"), D("3.30")) == D("0.28")
