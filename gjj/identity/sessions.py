"""Sessions in the cache (Redis), failing closed: when Redis cannot be reached the request gets
the 503 page (gjj/core/errors.py) instead of Django's default of an empty session, which would
quietly log everybody out and bounce them to a login that cannot work either."""

from __future__ import annotations

from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore

from gjj.core.errors import is_outage


class SessionStore(CacheSessionStore):
    def load(self):
        try:
            session_data = self._cache.get(self.cache_key)
        except Exception as exc:
            if is_outage(exc):
                raise
            session_data = None  # e.g. an invalid key: an empty session, as Django does
        if session_data is not None:
            return session_data
        self._session_key = None
        return {}
