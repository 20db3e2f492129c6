"""Idle and absolute session timeouts (settings SESSION_IDLE_TIMEOUT, SESSION_ABSOLUTE_TIMEOUT).

Works the same for database and cache sessions: both timestamps live in the session itself.
Must come after AuthenticationMiddleware.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from gjj.core.audit import audit
from gjj.people.models import Person

SESSION_STARTED = "gjj_started"
SESSION_SEEN = "gjj_seen"
SESSION_TIMED_OUT = "gjj_timed_out"
# Refresh the "last seen" stamp at most this often, so not every request writes the session.
SEEN_RESOLUTION_SECONDS = 15


def mark_session_start(request) -> None:
    now = time.time()
    request.session[SESSION_STARTED] = now
    request.session[SESSION_SEEN] = now


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = self._expired(request)
            if reason:
                user = request.user
                person = Person.objects.filter(user=user).first()
                audit("session_timeout", request=request, user=user, person=person, reason=reason)
                logout(request)
                request.session[SESSION_TIMED_OUT] = reason
                login_url = reverse("identity:login")
                if request.method == "GET" and request.path not in (login_url, "/"):
                    login_url += "?" + urlencode({"next": request.get_full_path()})
                return redirect(login_url)
        return self.get_response(request)

    def _expired(self, request) -> str | None:
        session = request.session
        now = time.time()
        started = session.get(SESSION_STARTED)
        seen = session.get(SESSION_SEEN)
        if started is None or seen is None:
            # A session made some other way (admin login, force_login): start the clocks now.
            mark_session_start(request)
            return None
        if now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
            return "absolute"
        if now - seen > settings.SESSION_IDLE_TIMEOUT:
            return "idle"
        if now - seen >= SEEN_RESOLUTION_SECONDS:
            session[SESSION_SEEN] = now
        return None
