"""个人住房公积金贷款利率 (domain.md §5.1): the dated table, the tier, the 1 January move."""

from datetime import date
from decimal import Decimal

import pytest

from gjj.loans.rates import DEFAULT_RATES, RateRow, rate_for, rate_in_force_for_loan

D = Decimal


def test_default_table_is_the_four_rows_of_the_domain():
    assert [
        (row.effective.isoformat(), row.first_le5, row.first_gt5, row.second_le5, row.second_gt5)
        for row in DEFAULT_RATES
    ] == [
        ("2015-08-26", D("2.75"), D("3.25"), D("3.025"), D("3.575")),
        ("2022-10-01", D("2.60"), D("3.10"), D("3.025"), D("3.575")),
        ("2024-05-18", D("2.35"), D("2.85"), D("2.775"), D("3.325")),
        ("2025-05-08", D("2.10"), D("2.60"), D("2.525"), D("3.075")),
    ]


@pytest.mark.parametrize(
    ("months", "second_home", "expected"),
    [(60, False, "2.35"), (61, False, "2.85"), (60, True, "2.775"), (61, True, "3.325")],
)
def test_tier_is_chosen_by_the_contract_term(months, second_home, expected):
    assert rate_for(DEFAULT_RATES, date(2024, 6, 1), months, second_home) == D(expected)


def test_a_new_loan_takes_the_rate_in_force_on_its_signing_date():
    assert rate_for(DEFAULT_RATES, date(2024, 5, 17), 240) == D("3.10")
    assert rate_for(DEFAULT_RATES, date(2024, 5, 18), 240) == D("2.85")
    assert rate_in_force_for_loan(DEFAULT_RATES, date(2024, 5, 18), 240, date(2024, 5, 18)) == D(
        "2.85"
    )


def test_no_rate_before_the_first_row():
    with pytest.raises(LookupError):
        rate_for(DEFAULT_RATES, date(2015, 8, 25), 240)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2024-05-18", "3.10"),  # the change does not touch an existing loan that year
        ("2024-12-31", "3.10"),
        ("2025-01-01", "2.85"),  # 1 January after the 2024-05-18 change
        ("2025-05-08", "2.85"),
        ("2025-12-31", "2.85"),
        ("2026-01-01", "2.60"),  # 1 January after the 2025-05-08 change
    ],
)
def test_an_existing_long_loan_moves_on_1_january_after_each_change(on, expected):
    signed = date(2023, 3, 1)
    assert rate_in_force_for_loan(DEFAULT_RATES, signed, 240, date.fromisoformat(on)) == D(expected)


def test_a_loan_signed_after_a_change_keeps_its_rate_until_the_next_one_applies():
    signed = date(2024, 6, 1)  # already at 2.85
    assert rate_in_force_for_loan(DEFAULT_RATES, signed, 240, date(2025, 1, 1)) == D("2.85")
    assert rate_in_force_for_loan(DEFAULT_RATES, signed, 240, date(2026, 1, 1)) == D("2.60")


def test_a_short_existing_loan_moves_within_its_own_tier():
    signed = date(2023, 3, 1)
    assert rate_in_force_for_loan(DEFAULT_RATES, signed, 36, date(2024, 12, 31)) == D("2.60")
    assert rate_in_force_for_loan(DEFAULT_RATES, signed, 36, date(2025, 1, 1)) == D("2.35")
    assert rate_in_force_for_loan(DEFAULT_RATES, signed, 36, date(2025, 1, 1), True) == D("2.775")


def test_a_loan_of_a_year_or_less_keeps_its_signing_rate():
    signed = date(2024, 3, 1)
    assert rate_in_force_for_loan(DEFAULT_RATES, signed, 12, date(2025, 2, 1)) == D("2.60")
    assert rate_in_force_for_loan(DEFAULT_RATES, signed, 13, date(2025, 2, 1)) == D("2.35")


def test_staff_can_extend_the_table():
    extended = [
        *DEFAULT_RATES,
        RateRow(date(2026, 3, 1), D("2.00"), D("2.50"), D("2.40"), D("2.95")),
        RateRow(date(2026, 9, 1), D("1.90"), D("2.40"), D("2.30"), D("2.85")),
    ]
    # A new loan signed on the day takes the new row.
    assert rate_for(extended, date(2026, 3, 1), 240) == D("2.50")
    assert rate_for(extended, date(2026, 9, 1), 36, second_home=True) == D("2.30")
    # An existing loan moves once, on 1 January 2027, straight to the later of the two.
    signed = date(2023, 3, 1)
    assert rate_in_force_for_loan(extended, signed, 240, date(2026, 12, 31)) == D("2.60")
    assert rate_in_force_for_loan(extended, signed, 240, date(2027, 1, 1)) == D("2.40")
    # Signed between the two changes: the September one applies from 1 January 2027 too.
    between = date(2026, 5, 1)
    assert rate_in_force_for_loan(extended, between, 240, date(2026, 12, 31)) == D("2.50")
    assert rate_in_force_for_loan(extended, between, 240, date(2027, 1, 1)) == D("2.40")


def test_the_table_order_does_not_matter():
    shuffled = list(reversed(DEFAULT_RATES))
    assert rate_for(shuffled, date(2024, 6, 1), 240) == D("2.85")
    assert rate_in_force_for_loan(shuffled, date(2023, 3, 1), 240, date(2026, 1, 1)) == D("2.60")


@pytest.mark.django_db
def test_the_table_staff_extend_starts_as_the_engines_table():
    # The migration seeds LoanRate (the staff's copy, shown in the hall's loan guide) with the
    # same rows the engine and the demo generator use: the two must not drift apart.
    from gjj.loans.models import LoanRate

    stored = [
        RateRow(r.effective, r.first_le5, r.first_gt5, r.second_le5, r.second_gt5)
        for r in LoanRate.objects.order_by("effective")
    ]
    assert stored == list(DEFAULT_RATES)
