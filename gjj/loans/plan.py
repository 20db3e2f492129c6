"""Loan money engine: rates, repayment plans, prepayment, overdue penalty (domain.md §5).

Pure Python on `Decimal`; no Django. Every stored figure is rounded by `gjj.core.money.round_fen`.
Rates are annual percentages (`Decimal("3.10")` means 3.10 % a year); the monthly rate is
rate / 1200. Method and mode codes are the strings of domain.md §2: 等额本息 "01", 等额本金 "02";
prepayment 缩短期限 "01", 减少月还款额 "02", 提前结清 "03".
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext

from gjj.core.money import ZERO, round_fen, to_decimal

EQUAL_INSTALLMENT = "01"  # 等额本息
EQUAL_PRINCIPAL = "02"  # 等额本金

SHORTEN_TERM = "01"  # 缩短期限（月还款额不变）
REDUCE_INSTALLMENT = "02"  # 减少月还款额（期限不变）
SETTLE = "03"  # 提前结清

PENALTY_MULTIPLIER = Decimal("1.5")

_PREC = 50  # working precision for the annuity formula; results are rounded to the fen

Money = Decimal | int | str


@dataclass(frozen=True)
class Installment:
    """One row of a repayment plan (还款计划)."""

    period: int
    due_date: date
    hkny: str  # 应还年月, YYYYMM of the due date
    principal: Decimal
    interest: Decimal
    total: Decimal
    balance_after: Decimal


# --- dates ---------------------------------------------------------------------------------------


def due_date(year: int, month: int, day: int) -> date:
    """The agreed repayment day of a month, clamped to the month's last day (31 -> 28 Feb)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def add_months(year: int, month: int, count: int) -> tuple[int, int]:
    """(year, month) moved by `count` months (negative moves back)."""
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


# --- payment and plans ---------------------------------------------------------------------------


def monthly_rate(annual_rate_percent: Money) -> Decimal:
    """Monthly rate r = annual rate % / 1200 (to 50 digits)."""
    with localcontext() as ctx:
        ctx.prec = _PREC
        return to_decimal(annual_rate_percent) / 1200


def period_interest(balance: Money, annual_rate_percent: Money) -> Decimal:
    """One period's interest, round(balance × r), computed as balance × rate / 1200.

    Multiplying first and dividing once keeps an exact half fen exact, so it rounds up.
    """
    with localcontext() as ctx:
        ctx.prec = _PREC
        exact = to_decimal(balance) * to_decimal(annual_rate_percent) / 1200
    return round_fen(exact)


def monthly_payment(principal: Money, annual_rate_percent: Money, months: int) -> Decimal:
    """等额本息 installment M = P·r·(1+r)^n / ((1+r)^n − 1), rounded half up to the fen."""
    if months < 1:
        raise ValueError("months must be at least 1")
    p = to_decimal(principal)
    with localcontext() as ctx:
        ctx.prec = _PREC
        r = monthly_rate(annual_rate_percent)
        if r == 0:
            return round_fen(p / months)
        growth = (1 + r) ** months
        exact = p * r * growth / (growth - 1)
    return round_fen(exact)


def build_plan(
    *,
    principal: Money,
    annual_rate: Money,
    months: int,
    method: str,
    first_due: date | tuple[int, int],
    repay_day: int | None = None,
    start_period: int = 1,
    rows: int | None = None,
) -> list[Installment]:
    """The repayment plan of a loan (or of its unpaid part after a rate change or prepayment).

    `first_due` is the first due month, as a date or (year, month); `repay_day` (约定还款日)
    defaults to the day of `first_due` when that is a date. Periods are numbered from
    `start_period`. Interest each period is round(balance × r); the last period pays the whole
    remaining balance. `rows`: only the first rows of the plan (the same figures), for a caller
    that needs the installment in force and not the whole term.
    """
    p = round_fen(principal)
    if method == EQUAL_INSTALLMENT:
        return _amortize(
            p,
            annual_rate,
            months,
            monthly_payment(p, annual_rate, months),
            first_due,
            repay_day,
            start_period,
            rows=rows,
        )
    if method == EQUAL_PRINCIPAL:
        return _equal_principal(
            p, annual_rate, months, first_due, repay_day, start_period, rows=rows
        )
    raise ValueError(f"unknown repayment method {method!r}")


