"""Staff authentication: only a staff login (is_staff, active, no depositor record) can pass.

`STAFF_BACKEND` is the one line to change when the project-wide staff backend lands. Lockout
(django-axes, per account and IP) is checked before any password and fed with every failure.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.utils.module_loading import import_string

STAFF_BACKEND = "gjj.staff.auth.StaffBackend"


class Locked(Exception):
    """Too many failures for this account from this address."""


class StaffBackend(ModelBackend):
    """A user name and password of a staff login; depositors are never found here."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        model = get_user_model()
        user = (
            model.objects.filter(username=username, is_staff=True, is_active=True)
            .exclude(person__isnull=False)
            .first()
        )
        if user is None:
            model().set_password(password)  # the same time whether the name exists or not
            return None
        if user.check_password(password):
            return user
        return None


def authenticate_staff(request, *, username: str, password: str):
    """The staff user, or None; raises Locked before checking a password of a locked account."""
    credentials = {"username": username}
    if not AxesProxyHandler.is_allowed(request, credentials):
        raise Locked
    user = import_string(STAFF_BACKEND)().authenticate(
        request, username=username, password=password
    )
    if user is None:
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            raise Locked
        return None
    user.backend = STAFF_BACKEND
    return user
