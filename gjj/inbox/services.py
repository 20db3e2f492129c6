"""Writes on messages. A deleted message is hidden, never destroyed (kept for audit)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gjj.core.audit import audit
from gjj.inbox.models import Message


@transaction.atomic
def message_delete(*, message: Message, request=None) -> bool:
    """Hide the message; False when it was already hidden (a double click)."""
    changed = Message.objects.filter(pk=message.pk, is_deleted=False).update(
        is_deleted=True, deleted_at=timezone.now()
    )
    if changed:
        audit("message_delete", request=request, person=message.person, xxid=message.xxid)
    return bool(changed)


@transaction.atomic
def message_mark_read(*, message: Message) -> bool:
    """Move the message to 已阅; False when it was already read."""
    changed = Message.objects.filter(pk=message.pk, is_read=False, is_deleted=False).update(
        is_read=True, read_at=timezone.now()
    )
    return bool(changed)
