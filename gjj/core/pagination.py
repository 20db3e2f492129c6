"""A small pager for history lists: "共N页 每页显示 10 共M条记录".

Two queries a page whatever the history length: one COUNT and one LIMIT/OFFSET slice. A page
number that is missing, not a number or out of range falls back to the nearest valid page
instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

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
    A list (a computed plan) pages the same way, without queries.
    """
    count = len(queryset) if isinstance(queryset, list | tuple) else queryset.count()
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
