"""Reads of a depositor's messages; another person's message is a 404."""

from __future__ import annotations

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
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


def message_latest_both(*, person, limit: int = 5) -> tuple[list[Message], int, list[Message]]:
    """The home page's three lists in one query: the latest `limit` unread messages, how many
    unread there are in all, and the latest `limit` read ones (a row number and a count per
    state over the person's visible messages, kept up to `limit` rows a state)."""
    by_state = {"partition_by": [F("is_read")]}
    rows = (
        message_queryset(person=person)
        .annotate(
            rank=Window(RowNumber(), order_by=[F("tssj").desc(), F("id").desc()], **by_state),
            total=Window(Count("id"), **by_state),
        )
        .filter(rank__lte=limit)
    )
    unread: list[Message] = []
    read: list[Message] = []
    for row in rows:
        (read if row.is_read else unread).append(row)
    for part in (unread, read):
        part.sort(key=lambda m: m.rank)
    return unread, (unread[0].total if unread else 0), read


def message_unread_count(*, person) -> int:
    return message_queryset(person=person, state=UNREAD).count()


def message_get(*, person, pk: int) -> Message:
    return get_object_or_404(Message, pk=pk, person=person, is_deleted=False)
