"""Deposit interest (结息) by the daily-balance product method, 积数法 (domain.md §4).

Pure Python on `Decimal`; no Django. The interest year runs 1 July – 30 June. Interest is
Σ (end-of-day balance of each day) × annual rate % / 100 / 360, rounded once, half up, to the
fen. Using the end-of-day balance means a deposit earns from its booking day and a withdrawal
stops earning on its booking day (算头不算尾).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, localcontext

from gjj.core.money import ZERO, round_fen, to_decimal

Money = Decimal | int | str
Entry = tuple[date, Money]  # (booking date, signed amount: deposits > 0, withdrawals < 0)
RateTable = Iterable[tuple[date, Decimal]]  # (effective date, % a year)

_PREC = 50

# (effective date, % a year). Since 2016-02-21 one rate for current-year and carried-over
# balances (the one-year time-deposit benchmark); the earlier two-rate regime is not modelled.
DEPOSIT_RATES: tuple[tuple[date, Decimal], ...] = ((date(2016, 2, 21), Decimal("1.50")),)


def deposit_rate_on(day: date, table: RateTable | None = None) -> Decimal:
    """The deposit rate (% a year) in force on `day` (table: DEPOSIT_RATES by default)."""
    rows = [row for row in (DEPOSIT_RATES if table is None else table) if row[0] <= day]
    if not rows:
        raise LookupError(f"no deposit rate in force on {day:%Y-%m-%d}")
    return max(rows, key=lambda row: row[0])[1]


def interest_year_bounds(year_ending: int) -> tuple[date, date]:
    """(1 July of year_ending − 1, 30 June of year_ending): the interest year settled that June."""
    return date(year_ending - 1, 7, 1), date(year_ending, 6, 30)


def annual_interest(
    opening_balance: Money,
    entries: Iterable[Entry],
    year_end_june30: date,
    rate: Money | None = None,
    table: RateTable | None = None,
) -> Decimal:
    """The year's interest credited on 30 June (the 09 年终结息 entry).

    `opening_balance` is the balance at the start of 1 July (it includes last year's interest
    entry dated 30 June); `entries` are the year's booked changes, 1 July – 30 June. A fixed
    `rate` (% a year) applies to every day; without one each day takes its rate from `table`
    (DEPOSIT_RATES by default), so a change within the year splits it.
    """
    if (year_end_june30.month, year_end_june30.day) != (6, 30):
        raise ValueError("the interest year ends on 30 June")
    start, end = interest_year_bounds(year_end_june30.year)
    entries = list(entries)
    if any(not start <= day <= end for day, _ in entries):
        raise ValueError(f"entries must be dated {start} .. {end}")
    return _interest(opening_balance, entries, start, end + timedelta(days=1), rate, table)


def accrued_interest_to(
    opening_balance: Money,
    entries: Iterable[Entry],
    start: date,
    day_w: date,
    rate: Money | None = None,
    table: RateTable | None = None,
) -> Decimal:
    """Interest from `start` (1 July) through day_w − 1, credited before a full withdrawal on
    day_w (销户提取). Entries dated day_w or later do not count. `rate` and `table` as in
    `annual_interest`.
    """
    if day_w < start:
        raise ValueError("day_w is before start")
    entries = list(entries)
    if any(day < start for day, _ in entries):
        raise ValueError(f"entries before {start} belong in the opening balance")
    return _interest(opening_balance, entries, start, day_w, rate, table)


def _segments(
    opening: Money, entries: list[Entry], start: date, stop: date
) -> Iterator[tuple[date, int, Decimal]]:
    """Yield (first day, days, end-of-day balance) for each run of days with one balance."""
    balance = to_decimal(opening)
    changes: dict[date, Decimal] = {}
    for day, amount in entries:
        if day < start:
            raise ValueError(f"entries before {start} belong in the opening balance")
        if day < stop:
            changes[day] = changes.get(day, ZERO) + to_decimal(amount)
    cursor = start
    for day in sorted(changes):
        if day > cursor:
            yield cursor, (day - cursor).days, balance
        balance += changes[day]
        cursor = day
    if stop > cursor:
        yield cursor, (stop - cursor).days, balance


def _rate_runs(
    first: date, days: int, rate: Money | None, table: RateTable | None
) -> Iterator[tuple[int, Decimal]]:
    """Split a run of days where the rate changes: yield (days, rate)."""
    if rate is not None:
        yield days, to_decimal(rate)
        return
    rows = list(DEPOSIT_RATES if table is None else table)
    stop = first + timedelta(days=days)
    cuts = sorted({day for day, _ in rows if first < day < stop})
    cursor = first
    for cut in [*cuts, stop]:
        yield (cut - cursor).days, deposit_rate_on(cursor, rows)
        cursor = cut


@dataclass(frozen=True)
class InterestWorking:
    """How an interest figure comes about, for a person to check it: the 积数 (Σ end-of-day
    balance × days) at each rate, and the interest = Σ 积数 × rate % / 36000, rounded once."""

    products: tuple[tuple[Decimal, Decimal], ...]  # (rate % a year, 积数 at that rate)
    interest: Decimal

    @property
    def product(self) -> Decimal:
        return sum((p for _, p in self.products), ZERO)

    @property
    def rates(self) -> tuple[Decimal, ...]:
        return tuple(rate for rate, _ in self.products)


def interest_working(
    opening_balance: Money,
    entries: Iterable[Entry],
    start: date,
    stop: date,
    rate: Money | None = None,
    table: RateTable | None = None,
) -> InterestWorking:
    """The working of the interest over the days [start, stop): `annual_interest` is this with
    stop = 1 July after the year, `accrued_interest_to` with stop = day_w."""
    return _interest_working(opening_balance, list(entries), start, stop, rate, table)


def _interest_working(
    opening: Money,
    entries: list[Entry],
    start: date,
    stop: date,
    rate: Money | None,
    table: RateTable | None,
) -> InterestWorking:
    with localcontext() as ctx:
        ctx.prec = _PREC
        products: dict[Decimal, Decimal] = {}
        for first, days, balance in _segments(opening, entries, start, stop):
            for run_days, run_rate in _rate_runs(first, days, rate, table):
                products[run_rate] = products.get(run_rate, ZERO) + balance * run_days
        total = sum((r * p for r, p in products.items()), ZERO)
        # One division: an exact half fen stays exact.
        return InterestWorking(tuple(products.items()), round_fen(total / 36000))


def _interest(
    opening: Money,
    entries: list[Entry],
    start: date,
    stop: date,
    rate: Money | None,
    table: RateTable | None,
) -> Decimal:
    """Σ balance × days × rate over [start, stop), / 100 / 360, rounded once."""
    return _interest_working(opening, entries, start, stop, rate, table).interest
