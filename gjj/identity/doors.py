"""The login doors: the depositors' /login/ and the staff's /admin/login/ (and /staff/login/).

Both doors work alike: a captcha before any password is checked, django-axes' lock for one
account from one IP, the hourly cap per account from all IPs (throttle.py), the same answer for
a wrong password and an unknown name, and — once locked — the same answer whatever the
password. Each door authenticates only its own kind of login (backends.py), with its own
throttling keys, so a depositor's number never opens the staff door and the other way round.

A staff login page is one line: ``path("login/", staff_login_view(), name="login")``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate, login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gjj.core.audit import audit
from gjj.core.masking import mask_id_number, mask_phone
from gjj.core.net import client_ip, safe_url
from gjj.identity import selectors, throttle
from gjj.identity.backends import DEPOSITOR, STAFF
from gjj.identity.forms import DoorLoginForm, LoginForm, StaffLoginForm
from gjj.identity.middleware import SESSION_TIMED_OUT
from gjj.identity.security import last_login_record, login_context

LOCKED_MESSAGE = "登录失败次数过多，为保障账户安全已暂时锁定，请{minutes}分钟后再试。"
TIMEOUT_MESSAGES = {
    "idle": "您已长时间未操作，为保障账户安全已自动退出，请重新登录。",
    "absolute": "您已连续登录超过{hours}，为保障账户安全已自动退出，请重新登录。",
}
REQUEST_DOOR = "gjj_login_door"
# What was typed as the login name, for axes' username callable when the attempt did not come
# as POST fields (the app posts JSON).
LOGIN_IDENTIFIER = "gjj_login_identifier"


def _timeout_message(reason: str | None) -> str | None:
    message = TIMEOUT_MESSAGES.get(reason or "")
    if message and "{hours}" in message:
        seconds = int(settings.SESSION_ABSOLUTE_TIMEOUT)
        span = f"{seconds // 3600}小时" if seconds % 3600 == 0 else f"{max(1, seconds // 60)}分钟"
        message = message.format(hours=span)
    return message


def mask_identifier(identifier: str) -> str:
    identifier = (identifier or "").strip()
    if identifier.isdigit() and len(identifier) == 11:
        return mask_phone(identifier)
    return mask_id_number(identifier)


def staff_login_key(username: str, *, request=None) -> str:
    """The throttling key of a staff account: its own namespace, never a depositor's key."""
    digest = hashlib.sha256(("gjj-staff:" + (username or "").strip()).encode()).hexdigest()
    return "s" + digest[:40]


def _staff_audit_fields(username: str, *, request=None) -> dict:
    # The typed name only when it is a staff account: a password typed into the name box
    # must not land in the audit log.
    from gjj.identity.models import User

    name = (username or "").strip()
    known = User.objects.filter(username=name, is_staff=True, person__isnull=True).exists()
    return {"account": name if known else "（非工作人员账号）"}


@dataclass(frozen=True)
class Door:
    realm: str
    form_class: type[DoorLoginForm]
    template_name: str
    default_next: str  # URL name
    audit_action: str
    key: Callable[..., str]  # (identifier, request=) -> throttling key (axes and the hourly cap)
    audit_fields: Callable[..., dict]  # (identifier, request=) -> person/via for the audit log
    context: dict = field(default_factory=dict)


def _depositor_audit_fields(identifier: str, *, request=None) -> dict:
    return {
        "person": selectors.login_person(identifier, request=request),
        "via": mask_identifier(identifier),
    }


DEPOSITOR_DOOR = Door(
    realm=DEPOSITOR,
    form_class=LoginForm,
    template_name="identity/login.html",
    default_next="hall:home",
    audit_action="login",
    key=selectors.login_key,
    audit_fields=_depositor_audit_fields,
)


def staff_door(
    *,
    template_name: str = "identity/staff_login.html",
    default_next: str = "admin:index",
    title: str = "中心管理登录",
) -> Door:
    return Door(
        realm=STAFF,
        form_class=StaffLoginForm,
        template_name=template_name,
        default_next=default_next,
        audit_action="staff_login",
        key=staff_login_key,
        audit_fields=_staff_audit_fields,
        context={"title": title},
    )


def render_login(request, door: Door, form, *, error=None, status=200):
    timeout_reason = request.session.pop(SESSION_TIMED_OUT, None)
    context = {
        **door.context,
        "form": form,
        "locked_error": error,
        "timeout_message": _timeout_message(timeout_reason),
        "next": request.POST.get("next") or request.GET.get("next") or "",
    }
    return render(request, door.template_name, context, status=status)


