"""A small pager for history lists: "共N页 每页显示 10 共M条记录".

Two queries a page whatever the history length: one COUNT and one LIMIT/OFFSET slice. A page
number that is missing, not a number or out of range falls back to the nearest valid page
instead of failing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet, Sum

from gjj.core.money import ZERO

PER_PAGE = 10


@dataclass
class Page:
    items: list[Any]
    number: int
    num_pages: int
    count: int
    per_page: int
    query: dict[str, str] = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def start_index(self) -> int:
        """序号 of the first row on this page (1-based)."""
        return (self.number - 1) * self.per_page + 1 if self.count else 0

    def rows(self):
        """(序号, item) pairs for the table."""
        return list(enumerate(self.items, start=self.start_index))

    def url_for(self, number: int) -> str:
        """The query string of another page, keeping the other GET parameters."""
        params = {**self.query, "page": str(number)}
        return "?" + urlencode(params)

    @property
    def previous_url(self) -> str:
        return self.url_for(self.number - 1)

    @property
    def next_url(self) -> str:
        return self.url_for(self.number + 1)

    @property
    def first_url(self) -> str:
        return self.url_for(1)

    @property
    def last_url(self) -> str:
        return self.url_for(self.num_pages)


def parse_page_number(value: Any) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def paginate(queryset, *, page: Any = 1, per_page: int = PER_PAGE, query=None) -> Page:
    """Slice `queryset` (already ordered) to one page.

    `query` is the request's GET (a QueryDict or dict); its other parameters are kept in links.
    """
    count = queryset.count()
    num_pages = max(1, -(-count // per_page))
    number = min(parse_page_number(page), num_pages)
    offset = (number - 1) * per_page
    items = list(queryset[offset : offset + per_page])
    kept = {}
    if query is not None:
        kept = {k: v for k, v in query.items() if k != "page"}
    return Page(
        items=items, number=number, num_pages=num_pages, count=count, per_page=per_page, query=kept
    )


# --- keyset paging (histories) ------------------------------------------------------------

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
        extra={name: summary[name] or ZERO for name in sums},
    )
    if rows and count_before:
        page.prev_cursor = cursor_encode(*first)
    if rows and count_before + len(rows) < total:
        last = rows[-1]
        page.next_cursor = cursor_encode(getattr(last, date_field), getattr(last, key_field))
    return page
