"""A borrower with a loan on time and a fund account, on a frozen clock."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

from django.apps import apps as django_apps

from gjj.applications.models import Business
from gjj.prepayments import services
from tests.loans.test_schedule_page import on_time_loan
from tests.withdrawals.makers import ensure_defaults as withdrawal_defaults
from tests.withdrawals.makers import freeze, funded_account

D = Decimal
JKHTBH = "01202501100001"
TODAY = dt.datetime(2026, 1, 12, 10, 0)  # a Monday, 2 days after the 10th due date


def ensure_defaults() -> None:
    withdrawal_defaults()
    if not Business.objects.filter(code="prepayment").exists():
        importlib.import_module("gjj.prepayments.migrations.0001_seed").seed(django_apps, None)


def domain_loan(person, *, jkhtbh=JKHTBH, paid=12):
    """500,000 · 3.10 % · 240 · 等额本息, disbursed 2025-01-10, due on the 10th, `paid`
    installments repaid (202502 …): 481,663.98 left after 12 (tests/loans/test_whatif.py)."""
    ensure_defaults()
    return on_time_loan(person, months_paid=paid, day=10, jkhtbh=jkhtbh)


def borrower(person, monkeypatch, *, balance="150000.00", when=TODAY):
    freeze(monkeypatch, when)
    loan = domain_loan(person)
    account = funded_account(person, balance=balance)
    return loan, account


def submit(person, loan, *, mode="02", amount="100000", on=dt.date(2026, 1, 12), source="1",
           fund=None, token=None):  # fmt: skip
    return services.prepayment_submit(
        person=person,
        contract=loan,
        mode=mode,
        amount=None if mode == "03" else D(amount),
        on=on,
        source=source,
        fund_amount=None if fund is None else D(fund),
        token=token or services.new_token(person),
    )


def long_loan(person, *, jkhtbh="01201512100001"):
    """A loan with a longer history: 400,000 · 3.25 % · 360 · 等额本息 disbursed 2015-12-10, the
    121 installments 201601 … 202601 repaid on time (for the query counts' second size)."""
    from gjj.loans.plan import build_plan
    from tests.factories import make_loan
    from tests.loans.test_schedule_page import repayment

    ensure_defaults()
    schedule = build_plan(
        principal=D("400000.00"), annual_rate=D("3.25"), months=360, method="01",
        first_due=dt.date(2016, 1, 10),
    )  # fmt: skip
    paid = schedule[:121]
    return make_loan(
        person,
        jkhtbh=jkhtbh,
        htdkje=D("400000.00"),
        dkqs=360,
        dkll=D("3.25"),
        jkhtqdrq=dt.date(2015, 12, 1),
        disbursed=dt.date(2015, 12, 10),
        ydhkr=10,
        dkye=paid[-1].balance_after,
        txns=[
            dict(ywfsrq=dt.date(2015, 12, 10), dkywmxlx="01", ffje=D("400000.00")),
            *(repayment(r.hkny, r.principal, r.interest, r.due_date) for r in paid),
        ],
    )
