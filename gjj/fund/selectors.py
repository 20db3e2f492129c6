"""Reads for the fund information pages, always scoped to one depositor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from gjj.core.codes import AccountState
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.identity.models import Person

LEDGER_PAGE_SIZE = 10


def person_for_user(user) -> Person:
    """The depositor behind a login; a staff login without a person gets a 404, not a 500."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        raise Http404("没有缴存人信息")
    return person


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


# --- keyset paging ------------------------------------------------------------------------------

CURSOR_SEP = "~"
CURSOR_KEY_MAX = 40  # the length of a 业务流水号


def cursor_encode(day: dt.date, key: str) -> str:
    return f"{day:%Y-%m-%d}{CURSOR_SEP}{key}"


def cursor_decode(text: str | None) -> tuple[dt.date, str] | None:
    """A cursor from the URL, or None when it is missing or malformed (then page 1 is shown).

    The key must look like a 业务流水号: printable and short (PostgreSQL refuses a NUL byte).
    """
    if not text or CURSOR_SEP not in text:
        return None
    day_text, key = text.split(CURSOR_SEP, 1)
    if len(key) > CURSOR_KEY_MAX or not key.isprintable():
        return None
    try:
        return dt.date.fromisoformat(day_text), key
    except ValueError:
        return None


@dataclass
class KeysetPage:
    rows: list
    total: int
    before: int  # rows of the range before this page (序号 continues from here)
    number: int
    pages: int
    prev_cursor: str | None = None
    next_cursor: str | None = None
    extra: dict = field(default_factory=dict)


def keyset_page(
    qs: QuerySet,
    *,
    date_field: str,
    key_field: str,
    after: str | None,
    before: str | None,
    size: int,
    sums: tuple[str, ...] = (),
) -> KeysetPage:
    """One page of `qs` ordered by (date_field, key_field), by keyset instead of OFFSET.

    Two queries whatever the length of the history: the page's rows, and one aggregate with the
    range's total, the count of rows before the page and, for each field in `sums`, its sum over
    the rows before the page (for running columns).
    """

    def lt(cur):
        d, k = cur
        return Q(**{f"{date_field}__lt": d}) | Q(**{date_field: d, f"{key_field}__lt": k})

    def gt(cur):
        d, k = cur
        return Q(**{f"{date_field}__gt": d}) | Q(**{date_field: d, f"{key_field}__gt": k})

    after_cur, before_cur = cursor_decode(after), cursor_decode(before)
    if before_cur is not None:
        desc = (f"-{date_field}", f"-{key_field}")
        rows = list(reversed(qs.filter(lt(before_cur)).order_by(*desc)[:size]))
    else:
        page_qs = qs.filter(gt(after_cur)) if after_cur is not None else qs
        rows = list(page_qs.order_by(date_field, key_field)[:size])
    if rows:
        first = (getattr(rows[0], date_field), getattr(rows[0], key_field))
        before_q = lt(first)
    elif after_cur is not None:  # past the end: everything up to the cursor is before
        before_q = ~gt(after_cur)
    else:
        before_q = Q(pk__in=[])
    aggs = {"total": Count("pk"), "before": Count("pk", filter=before_q)}
    for name in sums:
        aggs[name] = Sum(name, filter=before_q)
    summary = qs.order_by().aggregate(**aggs)
    total, count_before = summary.pop("total"), summary.pop("before")
    pages = max(1, -(-total // size))
    page = KeysetPage(
        rows=rows,
        total=total,
        before=count_before,
        number=min(pages, count_before // size + 1),
        pages=pages,
        extra={name: summary[name] or Decimal("0.00") for name in sums},
    )
    if rows and count_before:
        page.prev_cursor = cursor_encode(*first)
    if rows and count_before + len(rows) < total:
        last = rows[-1]
        page.next_cursor = cursor_encode(getattr(last, date_field), getattr(last, key_field))
    return page


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
) -> KeysetPage:
    """The account's entries booked from `start` to `end`, one keyset page, with 序号."""
    qs = LedgerEntry.objects.filter(account=account, jzrq__gte=start, jzrq__lte=end)
    page = keyset_page(
        qs, date_field="jzrq", key_field="ywlsh", after=after, before=before, size=size
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
