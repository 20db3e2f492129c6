"""The guard every depositor page stands behind."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.shortcuts import redirect


def current_person(user):
    """The depositor behind a login, or None (staff accounts have no person)."""
    if not user.is_authenticated:
        return None
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


def person_required(view):
    """Log-in required, and the login must belong to a depositor.

    A staff login without a person goes to the admin site; any other login without a person
    gets a 403, never a 500.
    """

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        person = current_person(request.user)
        if person is None:
            if request.user.is_staff:
                return redirect("admin:index")
            raise PermissionDenied("该用户没有关联的缴存人信息。")
        return view(request, *args, **kwargs)

    return wrapper
