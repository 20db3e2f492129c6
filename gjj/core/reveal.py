"""Masked personal data shown in full for a short while after the person re-entered their
password (账户安全). The session holds the deadline; pages only ask `reveal_active`."""

from __future__ import annotations

import time

from django.conf import settings

SESSION_KEY = "gjj_reveal_until"


def reveal_start(request) -> int:
    seconds = int(getattr(settings, "REVEAL_SECONDS", 60))
    request.session[SESSION_KEY] = time.time() + seconds
    return seconds


def reveal_active(request) -> bool:
    until = request.session.get(SESSION_KEY)
    return until is not None and time.time() < until