@dataclass
class LoginOutcome:
    """What one attempt at a door came to; the caller opens a session or issues tokens."""

    form: DoorLoginForm
    user: object = None
    locked_minutes: int = 0  # > 0: refused because the account is over the hourly cap

    @property
    def ok(self) -> bool:
        return self.user is not None


def door_attempt(request, door: Door, data) -> LoginOutcome:
    """The door's rules on one attempt, audited: the hourly cap, the captcha before any password,
    django-axes' lock (it marks `request.axes_locked_out`), one answer for a wrong password and
    an unknown name. `data` holds username, password, captcha_0 and captcha_1: the web form's
    POST, or the app's JSON login (gjj/api)."""
    setattr(request, REQUEST_DOOR, door)
    identifier = data.get("username", "") or ""
    setattr(request, LOGIN_IDENTIFIER, identifier)
    form = door.form_class(request, data=data)
    key = door.key(identifier, request=request)
    minutes = throttle.locked_minutes(key)
    if minutes:
        lockout_audit(request, door, identifier, scope="account_hourly")
        return LoginOutcome(form=form, locked_minutes=minutes)
    if form.is_valid():
        user = form.get_user()
        fields = door.audit_fields(identifier, request=request)
        audit(door.audit_action, request=request, user=user, **fields, **login_context(request))
        return LoginOutcome(form=form, user=user)
    if getattr(form, "auth_attempted", False):
        throttle.record_failure(key)
        fields = door.audit_fields(identifier, request=request)
        audit(
            door.audit_action,
            outcome="failed",
            request=request,
            **fields,
            **login_context(request),
        )
    else:
        audit(door.audit_action, outcome="failed", request=request, reason="captcha")
    return LoginOutcome(form=form)


def door_login(request, door: Door):
    """GET shows the form; POST checks captcha, locks and password, then logs in."""
    setattr(request, REQUEST_DOOR, door)
    if request.method != "POST":
        return render_login(request, door, door.form_class(request))
    outcome = door_attempt(request, door, request.POST)
    if outcome.locked_minutes:
        return _locked_render(request, door, outcome.locked_minutes)
    if outcome.ok:
        login(request, outcome.user)  # cycles the session key; the session clocks start
        return redirect(safe_url(request, request.POST.get("next"), reverse(door.default_next)))
    return render_login(request, door, outcome.form)


def login_without_session(request, user) -> None:
    """What Django's login() does for django-axes (the failures of this account from this IP
    are forgotten), for a channel that opens no session (the app's tokens)."""
    AxesProxyHandler.user_logged_in(sender=None, request=request, user=user)
    last_login_record(user)


def lockout_audit(request, door: Door, identifier: str, *, scope: str) -> None:
    """Audit a refused login of a locked account."""
    fields = door.audit_fields(identifier, request=request)
    fields.pop("via", None)
    audit(
        f"{door.audit_action}_lockout",
        outcome="denied",
        request=request,
        scope=scope,
        **fields,
        **login_context(request),
    )


def locked_page(request, door: Door, identifier: str, minutes: int, *, scope: str):
    """Audit a refused login of a locked account and show the wait in plain Chinese (429)."""
    lockout_audit(request, door, identifier, scope=scope)
    return _locked_render(request, door, minutes)


def _locked_render(request, door: Door, minutes: int):
    return render_login(
        request,
        door,
        door.form_class(request),
        error=LOCKED_MESSAGE.format(minutes=minutes),
        status=429,
    )


def request_door(request) -> Door:
    return getattr(request, REQUEST_DOOR, None) or DEPOSITOR_DOOR


def minutes_left(request, key: str) -> int:
    """Minutes (rounded up) until django-axes lets this account in from this client's IP again."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = int(round(cool_off * 60)) if isinstance(cool_off, float | int) else 30
    attempt = (
        AccessAttempt.objects.filter(username=key, ip_address=client_ip(request))
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


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the door's login page with the minutes left for account and IP."""
    door = request_door(request)
    identifier = (credentials or {}).get("username") or request.POST.get("username", "")
    minutes = minutes_left(request, door.key(identifier, request=request))
    return locked_page(request, door, identifier, minutes, scope="account_ip")


