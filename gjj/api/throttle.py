"""Request limits per caller: fixed one-minute windows counted in the cache (Redis in
production, shared by all app servers). Over the limit: 429 with Retry-After."""

from __future__ import annotations

import math
import threading
import time

from django.conf import settings
from django.core.cache import cache
from ninja.errors import Throttled
from ninja.throttling import BaseThrottle

from gjj.core.net import client_ip

WINDOW_SECONDS = 60


def check(scope: str, ident: str, limit: int) -> None:
    """Count one request of `ident`; raise Throttled with the wait once over `limit`."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"gjj:api:{scope}:{ident}:{window}"
    cache.add(key, 0, WINDOW_SECONDS + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, WINDOW_SECONDS + 1)
        count = 1
    if count > limit:
        raise Throttled(wait=math.ceil((window + 1) * WINDOW_SECONDS - now))


def check_ip(request) -> None:
    check("ip", client_ip(request) or "-", settings.API_RATE_PER_IP)


class IpThrottle(BaseThrottle):
    """For the endpoints without a token (captcha, login, refresh)."""

    def __init__(self):
        self._local = threading.local()  # the wait of this thread's last refusal

    def allow_request(self, request) -> bool:
        try:
            check_ip(request)
        except Throttled as exc:
            self._local.wait = exc.wait
            return False
        return True

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)
