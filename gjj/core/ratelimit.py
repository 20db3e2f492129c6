"""A fixed-window counter per key in the cache (Redis in production, shared by app servers)."""

from __future__ import annotations

import math
import time

from django.core.cache import cache


def _name(scope: str, key: str, window: int, now: float) -> tuple[str, int]:
    start = int(now // window) * window
    return f"gjj:rl:{scope}:{key}:{start}", start


def peek(scope: str, key: str, *, limit: int, window: int = 900) -> bool:
    """Whether `key` already used up `limit` in the current window (nothing is counted)."""
    name, _ = _name(scope, key, window, time.time())
    return (cache.get(name) or 0) >= limit


def hit(scope: str, key: str, *, limit: int, window: int) -> int:
    """Count one request; return 0 while within `limit`, else the seconds until the window ends.

    Two cache calls a request, no database: a flood of requests costs the database nothing.
    """
    now = time.time()
    name, start = _name(scope, key, window, now)
    if cache.add(name, 1, window + 5):
        count = 1
    else:
        try:
            count = cache.incr(name)
        except ValueError:  # expired between the two calls
            cache.set(name, 1, window + 5)
            count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil(start + window - now))