def total_interest(plan: Iterable[Installment]) -> Decimal:
    """Sum of the interest column."""
    return sum((row.interest for row in plan), ZERO)


def _due_dates(first_due: date | tuple[int, int], repay_day: int | None, months: int) -> list[date]:
    if isinstance(first_due, date):
        year, month = first_due.year, first_due.month
        day = first_due.day if repay_day is None else repay_day
    else:
        year, month = first_due
        if repay_day is None:
            raise ValueError("repay_day is required when first_due is (year, month)")
        day = repay_day
    if not 1 <= day <= 31:
        raise ValueError("repay_day must be 1..31")
    return [due_date(*add_months(year, month, i), day) for i in range(months)]


def _row(
    period: int, due: date, principal: Decimal, interest: Decimal, balance: Decimal
) -> Installment:
    return Installment(
        period=period,
        due_date=due,
        hkny=f"{due.year:04d}{due.month:02d}",
        principal=principal,
        interest=interest,
        total=principal + interest,
        balance_after=balance,
    )


def _amortize(
    balance: Decimal,
    annual_rate: Money,
    months: int,
    installment: Decimal,
    first_due: date | tuple[int, int],
    repay_day: int | None,
    start_period: int,
    rows: int | None = None,
) -> list[Installment]:
    """Pay `installment` each period; the last period pays what remains (等额本息)."""
    if months < 1:
        raise ValueError("months must be at least 1")
    dates = _due_dates(first_due, repay_day, months if rows is None else min(rows, months))
    plan = []
    for i, due in enumerate(dates):
        interest = period_interest(balance, annual_rate)
        if i == months - 1:
            principal = balance
        else:
            # Never below zero nor past the balance, whatever the rounding does.
            principal = min(max(installment - interest, ZERO), balance)
        balance -= principal
        plan.append(_row(start_period + i, due, principal, interest, balance))
    return plan


def _equal_principal(
    balance: Decimal,
    annual_rate: Money,
    months: int,
    first_due: date | tuple[int, int],
    repay_day: int | None,
    start_period: int,
    each: Decimal | None = None,
    rows: int | None = None,
) -> list[Installment]:
    """Pay `each` principal a period (default round(balance / months)); the last pays the rest."""
    if months < 1:
        raise ValueError("months must be at least 1")
    if each is None:
        each = round_fen(balance / months)
    dates = _due_dates(first_due, repay_day, months if rows is None else min(rows, months))
    plan = []
    for i, due in enumerate(dates):
        interest = period_interest(balance, annual_rate)
        principal = balance if i == months - 1 else min(each, balance)
        balance -= principal
        plan.append(_row(start_period + i, due, principal, interest, balance))
    return plan


# --- prepayment ----------------------------------------------------------------------------------


def replan_after_prepayment(
    *,
    balance: Money,
    annual_rate: Money,
    remaining_months: int,
    method: str,
    mode: str,
    old_installment: Installment | Money,
    first_due: date | tuple[int, int],
    repay_day: int | None = None,
    start_period: int = 1,
) -> list[Installment]:
    """The unpaid part of the plan after a prepayment (domain.md §5.3).

    `balance` is the balance after the prepayment, `remaining_months` the periods left in the
    old plan, `old_installment` the old plan's next row (or the amount it keeps: 等额本息 the
    installment M, 等额本金 the monthly principal).

    - "01" 缩短期限: the kept amount is paid each period for the fewest periods that fit
      (`shortened_term`); the last period absorbs the residue.
    - "02" 减少月还款额: the same periods, recomputed on the new balance.
    - "03" 提前结清: an empty plan.
    """
    if mode == SETTLE:
        return []
    b = round_fen(balance)
    if b <= 0:
        return []
    if mode == REDUCE_INSTALLMENT:
        return build_plan(
            principal=b,
            annual_rate=annual_rate,
            months=remaining_months,
            method=method,
            first_due=first_due,
            repay_day=repay_day,
            start_period=start_period,
        )
    if mode != SHORTEN_TERM:
        raise ValueError(f"unknown prepayment mode {mode!r}")
    keep = _kept_amount(old_installment, method)
    months = shortened_term(b, annual_rate, remaining_months, method, keep)
    if method == EQUAL_INSTALLMENT:
        return _amortize(b, annual_rate, months, keep, first_due, repay_day, start_period)
    return _equal_principal(b, annual_rate, months, first_due, repay_day, start_period, each=keep)


