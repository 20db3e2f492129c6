"""Query forms of the loan pages (the date range form is shared with the fund pages)."""

from gjj.fund.forms import DateRangeForm

# A loan runs at most 30 years: its pages accept a range that covers a whole loan.
LOAN_MAX_YEARS = 30

__all__ = ["DateRangeForm", "LOAN_MAX_YEARS"]
