"""Query forms of the loan pages (the date range form is shared with the fund pages)."""

import datetime as dt

from gjj.fund.forms import DateRangeForm

# A loan runs at most 30 years: its pages accept a range that covers a whole loan.
LOAN_MAX_YEARS = 30

__all__ = ["DateRangeForm", "LOAN_MAX_YEARS", "plan_range_form", "repayment_range_form"]


def repayment_range_form(data, *, contract, today: dt.date) -> DateRangeForm:
    """还款明细's range: from the disbursement to today unless asked."""
    return DateRangeForm(
        data,
        default_start=contract.dkffrq,
        default_end=max(today, contract.dkffrq),
        max_years=LOAN_MAX_YEARS,
    )


def plan_range_form(data, *, today: dt.date) -> DateRangeForm:
    """还款计划's range: this calendar year unless asked."""
    return DateRangeForm(
        data,
        default_start=dt.date(today.year, 1, 1),
        default_end=dt.date(today.year, 12, 31),
        max_years=LOAN_MAX_YEARS,
    )
