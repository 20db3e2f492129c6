"""Newest-first keyset pages (messages, applications): a cursor is the last row's time and id."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from gjj.api.errors import ApiError

SEP = "~"


def cursor_of(moment: dt.datetime, pk: int) -> str:
    return f"{moment.isoformat()}{SEP}{pk}"


def bad_cursor() -> ApiError:
    return ApiError(400, "cursor 无效：请使用上一页返回的 next_cursor。", "bad_cursor")


def _decode(text: str) -> tuple[dt.datetime, int]:
    moment, _, pk = text.rpartition(SEP)
    try:
        value, number = dt.datetime.fromisoformat(moment), int(pk)
    except ValueError:
        raise bad_cursor() from None
    if value.tzinfo is None or not 0 < number < 2**63:
        raise bad_cursor()
    return value, number


def newest_first(qs: QuerySet, *, field: str, cursor: str | None, size: int):
    """(rows, next cursor) of `qs` ordered by (field, id) descending; one query."""
    if cursor:
        moment, pk = _decode(cursor)
        qs = qs.filter(Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "id__lt": pk}))
    rows = list(qs.order_by(f"-{field}", "-id")[: size + 1])
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    return rows, cursor_of(getattr(rows[-1], field), rows[-1].pk)
