"""Newest-first pages of the API (messages, applications) through the one pager
(gjj.core.pagination.keyset_page, count-free): a cursor is the last row's time and id."""

from __future__ import annotations

from django.db.models import QuerySet

from gjj.api.errors import ApiError
from gjj.core.pagination import cursor_decode, keyset_page


def bad_cursor() -> ApiError:
    return ApiError(400, "cursor 无效：请使用上一页返回的 next_cursor。", "bad_cursor")


def newest_first(qs: QuerySet, *, field: str, cursor: str | None, size: int):
    """(rows, next cursor) of `qs` ordered by (field, id) descending; one query."""
    order = (f"-{field}", "-id")
    if cursor:
        fields = [qs.model._meta.get_field(name.lstrip("-")) for name in order]
        if cursor_decode(cursor, fields) is None:
            raise bad_cursor()
    page = keyset_page(qs, order=order, after=cursor, size=size, count=False)
    return page.rows, page.next_cursor
