"""Login, registration, forgot password, change password and logout (the manual's 1.1–1.4, 4, 5).

The step-flow engine of registration and reset is flows.py; the lockout is lockout.py.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from gjj.core.audit import audit
from gjj.core.masking import mask_id_number, mask_phone
from gjj.identity import lockout, selectors, services, throttle
from gjj.identity.flows import (
    REGISTER,
    RESET,
    Flow,
    check_step,
    done_step,
    password_step,
    sms_step,
)
from gjj.identity.forms import LoginForm, PasswordChangeForm
from gjj.identity.middleware import SESSION_STARTED, SESSION_TIMED_OUT

TIMEOUT_MESSAGES = {
    "idle": "您已长时间未操作，为保障账户安全已自动退出，请重新登录。",
    "absolute": "您已连续登录超过{hours}，为保障账户安全已自动退出，请重新登录。",
}


def _timeout_message(reason: str | None) -> str | None:
    message = TIMEOUT_MESSAGES.get(reason or "")
    if message and "{hours}" in message:
        seconds = int(settings.SESSION_ABSOLUTE_TIMEOUT)
        span = f"{seconds // 3600}小时" if seconds % 3600 == 0 else f"{max(1, seconds // 60)}分钟"
        message = message.format(hours=span)
    return message


def _mask_identifier(identifier: str) -> str:
    identifier = (identifier or "").strip()
    if identifier.isdigit() and len(identifier) == 11:
        return mask_phone(identifier)
    return mask_id_number(identifier)


def _safe_next(request, url: str | None, default: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def _render_login(request, form, *, error=None, status=200):
    timeout_reason = request.session.pop(SESSION_TIMED_OUT, None)
    context = {
        "form": form,
        "locked_error": error,
        "timeout_message": _timeout_message(timeout_reason),
        "next": request.POST.get("next") or request.GET.get("next") or "",
    }
    return render(request, "identity/login.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect("hall:home")
    if request.method != "POST":
        return _render_login(request, LoginForm(request))

    form = LoginForm(request, data=request.POST)
    identifier = request.POST.get("username", "")
    key = selectors.login_key(identifier, request=request)
    minutes = throttle.locked_minutes(key)
    if minutes:
        return _locked_page(request, identifier, minutes, scope="account_hourly")
    if form.is_valid():
        user = form.get_user()
        login(request, user)  # cycles the session key; the session clocks start (signals.py)
        person = selectors.login_person(identifier, request=request)
        audit("login", request=request, user=user, person=person, via=_mask_identifier(identifier))
        return redirect(_safe_next(request, request.POST.get("next"), reverse("hall:home")))
    if getattr(form, "auth_attempted", False):
        throttle.record_failure(key)
        audit(
            "login",
            outcome="failed",
            request=request,
            person=selectors.login_person(identifier, request=request),
            via=_mask_identifier(identifier),
        )
    else:
        audit("login", outcome="failed", request=request, reason="captcha")
    return _render_login(request, form)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page with the minutes left for this account and IP."""
    identifier = (credentials or {}).get("username") or request.POST.get("username", "")
    key = selectors.login_key(identifier, request=request)
    return _locked_page(request, identifier, lockout.minutes_left(request, key), scope="account_ip")


def _locked_page(request, identifier: str, minutes: int, *, scope: str):
    """A refused login of a locked account: the wait in plain Chinese (429)."""
    error = lockout.login_refused(request, identifier, minutes, scope=scope)
    return _render_login(request, LoginForm(request), error=error, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def logout_view(request):
    """GET: the 是/否 confirmation (the page without JavaScript); POST: log out."""
    back = _safe_next(
        request,
        request.GET.get("next") or request.headers.get("referer"),
        reverse("hall:home"),
    )
    if request.method == "GET":
        if not request.user.is_authenticated:
            return redirect("identity:login")
        return render(request, "identity/logout_confirm.html", {"back": back})
    if request.user.is_authenticated:
        audit(
            "logout",
            request=request,
            person=selectors.person_of(request.user),
        )
    logout(request)  # flushes the session on the server
    return redirect("identity:login")


# --- registration and reset (flows.py) -----------------------------------------------------


def _flow_view(flow: Flow, step, methods=("GET", "POST")):
    """The view of one step of one flow (the URLs keep one named view a page)."""

    @never_cache
    @require_http_methods(list(methods))
    def view(request):
        return step(request, flow)

    return view


register_view = _flow_view(REGISTER, check_step)
register_sms_view = _flow_view(REGISTER, sms_step)
register_password_view = _flow_view(REGISTER, password_step)
register_done_view = _flow_view(REGISTER, done_step, methods=("GET",))
forgot_view = _flow_view(RESET, check_step)
forgot_sms_view = _flow_view(RESET, sms_step)
forgot_password_view = _flow_view(RESET, password_step)
forgot_done_view = _flow_view(RESET, done_step, methods=("GET",))


# --- signed-in pages -------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request):
    form = PasswordChangeForm(request.POST or None, user=request.user)
    person = selectors.person_of(request.user)
    if request.method == "POST":
        if form.is_valid():
            services.password_change(user=request.user, password=form.cleaned_data["new_password2"])
            # Keeps this session (new key, new auth hash); every other session of the user ends
            # because its stored auth hash no longer matches the password.
            started = request.session.get(SESSION_STARTED)
            update_session_auth_hash(request, request.user)
            if started is not None:
                request.session[SESSION_STARTED] = started
            audit("password_change", request=request, person=person)
            # Post/redirect/get: a refresh of the success page must not post the form again.
            return redirect("identity:password_change_done")
        audit("password_change", outcome="failed", request=request, person=person)
    return render(request, "identity/password_change.html", {"form": form})


@require_GET
@login_required
def password_change_done_view(request):
    return render(request, "identity/password_change_done.html")


@require_GET
def user_notice_view(request):
    return render(request, "identity/user_notice.html")
