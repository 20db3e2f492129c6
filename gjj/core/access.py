"""The one guard every depositor page stands behind, and the look-up it uses.

`person_required` hands the depositor (`people.Person`) to the view as its second argument:

    @require_GET
    @person_required
    def ledger(request, person): ...

- not logged in: the login page (with `next`);
- logged in without a depositor record (a staff login, or any other login without a person):
  one clear page, `no_person.html`, status 403, whatever the page or the method;
- another depositor's object: the view's selector filters by `person` and answers 404
  (`get_object_or_404(..., person=person)`), so the 404 looks like any missing page.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import render


def current_person(user):
    """The depositor behind a login, or None (staff logins have no person). No query when the
    person was loaded with the user; `core` names no model of a higher layer."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


def no_person_response(request):
    """The one answer to a login without a depositor record (403, in Chinese)."""
    return render(request, "no_person.html", status=403)


def person_required(view):
    """Log-in required, and the login must belong to a depositor; the view gets the person."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        person = current_person(request.user)
        if person is None:
            return no_person_response(request)
        return view(request, person, *args, **kwargs)

    return wrapper
