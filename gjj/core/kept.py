"""Pages kept between requests: a depositor's page, once rendered, is served again from the cache
(Redis in production) until something it shows can have changed (issue 15).

The figures a depositor reads (accounts, ledger, loans, transactions) are the core system's: the
hall never writes them, they change only when `Importer.run` stores a batch (import_core, or the
service API's batches). So a page is kept under a key of everything it depends on:

- the **core generation**: a token that every stored batch replaces (`core_changed`); a save
  or delete of a core model outside the importer (a staff edit of a policy, a test's factory)
  replaces it too (the signals connected in each app's `ready`);
- the person, the full path with its query string, and the day (defaults and overdue figures
  move with it);
- what the layout shows from the request (the large-text and sound settings, the last login:
  the functions given to `vary_on`), and the view's arguments;
- the **code stamp**: the hall's templates, code and static files (and the collected files'
  manifest) and its settings, so a new release never serves a page of the old one.

A key that can be stale is never built: a change makes a new key, and old entries expire.
What a page shows from the hall's own tables (messages read, applications moving) is not in the
generation: a view keeps only what depends on the core's data, or adds those tables' state to
its arguments (the home page passes its messages' state).

Never kept: anything but a GET, a request with a notice waiting to be shown (`messages`), a
response that is not a plain 200 HTML page, or one whose view changed the session. The CSRF
token is rendered as a placeholder while a page is being kept (`csrf`, a context processor) and
each answer gets the request's own token; a kept page holds no token of anybody.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import uuid
import zlib
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

logger = logging.getLogger(__name__)

GENERATION_KEY = "gjj:kept:core-generation"
KEY_PREFIX = "gjj:kept:v1:"
TIMEOUT_SECONDS = 15 * 60
CSRF_PLACEHOLDER = "gjjKeptCsrfPlaceholder7d1e04"
KEEPING = "_gjj_keeping"
# Files whose change changes what a page looks like.
STAMPED = (("gjj", "*.py"), ("templates", "*.html"), ("static", "*"))

_layout_vary: list[Callable] = []


def vary_on(function: Callable) -> Callable:
    """Register what the layout of every page shows from the request (`function(request)`)."""
    _layout_vary.append(function)
    return function


@functools.cache
def code_stamp() -> str:
    """A digest of the hall's code, templates, static files and settings (once a process)."""
    digest = hashlib.blake2b(digest_size=12)
    base = Path(settings.BASE_DIR)
    for folder, pattern in STAMPED:
        for path in sorted((base / folder).rglob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT or base) / "staticfiles.json"  # the collected files' names
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    for name in sorted(n for n in dir(settings) if n.isupper()):
        value = getattr(settings, name)
        if isinstance(value, str | int | float | bool | tuple | list | dict | type(None)):
            digest.update(f"{name}={value!r}".encode())
    return digest.hexdigest()


def core_generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:  # never set, or the cache was emptied: start a new generation
        try:
            cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        except Exception:  # noqa: BLE001  (a cache refusing writes)
            logger.warning("kept pages: no generation could be stored", exc_info=True)
        token = cache.get(GENERATION_KEY)
    # Not stored: a generation of this request alone, under which nothing is ever found.
    return token or uuid.uuid4().hex


def _new_generation() -> None:
    """A cache refusing the write does not fail the import that changed the data: a page kept
    before lives TIMEOUT_SECONDS at the most, and the error is logged."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:  # noqa: BLE001
        logger.error("kept pages: the core generation could not be replaced", exc_info=True)


def core_changed(**kwargs) -> None:
    """The core's data changed: no page kept before is served again. Also a post_save /
    post_delete receiver.

    A new generation now (this connection sees its own writes at once) and another when the
    transaction commits: a page another request kept in between, from the data before the
    commit, is under the middle generation and is never read."""
    _new_generation()
    transaction.on_commit(_new_generation, using=kwargs.get("using"))


def watch(app_config) -> None:
    """Every save and delete of the app's models is a change of the core's data (in the
    importer they are bulk writes, which send no signal: `Importer.run` says so itself)."""
    for model in app_config.get_models():
        for signal in (post_save, post_delete):
            uid = f"gjj_kept_{model._meta.label}"
            signal.connect(core_changed, sender=model, dispatch_uid=uid)


def csrf(request) -> dict:
    """Context processor (after Django's own): the placeholder token while a page is kept."""
    return {"csrf_token": CSRF_PLACEHOLDER} if getattr(request, KEEPING, False) else {}


def _notices_waiting(request) -> bool:
    return bool(len(get_messages(request)))


def page_key(request, name: str, person, extra=()) -> str:
    parts = (
        name,
        code_stamp(),
        core_generation(),
        person.pk,
        request.get_full_path(),
        timezone.localdate().isoformat(),
        tuple(f(request) for f in _layout_vary),
        extra,
    )
    return KEY_PREFIX + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def kept_value(request, name: str, person, build: Callable, *, extra=()):
    """`build()`'s value (a download, say), kept under `page_key` like a page; None (nothing
    to keep) is built again each time."""
    key = page_key(request, name, person, extra)
    value = cache.get(key)
    if value is None:
        value = build()
        if value is not None:
            _keep(key, value)
    return value


def _keep(key: str, value) -> None:
    """Keep a value; a cache that refuses the write (full, with no eviction) costs the next
    visit a render, never this answer."""
    try:
        cache.set(key, value, TIMEOUT_SECONDS)
    except Exception:  # noqa: BLE001  (any backend's error: the page is served all the same)
        logger.warning("kept page not stored", exc_info=True)


def _with_token(request, content: bytes) -> bytes:
    """The page with this request's own CSRF token where the placeholder stands."""
    placeholder = CSRF_PLACEHOLDER.encode()
    if placeholder in content:
        content = content.replace(placeholder, get_token(request).encode())
    return content


def _answer(request, content_type: str, content: bytes) -> HttpResponse:
    return HttpResponse(_with_token(request, content), content_type=content_type)


def _keepable(response, session_changed: bool) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not session_changed
        and {name.lower() for name, _ in response.items()} == {"content-type"}
        and response["Content-Type"].startswith("text/html")
    )


def kept_page(name: str):
    """Decorator of a depositor's page view `(request, person, *args, **kwargs)`: the 200 HTML
    answer is kept under `page_key` (with the view's arguments) and served from there."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, person, *args, **kwargs):
            if request.method != "GET" or _notices_waiting(request):
                return view(request, person, *args, **kwargs)
            key = page_key(request, name, person, (args, sorted(kwargs.items())))
            entry = cache.get(key)
            if entry is not None:
                content_type, packed = entry
                return _answer(request, content_type, zlib.decompress(packed))
            session = getattr(request, "session", None)
            modified = getattr(session, "modified", False)
            setattr(request, KEEPING, True)
            try:
                response = view(request, person, *args, **kwargs)
            finally:
                delattr(request, KEEPING)
            if response.streaming:
                return response
            changed = getattr(session, "modified", False) and not modified
            if not _keepable(response, changed):
                response.content = _with_token(request, response.content)
                return response
            # Compressed: a page of 20–60 KB keeps in 4–8 KB of the cache (sessions share it).
            packed = zlib.compress(response.content, 1)
            _keep(key, (response["Content-Type"], packed))
            return _answer(request, response["Content-Type"], response.content)

        return wrapper

    return decorate
