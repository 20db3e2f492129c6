"""Test factories: persons (encrypted ID numbers), accounts with a consistent ledger, loans."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from gjj.core.idcard import check_char
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.identity.models import User
from gjj.loans.models import LoanContract, LoanTxn
from gjj.people.models import Person

PASSWORD = "Gjj-hall-2026!"
_seq = itertools.count(1)


def make_id_number(birth: str = "19900101", region: str = "370402", seq: int | None = None) -> str:
    """A valid GB 11643 number (check character computed)."""
    n = seq if seq is not None else next(_seq)
    first17 = f"{region}{birth}{n % 1000:03d}"
    return first17 + check_char(first17)


def make_person(
    *, name="张三", id_number=None, phone="18712349858", password=PASSWORD, registered=True, **extra
) -> Person:
    person = Person(zjlx="01", xingming=name, **extra)
    person.zjhm = id_number or make_id_number()
    person.sjhm = phone or ""
    if registered:
        user = User.objects.create_user(username=f"p-{person.zjhm_digest[:20]}", password=password)
        person.user = user
    person.save()
    return person


def make_account(person: Person, *, grzh=None, grzhzt="01", entries=(), **extra) -> FundAccount:
    """An account with ledger entries given as (date, type, fse[, tqyy, tqfs]) tuples."""
    fields = dict(
        grzh=grzh or f"31{next(_seq):08d}",
        dwzh="10001",
        dwmc="枣庄示例单位",
        grzhzt=grzhzt,
        khrq=dt.date(2016, 7, 1),
        grjcjs=Decimal("1808.00"),
        dwjcbl=Decimal("12"),
        grjcbl=Decimal("7"),
        dwyjce=Decimal("216.96"),
        gryjce=Decimal("126.56"),
        jzny="",
        grzhye=Decimal("0.00"),
    )
    fields.update(extra)
    account = FundAccount.objects.create(person=person, **fields)
    balance = Decimal("0.00")
    rows = []
    for i, (day, kind, fse, *rest) in enumerate(entries):
        balance += Decimal(fse)
        rows.append(
            LedgerEntry(
                ywlsh=f"{account.grzh}-{i:06d}",
                account=account,
                jzrq=day,
                gjhtqywlx=kind,
                fse=Decimal(fse),
                tqyy=rest[0] if rest else "",
                tqfs=rest[1] if len(rest) > 1 else "",
                balance=balance,
            )
        )
    LedgerEntry.objects.bulk_create(rows)
    account.grzhye = balance
    account.save(update_fields=["grzhye"])
    return account


def make_loan(person: Person, *, jkhtbh=None, disbursed=dt.date(2017, 2, 9), txns=(), **extra):
    fields = dict(
        jkhtbh=jkhtbh or f"0120170209{next(_seq):04d}",
        dkzh=f"2015{next(_seq):08d}",
        htdkje=Decimal("1000.00"),
        dkqs=360,
        dkll=Decimal("3.30"),
        dkhkfs="01",
        swtyhmc="工行薛城支行",
        jkhtqdrq=dt.date(2017, 2, 1),
        dkffrq=disbursed,
        ydhkr=9,
        dkye=Decimal("1000.00") if disbursed else Decimal("0.00"),
        dkzt="01" if disbursed else "00",
    )
    fields.update(extra)
    loan = LoanContract.objects.create(person=person, **fields)
    LoanTxn.objects.bulk_create(
        [LoanTxn(ywlsh=f"{loan.jkhtbh}-{i:04d}", contract=loan, **t) for i, t in enumerate(txns)]
    )
    return loan
