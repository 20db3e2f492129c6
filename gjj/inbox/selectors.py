"""Reads of a depositor's messages; another person's message is a 404."""

from __future__ import annotations

from django.db.models import Count, Window
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


def message_latest_counted(*, person, state: str, limit: int = 5) -> tuple[list[Message], int]:
    """The latest `limit` messages and how many there are in all, in one query (a window count
    over the whole selection, computed before the limit)."""
    rows = list(
        message_queryset(person=person, state=state).annotate(total=Window(Count("id")))[:limit]
    )
    return rows, rows[0].total if rows else 0


def message_unread_count(*, person) -> int:
    return message_queryset(person=person, state=UNREAD).count()


def message_get(*, person, pk: int) -> Message:
    return get_object_or_404(Message, pk=pk, person=person, is_deleted=False)
