"""Login lockout: the django-axes callables and the wait a locked account is shown.

django-axes locks one account (ID number and phone of a person count as one) from one IP after
AXES_FAILURE_LIMIT failures; gjj/identity/throttle.py caps failures per account across IPs.
"""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from gjj.core.audit import audit
from gjj.identity import selectors

LOCKED_MESSAGE = "登录失败次数过多，为保障账户安全已暂时锁定，请{minutes}分钟后再试。"


def axes_username(request, credentials=None) -> str:
    """AXES_USERNAME_CALLABLE: one non-personal key for the ID number and phone of a person."""
    # What was typed into the form first: at a successful login axes passes the User's own
    # (random) username, which must map to the same key as the failures did.
    identifier = getattr(request, "POST", {}).get("username")
    if identifier is None:
        identifier = (credentials or {}).get("username") or ""
    return selectors.login_key(identifier, request=request)


def minutes_left(request, key: str) -> int:
    """Minutes (rounded up) until axes lets this account log in from this IP again."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = int(round(cool_off * 60)) if isinstance(cool_off, float | int) else 30
    attempt = (
        AccessAttempt.objects.filter(username=key, ip_address=request.META.get("REMOTE_ADDR"))
        .order_by("-attempt_time")
        .first()
    )
    if attempt is not None:
        # Every attempt while locked extends the lock (axes keeps the later expiry).
        expiration = getattr(attempt, "expiration", None)
        until = (
            expiration.expires_at
            if expiration is not None
            else attempt.attempt_time + timezone.timedelta(minutes=minutes)
        )
        left = (until - timezone.now()).total_seconds()
        minutes = max(1, -(-int(left) // 60))
    return minutes


def login_refused(request, identifier: str, minutes: int, *, scope: str) -> str:
    """Audit a refused login of a locked account; the wait in plain Chinese."""
    audit(
        "login_lockout",
        outcome="denied",
        request=request,
        person=selectors.login_person(identifier, request=request),
        scope=scope,
    )
    return LOCKED_MESSAGE.format(minutes=minutes)
