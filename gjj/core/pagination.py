"""The one pager: every list of the hall, its API and the staff queue pages through here.

A history or list in the database pages by **keyset** (`keyset_page`): the rows after (or
before) the last row seen, in the list's order, never `OFFSET`. The cursor in the URL is the
values of that row's ordering fields ("2017-01-01~3100000021-000001"). Beside the page's rows
(`size + 1` are read, so "next" is known without counting), one aggregate gives the range's
total, the rows before the page (序号 and 第x页 continue from it) and running sums — exact, or
capped at `cap` rows, or skipped (`count=False`: the API and the staff queue).

A computed list (a repayment plan, a calculator's plan) pages in memory (`list_page`), with page
numbers, since nothing is queried.

Both give a `Page`, shown by one template, `includes/pager.html`:
"共N页 每页显示 10 共M条记录 第x/y页 上一页 下一页".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db import models
from django.db.models import Count, Q, QuerySet, Sum

from gjj.core.money import ZERO

PER_PAGE = 10
CURSOR_SEP = "~"
CURSOR_KEY_MAX = 40  # the length of a 业务流水号
PAGE_PARAMS = frozenset({"after", "before", "page"})


@dataclass
class Page:
    rows: list
    size: int
    total: int | None = None  # None when not counted
    before: int = 0  # rows of the range before this page (序号 continues from here)
    number: int = 1
    pages: int = 1
    capped: bool = False  # `total` is the cap: there are more
    prev_cursor: str | None = None
    next_cursor: str | None = None
    prev_number: int | None = None
    next_number: int | None = None
    query: str = ""  # the list's other GET parameters, urlencoded, kept in the links
    extra: dict = field(default_factory=dict)

    @property
    def numbered(self) -> list[tuple[int, Any]]:
        """(序号, row) pairs for a table."""
        return list(enumerate(self.rows, start=self.before + 1))

    def _url(self, name: str, value) -> str:
        tail = urlencode({name: value})
        return f"?{self.query}&{tail}" if self.query else f"?{tail}"

    @property
    def prev_url(self) -> str:
        if self.prev_cursor:
            return self._url("before", self.prev_cursor)
        return self._url("page", self.prev_number) if self.prev_number else ""

    @property
    def next_url(self) -> str:
        if self.next_cursor:
            return self._url("after", self.next_cursor)
        return self._url("page", self.next_number) if self.next_number else ""


def kept_query(query: Mapping | str | None) -> str:
    """A list's own GET parameters (the filters), without the pager's."""
    if query is None or isinstance(query, str):
        return query or ""
    return urlencode([(k, v) for k, v in query.items() if k not in PAGE_PARAMS])


def numbered(items) -> list[tuple[int, Any]]:
    """(序号, item) pairs of a short list shown whole (the home page's tables)."""
    return list(enumerate(items, start=1))


# --- computed lists ------------------------------------------------------------------------


def parse_page_number(value: Any) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def list_page(items: Sequence, *, page: Any = 1, size: int = PER_PAGE, query=None) -> Page:
    """One page of a list computed in memory; a page number missing, not a number or out of
    range falls back to the nearest page."""
    total = len(items)
    pages = max(1, -(-total // size))
    number = min(parse_page_number(page), pages)
    return Page(
        rows=list(items[(number - 1) * size : number * size]),
        size=size,
        total=total,
        before=(number - 1) * size,
        number=number,
        pages=pages,
        prev_number=number - 1 if number > 1 else None,
        next_number=number + 1 if number < pages else None,
        query=kept_query(query),
    )


# --- keyset paging -------------------------------------------------------------------------


def cursor_encode(*values) -> str:
    return CURSOR_SEP.join(v.isoformat() if hasattr(v, "isoformat") else str(v) for v in values)


def _parse_value(model_field, text: str):
    if isinstance(model_field, models.DateTimeField):
        value = dt.datetime.fromisoformat(text)
        if value.tzinfo is None:
            raise ValueError(text)
        return value
    if isinstance(model_field, models.DateField):
        return dt.date.fromisoformat(text)
    if isinstance(model_field, models.IntegerField | models.AutoField):
        value = int(text)
        if not 0 <= value < 2**63:
            raise ValueError(text)
        return value
    # A key such as a 业务流水号: printable and short (PostgreSQL refuses a NUL byte).
    if len(text) > CURSOR_KEY_MAX or not text.isprintable():
        raise ValueError(text)
    return text


def cursor_decode(text: str | None, fields: Sequence | None = None) -> tuple | None:
    """The values of a cursor from the URL for the ordering `fields` (model fields), or None
    when it is missing or malformed (then the first page is shown). Without `fields`: a
    (date, key) cursor, the histories' kind."""
    if fields is None:
        fields = (models.DateField(), models.CharField())
    if not text or not isinstance(text, str):
        return None
    parts = text.split(CURSOR_SEP, len(fields) - 1)
    if len(parts) != len(fields):
        return None
    try:
        return tuple(_parse_value(f, p) for f, p in zip(fields, parts, strict=True))
    except (ValueError, OverflowError):
        return None


def _beyond(order: Sequence[str], values: Sequence, *, forward: bool) -> Q:
    """Rows strictly after (`forward`) or before the row with `values`, in `order`."""
    q = Q(pk__in=[])
    for i, spec in enumerate(order):
        name = spec.lstrip("-")
        ascending = not spec.startswith("-")
        op = "gt" if ascending == forward else "lt"
        equal = {o.lstrip("-"): v for o, v in zip(order[:i], values[:i], strict=True)}
        q |= Q(**equal, **{f"{name}__{op}": values[i]})
    return q


def _reverse(order: Sequence[str]) -> list[str]:
    return [o[1:] if o.startswith("-") else f"-{o}" for o in order]


def keyset_page(
    qs: QuerySet,
    *,
    order: Sequence[str],
    after: str | None = None,
    before: str | None = None,
    size: int = PER_PAGE,
    sums: tuple[str, ...] = (),
    count: bool = True,
    cap: int | None = None,
    query=None,
) -> Page:
    """One page of `qs` in `order` (model field names, "-" for descending; the last one unique,
    e.g. ("jzrq", "ywlsh") or ("-tssj", "-id")), after or before a cursor from the URL.

    Queries: the page's rows; and, when `count`, one aggregate over the range (its total, the
    rows before the page and, for each field in `sums`, its sum over those rows) — or, with a
    `cap`, two counts of at most `cap + 1` rows each, for lists that may be huge.
    """
    fields = [qs.model._meta.get_field(o.lstrip("-")) for o in order]
    attrs = [f.attname for f in fields]

    def values_of(row) -> tuple:
        return tuple(getattr(row, a) for a in attrs)

    after_cur, before_cur = cursor_decode(after, fields), cursor_decode(before, fields)
    if before_cur is not None:
        found = list(
            qs.filter(_beyond(order, before_cur, forward=False)).order_by(*_reverse(order))[
                : size + 1
            ]
        )
        more_before = len(found) > size
        rows = list(reversed(found[:size]))
    else:
        page_qs = qs.filter(_beyond(order, after_cur, forward=True)) if after_cur else qs
        found = list(page_qs.order_by(*order)[: size + 1])
        more_before = after_cur is not None
        rows = found[:size]
    more_after = len(found) > size if before_cur is None else True
    page = Page(rows=rows, size=size, query=kept_query(query))

    if count:
        if rows:
            before_q = _beyond(order, values_of(rows[0]), forward=False)
        elif after_cur is not None:  # past the end: everything up to the cursor is before
            before_q = ~_beyond(order, after_cur, forward=True)
        else:
            before_q = Q(pk__in=[])
        if cap is None:
            aggs = {"total": Count("pk"), "before": Count("pk", filter=before_q)}
            aggs.update({name: Sum(name, filter=before_q) for name in sums})
            summary = qs.order_by().aggregate(**aggs)
            total, count_before = summary.pop("total"), summary.pop("before")
            page.extra = {name: summary[name] or ZERO for name in sums}
        else:
            total = qs.order_by()[: cap + 1].count()
            count_before = qs.filter(before_q).order_by()[: cap + 1].count() if rows else 0
            page.capped = total > cap
            total = min(total, cap)
        page.total, page.before = total, min(count_before, total)
        page.pages = max(1, -(-total // size))
        page.number = min(page.pages, page.before // size + 1)
        more_before = page.before > 0
        more_after = page.before + len(rows) < total or page.capped and more_after
    if rows and more_before:
        page.prev_cursor = cursor_encode(*values_of(rows[0]))
    if rows and more_after:
        page.next_cursor = cursor_encode(*values_of(rows[-1]))
    return page
