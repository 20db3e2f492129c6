"""The annual statement equals the interest engine for every 结息年度 of every account of a
generated demo population, and the stored interest rows agree with it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from gjj.core.codes import LedgerType
from gjj.fund.interest import accrued_interest_to, annual_interest
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.fund.statement import annual_statement, statement_years

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def population(tmp_path):
    with time_machine.travel(dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC), tick=False):
        call_command(
            "demo_data",
            "--out",
            str(tmp_path),
            "--persons",
            "30",
            "--seed",
            "5",
            stdout=io.StringIO(),
        )
        call_command("import_core", str(tmp_path), stdout=io.StringIO())
    return tmp_path


def _engine(st, rows):
    """The interest by the engine's public functions, from the raw ledger rows."""
    start = st.start
    if st.interest_day == st.end or st.interest_day is None:
        entries = [(d, f) for d, k, f in rows if not (d == st.end and k == "09")]
        return annual_interest(st.opening, entries, st.end)
    entries = [(d, f) for d, k, f in rows if d < st.interest_day]
    return accrued_interest_to(st.opening, entries, start, st.interest_day)


def test_every_interest_year_of_every_account_agrees_with_the_engine(population):
    checked = stored_checked = 0
    accounts = list(FundAccount.objects.all())
    assert len(accounts) >= 30
    for account in accounts:
        entries = list(
            LedgerEntry.objects.filter(account=account)
            .order_by("jzrq", "ywlsh")
            .values_list("jzrq", "gjhtqywlx", "fse", "balance")
        )
        last_day = entries[-1][0] if entries else None
        for year in statement_years(account, today=TODAY, last_day=last_day):
            st = annual_statement(account=account, year=year, today=TODAY)
            rows = [(d, k, f) for d, k, f, _ in entries if st.start <= d <= st.end]
            # The movements add up: opening + every movement = closing.
            assert st.opening + sum(line.total for line in st.lines) == st.closing
            assert sum(line.count for line in st.lines) == len(rows)
            if st.working is None:
                continue
            checked += 1
            assert st.working.interest == _engine(st, rows)
            # 积数 × rate / 36000, rounded, is the interest printed.
            assert st.working.product >= 0
            if st.interest_stored is not None:
                stored_checked += 1
            assert st.matches is True, (account.grzh, year, st.interest_stored, st.working)
    assert checked > 100
    assert stored_checked > 100
    # Every stored 30 June interest row since the rate table began was checked.
    june_rows = LedgerEntry.objects.filter(
        gjhtqywlx=LedgerType.YEAR_END_INTEREST, jzrq__gte=dt.date(2016, 7, 1)
    ).count()
    assert stored_checked >= june_rows
