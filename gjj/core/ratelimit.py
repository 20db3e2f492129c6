"""A fixed-window counter per key in the cache (Redis in production, shared by app servers)."""

from __future__ import annotations

import math
import time

from django.core.cache import cache


def hit(scope: str, key: str, *, limit: int, window: int) -> int:
    """Count one request; return 0 while within `limit`, else the seconds until the window ends.

    Two cache calls a request, no database: a flood of requests costs the database nothing.
    """
    now = time.time()
    start = int(now // window) * window
    name = f"gjj:rl:{scope}:{key}:{start}"
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
