"""贷款状态: the one rule that derives a loan's state from its facts and repayments.

The importer (gjj/interchange/loan_files.py) stores it in `LoanContract.dkzt`; the pages
(gjj/loans/selectors.py) derive it again for today. A pure function of plain values: no
queries, so a per-contract summary can be computed and cached from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal

from gjj.core.codes import LoanState, LoanTxnType
from gjj.loans.plan import add_months, due_date

# Transactions that pay an installment of the plan (a prepayment pays principal ahead of it):
# their 还款年月 counts as paid.
INSTALLMENT_TYPES = (LoanTxnType.NORMAL, LoanTxnType.OVERDUE, LoanTxnType.FUND_WITHDRAWAL)


def month_of(hkny: str | None) -> tuple[int, int] | None:
    """`202504` -> (2025, 4); None when it is not a month."""
    if not hkny or len(hkny) != 6 or not hkny.isdigit():
        return None
    year, month = int(hkny[:4]), int(hkny[4:])
    return (year, month) if 1 <= month <= 12 else None


def first_due_month(*, scyhny: str | None, start: dt.date) -> tuple[int, int]:
    """首次应还年月, else the month after `start` (the disbursement, or the signing before it)."""
    return month_of(scyhny) or add_months(start.year, start.month, 1)


def unpaid_months(
    *,
    first_due: tuple[int, int],
    periods: int,
    repay_day: int,
    paid_months: Collection[str],
    today: dt.date,
) -> list[str]:
    """The months of the term, from the first due one, whose due date is before `today` and
    which no installment repayment covers (the installment due today is not late yet)."""
    late = []
    for i in range(periods):
        year, month = add_months(*first_due, i)
        if due_date(year, month, repay_day) >= today:
            break
        hkny = f"{year:04d}{month:02d}"
        if hkny not in paid_months:
            late.append(hkny)
    return late


def loan_state(
    *,
    dkffrq: dt.date | None,
    dkye: Decimal,
    dkqs: int,
    ydhkr: int,
    scyhny: str | None,
    paid_months: Collection[str],
    today: dt.date,
    stored: str = "",
) -> str:
    """未发放 / 结清 / 逾期 / 正常还款 on `today`.

    - not disbursed: 未发放; no balance left (or the core system said 结清): 结清;
    - 逾期 when a month of the term is due before today and unpaid (`unpaid_months`), or when
      the core system's own state (`stored`, the last import) says 逾期;
    - else 正常还款.
    """
    if dkffrq is None:
        return LoanState.NOT_DISBURSED
    if dkye <= 0 or stored == LoanState.SETTLED:
        return LoanState.SETTLED
    first_due = first_due_month(scyhny=scyhny, start=dkffrq)
    late = unpaid_months(
        first_due=first_due, periods=dkqs, repay_day=ydhkr, paid_months=paid_months, today=today
    )
    if late or stored == LoanState.OVERDUE:
        return LoanState.OVERDUE
    return LoanState.REPAYING
