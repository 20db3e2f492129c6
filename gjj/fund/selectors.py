"""Reads for the fund information pages, always scoped to one depositor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404

from gjj.core.codes import AccountState
from gjj.core.pagination import Page, keyset_page
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.people.models import Person

LEDGER_PAGE_SIZE = 10


def account_list(*, person: Person) -> list[FundAccount]:
    return list(FundAccount.objects.filter(person=person).order_by("khrq", "id"))


def account_default(accounts: list[FundAccount]) -> FundAccount | None:
    """The normal (正常) account, else the newest one."""
    normal = [a for a in accounts if a.grzhzt == AccountState.NORMAL]
    if normal:
        return normal[-1]
    return accounts[-1] if accounts else None


def account_pick(accounts: list[FundAccount], grzh: str | None) -> FundAccount | None:
    """The account named by ?grzh= among the person's own ones; anything else is a 404."""
    if not grzh:
        return account_default(accounts)
    for account in accounts:
        if account.grzh == grzh:
            return account
    raise Http404("账户不存在")


# --- pages --------------------------------------------------------------------------------------


@dataclass
class LedgerRow:
    xh: int
    entry: LedgerEntry
    fse_abs: Decimal


def ledger_page(
    *,
    account: FundAccount,
    start: dt.date,
    end: dt.date,
    after: str | None = None,
    before: str | None = None,
    size: int = LEDGER_PAGE_SIZE,
    query: str = "",
) -> Page:
    """The account's entries booked from `start` to `end`, one keyset page, with 序号."""
    qs = LedgerEntry.objects.filter(account=account, jzrq__gte=start, jzrq__lte=end)
    page = keyset_page(
        qs, order=("jzrq", "ywlsh"), after=after, before=before, size=size, query=query
    )
    # The manual shows every 发生额 as a positive figure (a withdrawal of 14,100.00 too).
    page.rows = [
        LedgerRow(xh=page.before + i + 1, entry=e, fse_abs=abs(e.fse))
        for i, e in enumerate(page.rows)
    ]
    return page


@dataclass
class AccountCard:
    account: FundAccount
    monthly_total: Decimal


def basic_info(*, person: Person) -> list[AccountCard]:
    return [
        AccountCard(account=a, monthly_total=a.dwyjce + a.gryjce)
        for a in account_list(person=person)
    ]
