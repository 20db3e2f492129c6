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

from django.conf import settings
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gjj.core.audit import audit
from gjj.core.masking import mask_id_number, mask_phone
from gjj.core.net import safe_url
from gjj.identity import lockout, selectors, throttle
from gjj.identity.backends import DEPOSITOR, STAFF
from gjj.identity.forms import DoorLoginForm, LoginForm, StaffLoginForm
from gjj.identity.middleware import SESSION_TIMED_OUT
from gjj.identity.security import login_context

TIMEOUT_MESSAGES = {
    "idle": "您已长时间未操作，为保障账户安全已自动退出，请重新登录。",
    "absolute": "您已连续登录超过{hours}，为保障账户安全已自动退出，请重新登录。",
}
REQUEST_DOOR = "gjj_login_door"


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


def staff_login_key(username: str, request=None) -> str:
    """The throttling key of a staff account: its own namespace, never a depositor's key."""
    digest = hashlib.sha256(("gjj-staff:" + (username or "").strip()).encode()).hexdigest()
    return "s" + digest[:40]


def _staff_audit_fields(username: str, request=None) -> dict:
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
    # (typed identifier, request) -> throttling key (axes and the hourly cap)
    key: Callable[..., str]
    # (typed identifier, request) -> person/via for the audit log
    audit_fields: Callable[..., dict]
    context: dict = field(default_factory=dict)


def _depositor_key(identifier: str, request=None) -> str:
    return selectors.login_key(identifier, request=request)


def _depositor_audit_fields(identifier: str, request=None) -> dict:
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
    key=_depositor_key,
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


def door_login(request, door: Door):
    """GET shows the form; POST checks captcha, locks and password, then logs in."""
    setattr(request, REQUEST_DOOR, door)
    if request.method != "POST":
        return render_login(request, door, door.form_class(request))

    form = door.form_class(request, data=request.POST)
    identifier = request.POST.get("username", "")
    key = door.key(identifier, request)
    minutes = throttle.locked_minutes(key)
    if minutes:
        return locked_page(request, door, identifier, minutes, scope="account_hourly")
    if form.is_valid():
        user = form.get_user()
        login(request, user)  # cycles the session key; the session clocks start (signals.py)
        fields = door.audit_fields(identifier, request)
        audit(door.audit_action, request=request, user=user, **fields, **login_context(request))
        return redirect(safe_url(request, request.POST.get("next"), reverse(door.default_next)))
    if getattr(form, "auth_attempted", False):
        throttle.record_failure(key)
        fields = door.audit_fields(identifier, request)
        audit(
            door.audit_action,
            outcome="failed",
            request=request,
            **fields,
            **login_context(request),
        )
    else:
        audit(door.audit_action, outcome="failed", request=request, reason="captcha")
    return render_login(request, door, form)


def locked_page(request, door: Door, identifier: str, minutes: int, *, scope: str):
    """Audit a refused login of a locked account and show the wait in plain Chinese (429)."""
    fields = door.audit_fields(identifier, request)
    fields.pop("via", None)
    audit(
        f"{door.audit_action}_lockout",
        outcome="denied",
        request=request,
        scope=scope,
        **fields,
        **login_context(request),
    )
    return render_login(
        request,
        door,
        door.form_class(request),
        error=lockout.LOCKED_MESSAGE.format(minutes=minutes),
        status=429,
    )


def request_door(request) -> Door:
    return getattr(request, REQUEST_DOOR, None) or DEPOSITOR_DOOR


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the door's login page with the minutes left for account and IP."""
    door = request_door(request)
    identifier = (credentials or {}).get("username") or request.POST.get("username", "")
    minutes = lockout.minutes_left(request, door.key(identifier, request))
    return locked_page(request, door, identifier, minutes, scope="account_ip")


def axes_username(request, credentials=None) -> str:
    """AXES_USERNAME_CALLABLE: one non-personal key for the account behind a typed name."""
    # What was typed into the form first: at a successful login axes passes the User's own
    # (random) username, which must map to the same key as the failures did.
    identifier = getattr(request, "POST", {}).get("username")
    if identifier is None:
        identifier = (credentials or {}).get("username") or ""
    door = request_door(request)
    cache_attr = "_gjj_login_key"
    cached = getattr(request, cache_attr, None)
    if cached and cached[:2] == (door.realm, identifier):
        return cached[2]
    key = door.key(identifier, request)
    setattr(request, cache_attr, (door.realm, identifier, key))
    return key


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
