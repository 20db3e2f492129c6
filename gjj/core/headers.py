"""Response headers every page shares: personal pages are never stored by a cache."""

from __future__ import annotations

from django.utils.cache import patch_cache_control


def is_personal(request) -> bool:
    """A response for a logged-in person, or one that read or wrote the session (the login
    form, the steps of registration and reset that show a masked phone, the flash messages)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and (session.accessed or session.modified))


class PrivatePagesMiddleware:
    """`Cache-Control: no-store, private` on every personal response, whatever the view set.

    Placed after SessionMiddleware and AuthenticationMiddleware in MIDDLEWARE (so it sees the
    response before they add Vary/cookies); static files never reach it (whitenoise answers
    them first).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_personal(request):
            if "public" in response.get("Cache-Control", ""):
                del response["Cache-Control"]
            patch_cache_control(response, no_store=True, private=True)
        return response