def relogin_locked_response(request):
    """The login page after 修改密码 locked the account: the session is already ended."""
    door, identifier, key = request.gjj_relogin
    minutes = throttle.locked_minutes(key)
    scope = "account_hourly"
    if getattr(request, "axes_locked_out", False):
        minutes, scope = minutes_left(request, key), "account_ip"
        request.axes_locked_out = False  # answered here; AxesMiddleware must not answer again
    return locked_page(request, door, identifier, minutes, scope=scope)


def axes_username(request, credentials=None) -> str:
    """AXES_USERNAME_CALLABLE: one non-personal key for the account behind a typed name."""
    # What was typed into the form first: at a successful login axes passes the User's own
    # (random) username, which must map to the same key as the failures did.
    identifier = getattr(request, LOGIN_IDENTIFIER, None)
    if identifier is None:
        identifier = getattr(request, "POST", {}).get("username")
    if identifier is None:
        identifier = (credentials or {}).get("username") or ""
    door = request_door(request)
    cache_attr = "_gjj_login_key"
    cached = getattr(request, cache_attr, None)
    if cached and cached[:2] == (door.realm, identifier):
        return cached[2]
    key = door.key(identifier, request=request)
    setattr(request, cache_attr, (door.realm, identifier, key))
    return key


STAFF_DOOR = staff_door()


def _door_of(user):
    """The door a logged-in user came through, and what they would type there."""
    person = selectors.person_of(user)
    if person is not None:
        return DEPOSITOR_DOOR, person.zjhm
    return STAFF_DOOR, user.get_username()


def reauthenticate(request, user, password: str) -> bool:
    """Check a logged-in user's password again (修改密码) as a login would: a wrong one counts
    as a failed login for django-axes and the hourly cap, and the lock holds here too. After
    the call, `request_locked(request)` tells whether the account is now locked."""
    door, identifier = _door_of(user)
    setattr(request, REQUEST_DOOR, door)
    key = door.key(identifier, request=request)
    request.gjj_relogin = (door, identifier, key)
    if throttle.locked_minutes(key):
        return False
    found = authenticate(request, username=identifier, password=password, realm=door.realm)
    if found is not None and found.pk == user.pk:
        return True
    throttle.record_failure(key)
    return False


def request_locked(request) -> bool:
    """After reauthenticate: the account is locked (axes for account and IP, or hourly cap)."""
    relogin = getattr(request, "gjj_relogin", None)
    if relogin is None:
        return False
    return bool(getattr(request, "axes_locked_out", False) or throttle.locked_minutes(relogin[2]))


def staff_login_view(**door_options):
    """The staff login view; `door_options` go to `staff_door` (template, default_next, title)."""
    door = staff_door(**door_options)

    @never_cache
    @require_http_methods(["GET", "HEAD", "POST"])
    def view(request):
        user = request.user
        if request.method != "POST" and user.is_authenticated and user.is_active and user.is_staff:
            return redirect(safe_url(request, request.GET.get("next"), reverse(door.default_next)))
        return door_login(request, door)

    return view


# The failures django-axes counted for this account and IP while checking the lock, in this
# request (the handler below keeps them on the request).
AXES_FAILURES = "_gjj_axes_failures"
AXES_LOGIN_OK = "_gjj_axes_login_ok"  # set while axes handles a successful login


class HallAxesHandler(AxesDatabaseHandler):
    """AXES_HANDLER: django-axes' database handler without the two look-ups a successful login
    spent for nothing. At a success the library deletes every expired attempt of every account
    (a SELECT and an empty transaction: the collector must fetch rows for axes' delete signal)
    and then this account's attempts (the same again). Attempts are stored only by failures,
    and each failure deletes the expired ones first, so the first is only housekeeping that
    the next failure does anyway; and the second has nothing to delete when the lock check of
    the same request counted no failure for the account and IP — expired attempts left behind
    count for nothing and go with the next failure's clean-up."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        if request is not None:
            setattr(request, AXES_FAILURES, failures)
        return failures

    def user_logged_in(self, sender, request, user, **kwargs):
        setattr(request, AXES_LOGIN_OK, True)
        try:
            return super().user_logged_in(sender, request, user, **kwargs)
        finally:
            setattr(request, AXES_LOGIN_OK, False)

    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        if getattr(request, AXES_LOGIN_OK, False):
            return 0  # the next failure cleans up
        return super().clean_expired_user_attempts(request, credentials)

    def reset_user_attempts(self, request, credentials=None) -> int:
        if getattr(request, AXES_LOGIN_OK, False) and getattr(request, AXES_FAILURES, None) == 0:
            return 0
        return super().reset_user_attempts(request, credentials)
