"""One login check for every channel (the web form and the app's API).

The rules live here once: the per-account hourly cap (throttle.py), the account+IP lock of
django-axes, the captcha before any password is checked, one answer for a number not on file and
a wrong password, and the audit of each attempt. The caller only decides what a success opens (a
session or a pair of API tokens) and how a refusal is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from gjj.core.audit import audit
from gjj.core.masking import mask_id_number, mask_phone
from gjj.identity import selectors, throttle
from gjj.identity.forms import LoginForm
from gjj.identity.models import Person, User

# The request attribute holding what was typed as the login name, for django-axes's username
# callable when the form did not come as POST fields (the API posts JSON).
LOGIN_IDENTIFIER = "gjj_login_identifier"
LOCKED_MESSAGE = "登录失败次数过多，为保障账户安全已暂时锁定，请{minutes}分钟后再试。"


@dataclass
class LoginOutcome:
    form: LoginForm
    user: User | None = None
    person: Person | None = None
    locked_minutes: int = 0  # > 0: refused because the account is locked

    @property
    def ok(self) -> bool:
        return self.user is not None

    @property
    def locked_message(self) -> str:
        return LOCKED_MESSAGE.format(minutes=self.locked_minutes)


def mask_identifier(identifier: str) -> str:
    identifier = (identifier or "").strip()
    if identifier.isdigit() and len(identifier) == 11:
        return mask_phone(identifier)
    return mask_id_number(identifier)


def login_attempt(request, data, **detail: Any) -> LoginOutcome:
    """Check a login (`data`: username, password, captcha_0, captcha_1) and audit it.

    `detail` goes into every audit record (the API adds channel="app"). A lock by django-axes
    shows in `request.axes_locked_out`; `axes_lock_minutes` tells its wait.
    """
    form = LoginForm(request, data=data)
    identifier = data.get("username", "") or ""
    setattr(request, LOGIN_IDENTIFIER, identifier)
    minutes = throttle.locked_minutes(selectors.login_key(identifier))
    if minutes:
        lockout_audit(request, identifier, scope="account_hourly", **detail)
        return LoginOutcome(form=form, locked_minutes=minutes)
    if form.is_valid():
        user = form.get_user()
        person = Person.objects.filter(user=user).first()
        audit(
            "login",
            request=request,
            user=user,
            person=person,
            via=mask_identifier(identifier),
            **detail,
        )
        return LoginOutcome(form=form, user=user, person=person)
    if getattr(form, "auth_attempted", False):
        throttle.record_failure(selectors.login_key(identifier))
        audit(
            "login",
            outcome="failed",
            request=request,
            person=selectors.person_for_login(identifier),
            via=mask_identifier(identifier),
            **detail,
        )
    else:
        audit("login", outcome="failed", request=request, reason="captcha", **detail)
    return LoginOutcome(form=form)


def login_without_session(request, user: User) -> None:
    """What Django's login() does for django-axes (the failures of this account from this IP
    are forgotten) for a channel that opens no session."""
    AxesProxyHandler.user_logged_in(sender=None, request=request, user=user)


def axes_lock_minutes(request, identifier: str) -> int:
    """Minutes left (rounded up) of the django-axes lock of this account from this IP."""
    key = selectors.login_key(identifier)
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = int(round(cool_off * 60)) if isinstance(cool_off, float | int) else 30
    attempt = (
        AccessAttempt.objects.filter(username=key, ip_address=request.META.get("REMOTE_ADDR"))
        .order_by("-attempt_time")
        .first()
    )
    if attempt is not None:
        # Every attempt while locked extends the lock (axes keeps the later expiry).
        expiration = getattr(attempt, "expiration", None)
        until = (
            expiration.expires_at
            if expiration is not None
            else attempt.attempt_time + timezone.timedelta(minutes=minutes)
        )
        left = (until - timezone.now()).total_seconds()
        minutes = max(1, -(-int(left) // 60))
    return minutes


def lockout_audit(request, identifier: str, *, scope: str, **detail: Any) -> None:
    """Audit a refused login of a locked account."""
    audit(
        "login_lockout",
        outcome="denied",
        request=request,
        person=selectors.person_for_login(identifier),
        scope=scope,
        **detail,
    )