def shortened_term(
    balance: Money, annual_rate: Money, remaining_months: int, method: str, keep: Money
) -> int:
    """The 缩短期限 term: the fewest periods, at most remaining_months, that fit the kept amount.

    等额本息: the fewest n whose installment M(balance, n) does not exceed `keep` (the old M).
    等额本金: the fewest n whose monthly principal does not exceed `keep` (the old principal),
    i.e. ceil(balance / keep). When nothing fits, the term stays.
    """
    b = round_fen(balance)
    k = round_fen(keep)
    if k <= 0:
        raise ValueError("the kept installment must be positive")
    if method == EQUAL_PRINCIPAL:
        return max(1, min(remaining_months, math.ceil(b / k)))
    if method != EQUAL_INSTALLMENT:
        raise ValueError(f"unknown repayment method {method!r}")
    # M falls as n grows: binary search for the first n that fits.
    low, high = 1, remaining_months
    if monthly_payment(b, annual_rate, high) > k:
        return remaining_months
    while low < high:
        mid = (low + high) // 2
        if monthly_payment(b, annual_rate, mid) <= k:
            high = mid
        else:
            low = mid + 1
    return low


def _kept_amount(old: Installment | Money, method: str) -> Decimal:
    if not isinstance(old, Installment):
        return round_fen(old)
    return old.principal if method == EQUAL_PRINCIPAL else old.total


def accrued_interest(balance: Money, annual_rate: Money, from_date: date, to_date: date) -> Decimal:
    """Interest accrued on `balance` from `from_date` (the last due date) to `to_date`.

    Day count: actual days / 360, counting the first day and not the last (算头不算尾), the
    same convention as the deposit 积数法 and the penalty interest; a payment on the due date
    itself accrues nothing. For a partial prepayment pass the prepaid principal: the balance
    that stays pays its full month's interest at the next due date. For 提前结清 pass the
    whole balance.
    """
    days = (to_date - from_date).days
    if days < 0:
        raise ValueError("to_date is before from_date")
    with localcontext() as ctx:
        ctx.prec = _PREC
        exact = to_decimal(balance) * to_decimal(annual_rate) * days / 36000
    return round_fen(exact)


# --- overdue -------------------------------------------------------------------------------------


def overdue_installments(
    plan: Iterable[Installment], *, paid_through_period: int, today: date
) -> list[Installment]:
    """Installments after `paid_through_period` whose due date has passed (due_date < today).

    An installment is not overdue on its own due date.
    """
    return [row for row in plan if row.period > paid_through_period and row.due_date < today]


def penalty_interest(
    overdue_amount: Money,
    annual_rate: Money,
    days: int,
    multiplier: Money = PENALTY_MULTIPLIER,
) -> Decimal:
    """罚息 = round((overdue principal + interest) × rate % × multiplier / 360 × days)."""
    if days < 0:
        raise ValueError("days must not be negative")
    with localcontext() as ctx:
        ctx.prec = _PREC
        product = to_decimal(overdue_amount) * to_decimal(annual_rate) * to_decimal(multiplier)
        exact = product * days / 36000
    return round_fen(exact)


def penalty_due(
    overdue: Iterable[Installment],
    annual_rate: Money,
    today: date,
    multiplier: Money = PENALTY_MULTIPLIER,
) -> Decimal:
    """Total penalty on overdue installments: each one's total × its days overdue, rounded each."""
    return sum(
        (
            penalty_interest(row.total, annual_rate, (today - row.due_date).days, multiplier)
            for row in overdue
            if row.due_date < today
        ),
        ZERO,
    )
