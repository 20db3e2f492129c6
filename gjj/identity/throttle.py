"""Per-account login failure cap across all IPs (django-axes covers the account+IP pair).

At most LOGIN_ACCOUNT_HOURLY_LIMIT failures an hour per account: the window opens at the first
failure and lasts one hour. Counters live in the cache (Redis in production), shared by all app
servers.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def _limit() -> int:
    return int(getattr(settings, "LOGIN_ACCOUNT_HOURLY_LIMIT", 100))


def _keys(key: str) -> tuple[str, str]:
    return f"gjj:loginfail:n:{key}", f"gjj:loginfail:t:{key}"


def record_failure(key: str) -> int:
    count_key, start_key = _keys(key)
    if cache.add(start_key, time.time(), WINDOW_SECONDS):
        cache.set(count_key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(count_key)
    except ValueError:  # expired between the two calls
        cache.set(count_key, 1, WINDOW_SECONDS)
        return 1


def locked_minutes(key: str) -> int:
    """Minutes to wait (rounded up) when the account is over the hourly cap, else 0."""
    count_key, start_key = _keys(key)
    count = cache.get(count_key) or 0
    if count < _limit():
        return 0
    start = cache.get(start_key)
    if start is None:
        return 0
    left = WINDOW_SECONDS - (time.time() - start)
    return max(1, math.ceil(left / 60)) if left > 0 else 0


def reset(key: str) -> None:
    cache.delete_many(list(_keys(key)))
