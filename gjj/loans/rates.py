"""个人住房公积金贷款利率 (domain.md §5.1): the dated rate table and the rate a loan pays.

Pure Python (no Django), like the engine in plan.py. `DEFAULT_RATES` is the one list: the
`LoanRate` table staff extend is seeded from it (loans/migrations/0002), and the demo
generator uses it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class RateRow:
    """个人住房公积金贷款利率 in force from `effective` (% a year), per home and term tier."""

    effective: date
    first_le5: Decimal
    first_gt5: Decimal
    second_le5: Decimal
    second_gt5: Decimal

    def rate(self, months: int, second_home: bool = False) -> Decimal:
        """The rate of the tier chosen by the contract term (≤ 60 months or more)."""
        if second_home:
            return self.second_le5 if months <= 60 else self.second_gt5
        return self.first_le5 if months <= 60 else self.first_gt5


DEFAULT_RATES: tuple[RateRow, ...] = tuple(
    RateRow(date.fromisoformat(day), *(Decimal(v) for v in values))
    for day, *values in (
        ("2015-08-26", "2.75", "3.25", "3.025", "3.575"),
        ("2022-10-01", "2.60", "3.10", "3.025", "3.575"),
        ("2024-05-18", "2.35", "2.85", "2.775", "3.325"),
        ("2025-05-08", "2.10", "2.60", "2.525", "3.075"),
    )
)


def row_in_force(table: Iterable[RateRow], on: date) -> RateRow:
    """The rate row in force on `on` (LookupError when the table starts later)."""
    rows = [row for row in table if row.effective <= on]
    if not rows:
        raise LookupError(f"no loan rate in force on {on:%Y-%m-%d}")
    return max(rows, key=lambda row: row.effective)


def rate_for(table: Iterable[RateRow], on: date, months: int, second_home: bool = False) -> Decimal:
    """The rate in force on `on` for a contract of `months` (a new loan signed that day)."""
    return row_in_force(table, on).rate(months, second_home)


def rate_in_force_for_loan(
    table: Iterable[RateRow],
    signed: date,
    months: int,
    on: date,
    second_home: bool = False,
) -> Decimal:
    """The rate a loan signed on `signed` pays on `on` (domain.md §5.1).

    A loan takes the rate in force on its signing date. A loan longer than one year
    (months > 12) moves to the new rate of its tier on 1 January of the year after each later
    rate change (a change of 2024-05-18 applies from 2025-01-01); a loan of 12 months or less
    keeps its signing rate.
    """
    rows = list(table)
    current = row_in_force(rows, signed)
    if months > 12:
        moved = [
            row
            for row in rows
            if row.effective > signed and date(row.effective.year + 1, 1, 1) <= on
        ]
        current = max([current, *moved], key=lambda row: row.effective)
    return current.rate(months, second_home)
