"""Login lockout: how long django-axes still holds an account at this client's IP.

django-axes locks one account (ID number and phone of a person count as one; a staff account is
its own) from one IP after AXES_FAILURE_LIMIT failures; gjj/identity/throttle.py caps failures
per account across IPs. The doors (doors.py) show the wait with LOCKED_MESSAGE.
"""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from gjj.core.net import client_ip

LOCKED_MESSAGE = "登录失败次数过多，为保障账户安全已暂时锁定，请{minutes}分钟后再试。"


def minutes_left(request, key: str) -> int:
    """Minutes (rounded up) until axes lets this account log in from this client's IP again."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = int(round(cool_off * 60)) if isinstance(cool_off, float | int) else 30
    attempt = (
        AccessAttempt.objects.filter(username=key, ip_address=client_ip(request))
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
