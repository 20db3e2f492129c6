"""Query limits of the loan pages (the date range form is `gjj.core.forms.DateRangeForm`)."""

# A loan runs at most 30 years: its pages accept a range that covers a whole loan.
LOAN_MAX_YEARS = 30
