"""年度对账单: one 结息年度 (1 July – 30 June) of a fund account, checked against the engine.

Three queries whatever the history: the account (by the caller), the last entry before the
year (its running balance is the opening balance) and the year's entries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from gjj.core.codes import LedgerType
from gjj.core.money import ZERO
from gjj.fund.interest import (
    DEPOSIT_RATES,
    InterestWorking,
    deposit_rate_on,
    interest_working,
    interest_year_bounds,
)
from gjj.fund.models import FundAccount, LedgerEntry

INTEREST = LedgerType.YEAR_END_INTEREST


@dataclass
class TypeLine:
    code: str
    label: str
    count: int
    total: Decimal


@dataclass
class AnnualStatement:
    account: FundAccount
    year: int  # the June that closes the interest year
    start: dt.date
    end: dt.date
    opening: Decimal
    closing: Decimal
    lines: list[TypeLine] = field(default_factory=list)
    complete: bool = True  # the interest year has ended
    interest_day: dt.date | None = None  # the date of the 09 entry checked
    interest_stored: Decimal | None = None
    working: InterestWorking | None = None
    days: int = 0  # days the working covers
    note: str = ""

    @property
    def engine_interest(self) -> Decimal | None:
        return self.working.interest if self.working is not None else None

    @property
    def matches(self) -> bool | None:
        """Whether the stored interest equals the engine's (None: nothing to compare)."""
        if self.working is None or not self.complete:
            return None
        return (self.interest_stored or ZERO) == self.working.interest

    @property
    def label(self) -> str:
        return f"{self.year - 1}—{self.year}结息年度"

    @property
    def rates_text(self) -> str:
        if self.working is None:
            return ""
        return "、".join(f"{r.normalize():f}%" for r in self.working.rates)


def interest_year_of(day: dt.date) -> int:
    """The June that closes the interest year containing `day`."""
    return day.year + 1 if day.month >= 7 else day.year


def statement_years(account: FundAccount, *, today: dt.date, last_day: dt.date | None) -> list[int]:
    """The interest years of the account, newest first: from its opening to today (a closed
    account: to its last entry)."""
    first = interest_year_of(account.khrq)
    stop_day = last_day if account.is_closed and last_day else today
    last = interest_year_of(max(stop_day, account.khrq))
    return list(range(last, first - 1, -1))


def annual_statement(*, account: FundAccount, year: int, today: dt.date) -> AnnualStatement:
    start, end = interest_year_bounds(year)
    before = (
        LedgerEntry.objects.filter(account=account, jzrq__lt=start)
        .order_by("-jzrq", "-ywlsh")
        .values_list("balance", flat=True)
        .first()
    )
    opening = before if before is not None else ZERO
    rows = list(
        LedgerEntry.objects.filter(account=account, jzrq__gte=start, jzrq__lte=end)
        .order_by("jzrq", "ywlsh")
        .values_list("jzrq", "gjhtqywlx", "fse", "balance")
    )
    st = AnnualStatement(
        account=account,
        year=year,
        start=start,
        end=end,
        opening=opening,
        closing=rows[-1][3] if rows else opening,
        complete=end < today,
    )
    labels = dict(LedgerType.choices)
    by_type: dict[str, TypeLine] = {}
    for _, kind, fse, _ in rows:
        line = by_type.setdefault(kind, TypeLine(kind, labels.get(kind, kind), 0, ZERO))
        line.count += 1
        line.total += fse
    st.lines = sorted(by_type.values(), key=lambda line: line.code)

    # The interest entry: the one dated 30 June, else one credited before a closing withdrawal.
    interest_rows = [r for r in rows if r[1] == INTEREST]
    checked = next((r for r in interest_rows if r[0] == end), None) or (
        interest_rows[-1] if interest_rows else None
    )
    if checked is not None:
        st.interest_day, st.interest_stored = checked[0], checked[2]
        stop = end + dt.timedelta(days=1) if checked[0] == end else checked[0]
        others = [(d, f) for d, k, f, _ in rows if not (d == checked[0] and k == INTEREST)]
    elif st.complete:
        stop = end + dt.timedelta(days=1)
        others = [(d, f) for d, _, f, _ in rows]
    else:
        st.note = "本结息年度尚未结束，利息将于6月30日结计。"
        return st
    others = [(d, f) for d, f in others if d < stop]
    try:
        deposit_rate_on(start)
    except LookupError:
        st.note = (
            f"中心利率表自{DEPOSIT_RATES[0][0]:%Y年%m月%d日}起，"
            "该年度的利息无法按利率表核对，请以中心记账为准。"
        )
        return st
    st.working = interest_working(opening, others, start, stop)
    st.days = (stop - start).days
    return st
