"""Reads of a depositor's messages; another person's message is a 404."""

from __future__ import annotations

from django.db import connection
from django.shortcuts import get_object_or_404

from gjj.inbox.models import Message

UNREAD = "unread"
READ = "read"


MESSAGE_ORDER = ("-tssj", "-id")  # newest first (the table's index)


def message_queryset(*, person, state: str | None = None):
    """Visible (not deleted) messages of `person`, newest first; `state`: unread / read / all."""
    qs = Message.objects.filter(person=person, is_deleted=False)
    if state == UNREAD:
        qs = qs.filter(is_read=False)
    elif state == READ:
        qs = qs.filter(is_read=True)
    return qs.order_by(*MESSAGE_ORDER)


def message_latest(*, person, state: str, limit: int = 5) -> list[Message]:
    return list(message_queryset(person=person, state=state)[:limit])


def _quoted(*names: str) -> list[str]:
    """The quoted table and column names of Message fields: SQL is built from the model's
    _meta only, the values are parameters."""
    qn = connection.ops.quote_name
    meta = Message._meta
    return [qn(meta.db_table), *(qn(meta.get_field(n).column) for n in names)]


def _latest_both_sql() -> str:
    """The query of `message_latest_both`, from the model's own table and column names."""
    columns = ", ".join(connection.ops.quote_name(f.column) for f in Message._meta.concrete_fields)
    table, is_read, tssj, pk, person, deleted = _quoted(
        "is_read", "tssj", "id", "person", "is_deleted"
    )
    return (
        f"SELECT * FROM (SELECT {columns}, "  # noqa: S608
        f"ROW_NUMBER() OVER (PARTITION BY {is_read} ORDER BY {tssj} DESC, {pk} DESC) AS rank, "
        f"COUNT(*) OVER (PARTITION BY {is_read}) AS total "
        f"FROM {table} WHERE {person} = %s AND {deleted} = %s) AS latest "
        f"WHERE rank <= %s"
    )


def message_latest_both(*, person, limit: int = 5) -> tuple[list[Message], int, list[Message]]:
    """The home page's three lists in one query: the latest `limit` unread messages, how many
    unread there are in all, and the latest `limit` read ones (a row number and a count per
    read state over the person's visible messages, kept up to `limit` rows a state).

    Written as SQL (the model's fields still converted as usual): the same query built by the
    ORM (a window filter) cost seven times the Python calls, more than two plain queries."""
    rows = Message.objects.raw(_latest_both_sql(), [person.pk, False, limit])
    unread: list[Message] = []
    read: list[Message] = []
    for row in rows:
        (read if row.is_read else unread).append(row)
    for part in (unread, read):
        part.sort(key=lambda m: m.rank)
    return unread, (unread[0].total if unread else 0), read


def message_state(*, person) -> tuple[int, tuple]:
    """(unread count, state): what the person's visible messages are now, in one aggregate. The
    state changes whenever a message arrives, is read or deleted (a message is read once and
    never unread again): the home page keeps its message lists under it (gjj/core/kept.py).
    Written as SQL for the same reason as `message_latest_both`: the ORM's aggregate cost more
    than the rest of a kept home page."""
    with connection.cursor() as cursor:
        cursor.execute(_state_sql(), [False, person.pk, False])
        count, unread, last, read_ids, last_read = cursor.fetchone()
    return unread or 0, (count, unread, last, read_ids, str(last_read))


def _state_sql() -> str:
    table, is_read, pk, read_at, person, deleted = _quoted(
        "is_read", "id", "read_at", "person", "is_deleted"
    )
    return (
        f"SELECT COUNT(*), SUM(CASE WHEN {is_read} = %s THEN 1 ELSE 0 END), MAX({pk}), "  # noqa: S608
        f"SUM(CASE WHEN {is_read} THEN {pk} ELSE 0 END), MAX({read_at}) "
        f"FROM {table} WHERE {person} = %s AND {deleted} = %s"
    )


def message_unread_count(*, person) -> int:
    return message_queryset(person=person, state=UNREAD).count()


def message_get(*, person, pk: int) -> Message:
    return get_object_or_404(Message, pk=pk, person=person, is_deleted=False)
