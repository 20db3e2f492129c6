"""The 500 handler: an outage of the database or of Redis (or a full disk) is a 503 with a
plain Chinese page (and Retry-After), not a 500; anything else is Django's 500 page
(templates/500.html).

While PostgreSQL or Redis is away every request fails fast (connect timeouts in settings) and
gets this page; when they are back the next request simply works (CONN_HEALTH_CHECKS re-opens a
dead persistent connection, the Redis pool reconnects). Limits kept in Redis fail closed: a
login or an SMS code is refused with this page rather than let through unthrottled.
"""

from __future__ import annotations

import errno
import logging
import sys

from django.db import utils as db_utils
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

logger = logging.getLogger("gjj.outage")

RETRY_AFTER_SECONDS = 30
# A full or read-only disk (a temporary file of an export): unavailable too, not a bug.
DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG}


def _outage_types() -> tuple[type[BaseException], ...]:
    types: list[type[BaseException]] = [db_utils.OperationalError, db_utils.InterfaceError]
    try:
        import redis.exceptions as redis_errors

        types += [redis_errors.ConnectionError, redis_errors.TimeoutError]
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    return tuple(types)


OUTAGE = _outage_types()


def is_outage(exc: BaseException | None) -> bool:
    """The exception, or one it was raised from, says a backing service is unreachable."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OUTAGE):
            return True
        if isinstance(exc, OSError) and exc.errno in DISK_ERRORS:
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def service_unavailable() -> HttpResponse:
    # Rendered without the request: the context processors would need the database.
    html = loader.get_template("503.html").render()
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store, private"
    return response


def server_error(request, template_name: str = "500.html"):
    """handler500: called while the exception is being handled (sys.exc_info() is set)."""
    exc = sys.exc_info()[1]
    if is_outage(exc):
        logger.warning("service unavailable: %s: %s", type(exc).__name__, exc)
        return service_unavailable()
    return defaults.server_error(request, template_name)
