"""One function writes the audit trail."""

from __future__ import annotations

from typing import Any

from gjj.core.models import AuditEvent
from gjj.core.net import client_ip


def audit(
    action: str,
    *,
    outcome: str = AuditEvent.Outcome.OK,
    request=None,
    person=None,
    user=None,
    **detail: Any,
) -> AuditEvent:
    if user is None and request is not None and getattr(request, "user", None) is not None:
        if request.user.is_authenticated:
            user = request.user
    return AuditEvent.objects.create(
        action=action,
        outcome=outcome,
        person=person,
        user=user,
        ip=client_ip(request),
        detail=detail,
    )
