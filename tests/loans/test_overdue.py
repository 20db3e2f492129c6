"""逾期 and 罚息 (domain.md §5.4)."""

from datetime import date
from decimal import Decimal

import pytest

from gjj.loans.plan import (
    EQUAL_INSTALLMENT,
    build_plan,
    overdue_installments,
    penalty_due,
    penalty_interest,
)

D = Decimal

PLAN = build_plan(
    principal=D("99296.50"),
    annual_rate=D("3.30"),
    months=143,
    method=EQUAL_INSTALLMENT,
    first_due=date(2017, 4, 9),
)  # the manual's 还款计划: 840.78 a month from 2017-04-09


def test_an_installment_is_not_overdue_on_its_due_date():
    assert overdue_installments(PLAN, paid_through_period=0, today=date(2017, 4, 9)) == []


def test_an_unpaid_installment_is_overdue_the_day_after():
    overdue = overdue_installments(PLAN, paid_through_period=0, today=date(2017, 4, 10))
    assert [row.period for row in overdue] == [1]


def test_paid_periods_are_never_overdue():
    overdue = overdue_installments(PLAN, paid_through_period=2, today=date(2017, 7, 10))
    assert [row.hkny for row in overdue] == ["201706", "201707"]


def test_penalty_is_amount_times_rate_times_one_and_a_half_over_360_per_day():
    # 840.78 × 3.30 % × 1.5 / 360 × 10 days = 1.15607… -> 1.16
    assert penalty_interest(D("840.78"), D("3.30"), 10) == D("1.16")
    # 840.78 × 3.30 % × 1.5 / 360 × 1 day = 0.11560… -> 0.12
    assert penalty_interest(D("840.78"), D("3.30"), 1) == D("0.12")
    assert penalty_interest(D("840.78"), D("3.30"), 0) == D("0.00")


def test_the_multiplier_is_configuration():
    # 10,000.00 × 3.10 % × 2 / 360 × 30 days = 51.666… -> 51.67
    assert penalty_interest(D("10000"), D("3.10"), 30, multiplier=D("2")) == D("51.67")


def test_penalty_due_sums_each_overdue_installment_over_its_own_days():
    today = date(2017, 6, 19)
    overdue = overdue_installments(PLAN, paid_through_period=0, today=today)
    assert [row.period for row in overdue] == [1, 2, 3]
    # 201704: 71 days -> 840.78 × 0.0495 / 360 × 71 = 8.2080… -> 8.21
    # 201705: 41 days -> 4.7398… -> 4.74;  201706: 10 days -> 1.1560… -> 1.16
    assert penalty_due(overdue, D("3.30"), today) == D("14.11")


def test_an_exact_half_fen_of_penalty_rounds_up():
    # 1,000.00 × 3.30 % × 1.5 / 360 × 2 days = 0.275 exactly -> 0.28
    assert penalty_interest(D("1000"), D("3.30"), 2) == D("0.28")


def _overdue_loan():
    import datetime as dt

    from tests.factories import make_loan, make_person

    person = make_person(registered=False)
    disbursed = dt.date(2024, 1, 9)
    txn = dict(ywfsrq=disbursed, dkywmxlx="01", ffje=D("500000.00"))
    return make_loan(
        person,
        disbursed=disbursed,
        htdkje=D("500000.00"),
        dkye=D("500000.00"),
        dkqs=240,
        dkll=D("3.10"),
        txns=[txn],
    )


@pytest.mark.django_db
def test_the_loan_pages_penalty_uses_the_configured_multiplier(settings):
    from gjj.loans.selectors import loan_position

    loan = _overdue_loan()
    today = date(2024, 3, 10)  # 202402 unpaid for 30 days, 202403 for 1 day; M = 2,798.08
    # 1.5: 2,798.08 × 3.10 % × 1.5 / 360 × 30 = 10.8425… -> 10.84; × 1 day = 0.3614… -> 0.36
    position = loan_position(loan, today=today)
    assert [row.hkny for row in position.overdue] == ["202402", "202403"]
    assert position.penalty == D("11.20")
    # 2: 2,798.08 × 3.10 % × 2 / 360 × 30 = 14.4567… -> 14.46; × 1 day = 0.4818… -> 0.48
    settings.LOAN_PENALTY_MULTIPLIER = "2"
    assert loan_position(loan, today=today).penalty == D("14.94")


def test_a_bad_multiplier_stops_the_start_with_a_chinese_message():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith(("GJJ_", "DJANGO_"))}
    env.update(GJJ_DEBUG="1", GJJ_LOAN_PENALTY_MULTIPLIER="一点五")
    env["DJANGO_SETTINGS_MODULE"] = "gjj.settings"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "GJJ_LOAN_PENALTY_MULTIPLIER 应为罚息倍数（如 1.5）" in result.stderr
