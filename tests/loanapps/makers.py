"""A depositor ready to apply for a loan, a frozen clock, drafts, staff for every node."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

from django.apps import apps as django_apps

from gjj.applications import services as apps
from gjj.applications.models import Business
from gjj.core import pii
from gjj.loanapps import rules, services
from gjj.loans import rates
from gjj.loans.models import LoanPolicy, LoanRate
from tests.factories import make_account
from tests.withdrawals.makers import attach, ensure_defaults, freeze, make_staff  # noqa: F401

# 2026-03-16 10:00 China time: 张三 (born 1985-03-15) is 41, so the age limit 65 allows 24 years.
NOW = dt.datetime(2026, 3, 16, 10, 0)
NODES = ("受理", "初审", "复审", "签订合同", "抵押登记", "放款")
ROLES = ("受理", "初审", "复审", "签约", "抵押", "放款")


def ensure_loan_defaults() -> None:
    """The Business row, the role groups, the policy row and the rate table the migrations seed
    (a transactional test flushes them)."""
    ensure_defaults()
    if not Business.objects.filter(code="loan").exists():
        importlib.import_module("gjj.loanapps.migrations.0001_seed").seed(django_apps, None)
    if not LoanPolicy.objects.exists():
        LoanPolicy.objects.create()
    for row in rates.DEFAULT_RATES:
        LoanRate.objects.update_or_create(
            effective=row.effective,
            defaults=dict(
                first_le5=row.first_le5,
                first_gt5=row.first_gt5,
                second_le5=row.second_le5,
                second_gt5=row.second_gt5,
            ),
        )


def monthly_deposits(count: int, *, last=(2026, 2), amount="100.00"):
    """`count` monthly 汇缴 on the 5th, the last one in `last` (year, month)."""
    rows = []
    year, month = last
    for _ in range(count):
        rows.append((dt.date(year, month, 5), "01", amount))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return sorted(rows)


def depositor(person, *, balance="40000.00", months=24, grzhzt="01", **extra):
    """An account of `balance` whose last `months` months each had a 汇缴 (100.00)."""
    ensure_loan_defaults()
    runs = monthly_deposits(months)
    opening = Decimal(balance) - Decimal("100.00") * months
    entries = [(dt.date(2020, 1, 5), "08", str(opening)), *runs]
    return make_account(
        person,
        grzhzt=grzhzt,
        entries=entries,
        grckzhhm="6222021234561234",
        grckzhkhyhmc="中国工商银行",
        **extra,
    )


def loan_data(**overrides) -> dict:
    """A draft's content: 20 years, 等额本息, a first new home of 1,000,000, income 20,000."""
    data = {
        "ysr": "20000.00",
        "yzw": "0",
        "fj": "1000000.00",
        "tflx": rules.FIRST_HOME,
        "qx": 20,
        "hkfs": "01",
        "po": False,
        "poxm": "",
        "pozjhm": "",
        "pojc": False,
        "dkje": "300000.00",
        "fwzl": "薛城区泰山南路 1 号 2 单元 301 室",
        "fwmj": "89.50",
        "fwxz": rules.NEW_HOUSE,
    }
    spouse = overrides.pop("spouse", None)
    if spouse is not None:
        name, number, deposits = spouse
        data.update(po=True, poxm=name, pozjhm=pii.encrypt(number), pojc=deposits)
    data.update(overrides)
    return data


def draft(person, **overrides):
    return apps.draft_save(person=person, business="loan", data=loan_data(**overrides))


def attach_all(person, d):
    attach(person, d, *rules.REQUIRED_MATERIALS)


def submit(person, **overrides):
    d = draft(person, **overrides)
    attach_all(person, d)
    return services.loan_submit(person=person, draft=d)


def node_staff() -> dict[str, object]:
    """One staff login per node (one person never acts on two nodes)."""
    ensure_loan_defaults()
    return {
        node: make_staff(f"loan-{i}", role, name=f"{role}员")
        for i, (node, role) in enumerate(zip(NODES, ROLES, strict=True))
    }
