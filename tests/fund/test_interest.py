"""结息 by 积数法 (domain.md §4), each case worked by hand in its comment."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gjj.core.money import round_fen
from gjj.fund.interest import (
    DEPOSIT_RATES,
    accrued_interest_to,
    annual_interest,
    deposit_rate_on,
    interest_year_bounds,
)

D = Decimal
JUNE_30 = date(2026, 6, 30)


def test_interest_year_runs_1_july_to_30_june():
    assert interest_year_bounds(2026) == (date(2025, 7, 1), date(2026, 6, 30))


def test_a_balance_held_all_year_earns_15_21():
    # 1,000.00 × 365 days = 365,000 × 1.50 % / 360 = 15.2083… -> 15.21
    assert annual_interest(D("1000.00"), [], JUNE_30) == D("15.21")


def test_a_leap_year_has_366_days_of_product():
    # 1,000.00 × 366 days (29 February 2028) = 366,000 × 1.50 % / 360 = 15.25
    assert annual_interest(D("1000.00"), [], date(2028, 6, 30)) == D("15.25")


def test_a_deposit_earns_from_its_booking_day():
    # 1,200.00 booked 1 December 2025 is in the end-of-day balance of 1 December .. 30 June:
    # Dec 31 + Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30 = 212 days.
    # 1,200.00 × 212 = 254,400 × 1.50 % / 360 = 10.60
    assert annual_interest(D("0"), [(date(2025, 12, 1), D("1200.00"))], JUNE_30) == D("10.60")
    # On top of 1,000.00 held all year: (365,000 + 254,400) × 1.50 % / 360 = 25.808… -> 25.81
    entries = [(date(2025, 12, 1), D("1200.00"))]
    assert annual_interest(D("1000.00"), entries, JUNE_30) == D("25.81")


def test_a_withdrawal_stops_earning_on_its_booking_day():
    # 10,000.00 from 1 July; 4,000.00 withdrawn 10 March 2026.
    # 10,000.00 for 1 July .. 9 March: 31+31+30+31+30+31+31+28+9 = 252 days -> 2,520,000
    # 6,000.00 for 10 March .. 30 June: 22+30+31+30 = 113 days -> 678,000
    # 3,198,000 × 1.50 % / 360 = 133.25
    entries = [(date(2026, 3, 10), D("-4000.00"))]
    assert annual_interest(D("10000.00"), entries, JUNE_30) == D("133.25")


def test_entries_on_the_same_day_net_out():
    entries = [(date(2026, 3, 10), D("500.00")), (date(2026, 3, 10), D("-500.00"))]
    assert annual_interest(D("1000.00"), entries, JUNE_30) == D("15.21")


def test_the_year_is_rounded_once_not_per_day():
    # 100.00 earns 100.00 × 1.50 % / 360 = 0.0041… a day, 0.00 if each day were rounded;
    # rounded once: 36,500 × 1.50 % / 360 = 1.5208… -> 1.52.
    assert annual_interest(D("100.00"), [], JUNE_30) == D("1.52")


def test_a_rate_change_within_the_year_splits_it():
    # A table a center might extend: 1.20 % from 1 January 2026.
    table = [*DEPOSIT_RATES, (date(2026, 1, 1), D("1.20"))]
    # 1,000.00 × (184 days × 1.50 + 181 days × 1.20) / 100 / 360 = 493,200 / 36,000 = 13.70
    assert annual_interest(D("1000.00"), [], JUNE_30, table=table) == D("13.70")
    # 10,000.00 withdrawn in full on 1 February 2026: 184 days × 1.50 + 31 days × 1.20
    # = 313.2 -> 10,000.00 × 313.2 / 36,000 = 87.00
    start = date(2025, 7, 1)
    assert accrued_interest_to(D("10000.00"), [], start, date(2026, 2, 1), table=table) == D(
        "87.00"
    )


def test_full_withdrawal_credits_interest_to_the_day_before():
    # 10,000.00 from 1 July; 销户提取 on 15 October 2025: interest for 1 July .. 14 October,
    # 31 + 31 + 30 + 14 = 106 days -> 1,060,000 × 1.50 % / 360 = 44.1666… -> 44.17.
    # The withdrawal entry itself (dated day w) does not count.
    start, _ = interest_year_bounds(2026)
    entries = [(date(2025, 10, 15), D("-10000.00"))]
    assert accrued_interest_to(D("10000.00"), entries, start, date(2025, 10, 15)) == D("44.17")


def test_full_withdrawal_counts_the_deposits_before_it():
    # 2,000.00 from 1 July, 1,000.00 more on 1 August, all withdrawn on 1 September 2025:
    # 2,000.00 × 31 days (July) + 3,000.00 × 31 days (August) = 155,000 × 1.50 % / 360
    # = 6.4583… -> 6.46
    start = date(2025, 7, 1)
    entries = [(date(2025, 8, 1), D("1000.00"))]
    assert accrued_interest_to(D("2000.00"), entries, start, date(2025, 9, 1)) == D("6.46")


def test_full_withdrawal_on_1_july_accrues_nothing():
    start = date(2025, 7, 1)
    assert accrued_interest_to(D("5000.00"), [], start, start) == D("0.00")


def test_entries_outside_the_year_are_refused():
    with pytest.raises(ValueError):
        annual_interest(D("0"), [(date(2025, 6, 30), D("1.00"))], JUNE_30)
    with pytest.raises(ValueError):
        annual_interest(D("0"), [(date(2026, 7, 1), D("1.00"))], JUNE_30)
    with pytest.raises(ValueError):
        annual_interest(D("0"), [], date(2026, 6, 29))


def test_an_explicit_rate_overrides_the_table():
    # 1,000.00 × 365 × 2.00 % / 360 = 20.2777… -> 20.28
    assert annual_interest(D("1000.00"), [], JUNE_30, rate=D("2.00")) == D("20.28")


def test_deposit_rate_is_dated_data():
    assert DEPOSIT_RATES[0] == (date(2016, 2, 21), D("1.50"))
    assert deposit_rate_on(date(2016, 2, 21)) == D("1.50")
    assert deposit_rate_on(date(2026, 6, 30)) == D("1.50")
    with pytest.raises(LookupError):
        deposit_rate_on(date(2016, 2, 20))


# --- property: the run-length sum equals a plain day-by-day 积数 ---------------------------------


_YEAR_START = date(2025, 7, 1)
_entries = st.lists(
    st.tuples(
        st.integers(0, 364).map(lambda d: _YEAR_START + timedelta(days=d)),
        st.integers(-500_000, 2_000_000).map(lambda fen: Decimal(fen).scaleb(-2)),
    ),
    max_size=40,
)


def _day_by_day(opening, entries, stop):
    """Σ over each day of the end-of-day balance × 1.50 / 36000, rounded once (domain.md §4)."""
    total, day = Decimal(0), _YEAR_START
    while day < stop:
        balance = opening + sum((a for d, a in entries if d <= day), Decimal(0))
        total += balance * Decimal("1.50")
        day += timedelta(days=1)
    return round_fen(total / 36000)


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 50_000_000).map(lambda fen: Decimal(fen).scaleb(-2)), _entries)
def test_the_year_equals_the_day_by_day_product(opening, entries):
    assert annual_interest(opening, entries, JUNE_30) == _day_by_day(
        opening, entries, date(2026, 7, 1)
    )


@settings(max_examples=500, deadline=None)
@given(
    st.integers(0, 50_000_000).map(lambda fen: Decimal(fen).scaleb(-2)),
    _entries,
    st.integers(0, 364),
)
def test_interest_to_a_full_withdrawal_counts_the_days_before_it(opening, entries, w):
    day_w = _YEAR_START + timedelta(days=w)
    expected = _day_by_day(opening, [e for e in entries if e[0] < day_w], day_w)
    assert accrued_interest_to(opening, entries, _YEAR_START, day_w) == expected
