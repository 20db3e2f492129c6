"""Login, registration, forgot password, change password and logout (the manual's 1.1–1.4, 4, 5)."""

from __future__ import annotations

import secrets
import time

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from gjj.core.audit import audit
from gjj.core.masking import mask_id_number, mask_phone
from gjj.identity import selectors, services, throttle
from gjj.identity.forms import (
    LoginForm,
    NewPasswordForm,
    PasswordChangeForm,
    RegisterCheckForm,
    ResetCheckForm,
    SmsCodeForm,
)
from gjj.identity.middleware import SESSION_STARTED, SESSION_TIMED_OUT
from gjj.identity.models import Person, SmsCode, User

FLOW_TTL_SECONDS = 15 * 60
LOCKED_MESSAGE = "登录失败次数过多，为保障账户安全已暂时锁定，请{minutes}分钟后再试。"
TIMEOUT_MESSAGES = {
    "idle": "您已长时间未操作，为保障账户安全已自动退出，请重新登录。",
    "absolute": "您已连续登录超过12小时，为保障账户安全已自动退出，请重新登录。",
}


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
        "timeout_message": TIMEOUT_MESSAGES.get(timeout_reason),
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
    key = selectors.login_key(identifier)
    minutes = throttle.locked_minutes(key)
    if minutes:
        audit("login_lockout", outcome="denied", request=request, scope="account_hourly")
        return _render_login(
            request, LoginForm(request), error=LOCKED_MESSAGE.format(minutes=minutes), status=429
        )
    if form.is_valid():
        user = form.get_user()
        login(request, user)  # cycles the session key; the session clocks start (signals.py)
        person = Person.objects.filter(user=user).first()
        audit("login", request=request, user=user, person=person, via=_mask_identifier(identifier))
        return redirect(_safe_next(request, request.POST.get("next"), reverse("hall:home")))
    if getattr(form, "auth_attempted", False):
        throttle.record_failure(key)
        audit(
            "login",
            outcome="failed",
            request=request,
            person=selectors.person_for_login(identifier),
            via=_mask_identifier(identifier),
        )
    else:
        audit("login", outcome="failed", request=request, reason="captcha")
    return _render_login(request, form)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page with the minutes left for this account and IP."""
    identifier = (credentials or {}).get("username") or request.POST.get("username", "")
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
    audit("login_lockout", outcome="denied", request=request, scope="account_ip")
    return _render_login(
        request, LoginForm(request), error=LOCKED_MESSAGE.format(minutes=minutes), status=429
    )


def axes_username(request, credentials=None) -> str:
    """AXES_USERNAME_CALLABLE: one non-personal key for the ID number and phone of a person."""
    # What was typed into the form first: at a successful login axes passes the User's own
    # (random) username, which must map to the same key as the failures did.
    identifier = getattr(request, "POST", {}).get("username")
    if identifier is None:
        identifier = (credentials or {}).get("username") or ""
    cache_attr = "_gjj_login_key"
    cached = getattr(request, cache_attr, None)
    if cached and cached[0] == identifier:
        return cached[1]
    key = selectors.login_key(identifier)
    setattr(request, cache_attr, (identifier, key))
    return key


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
            person=Person.objects.filter(user=request.user).first(),
        )
    logout(request)  # flushes the session on the server
    return redirect("identity:login")


# --- registration and reset: three steps kept in the session -------------------------------


def _flow_get(request, name: str, stage: str) -> tuple[dict | None, Person | None]:
    flow = request.session.get(name)
    if not flow or flow.get("stage") != stage or time.time() - flow.get("at", 0) > FLOW_TTL_SECONDS:
        return None, None
    person = Person.objects.select_related("user").filter(pk=flow["pid"]).first()
    return (flow, person) if person is not None else (None, None)


def _flow_set(request, name: str, **values) -> None:
    flow = dict(request.session.get(name) or {})
    flow.update(values, at=time.time())
    request.session[name] = flow


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _check_step(request, *, flow_name, form_class, check, action, template, next_url):
    form = form_class(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        result = check(name=form.cleaned_data["name"], id_number=form.cleaned_data["id_number"])
        if result.error is None:
            request.session[flow_name] = {
                "pid": result.person.pk,
                "stage": "sms",
                "nonce": secrets.token_urlsafe(24),
                "at": time.time(),
            }
            audit(action, request=request, person=result.person, step="check")
            return redirect(next_url)
        error = result.error
        audit(
            action,
            outcome="failed",
            request=request,
            person=result.person,
            step="check",
            reason=result.reason,
            id=mask_id_number(form.cleaned_data["id_number"]),
        )
        form = form_class()  # a fresh captcha; the typed values are not echoed back
    return render(request, template, {"form": form, "error": error, "step": 1})


def _sms_step(request, *, flow_name, purpose, action, template, restart, next_url):
    flow, person = _flow_get(request, flow_name, "sms")
    if flow is None:
        messages.error(request, "请先完成信息校验。")
        return redirect(restart)
    form = SmsCodeForm()
    error = None
    if request.method == "POST":
        if request.POST.get("action") == "send":
            try:
                services.sms_code_send(
                    person=person, purpose=purpose, nonce=flow["nonce"], ip=_client_ip(request)
                )
            except services.IdentityError as exc:
                error = exc.message
                audit("sms_send", outcome="failed", request=request, person=person, reason=exc.code)
            else:
                _flow_set(request, flow_name, sent=True)
                audit("sms_send", request=request, person=person, purpose=purpose)
                minutes = services.sms_ttl() // 60
                messages.success(
                    request, f"验证码已发送至{mask_phone(person.sjhm)}，{minutes}分钟内有效。"
                )
                return redirect(request.path)
        else:
            form = SmsCodeForm(request.POST)
            if form.is_valid():
                try:
                    services.sms_code_verify(
                        person=person,
                        purpose=purpose,
                        nonce=flow["nonce"],
                        code=form.cleaned_data["code"],
                    )
                except services.IdentityError as exc:
                    error = exc.message
                    audit(
                        action,
                        outcome="failed",
                        request=request,
                        person=person,
                        step="sms",
                        reason=exc.code,
                    )
                else:
                    _flow_set(request, flow_name, stage="password")
                    audit(action, request=request, person=person, step="sms")
                    return redirect(next_url)
    context = {
        "form": form,
        "error": error,
        "phone": mask_phone(person.sjhm),
        "sent": flow.get("sent", False),
        "resend_seconds": getattr(settings, "SMS_RESEND_SECONDS", 60),
        "step": 2,
    }
    return render(request, template, context)


@never_cache
@require_http_methods(["GET", "POST"])
def register_view(request):
    return _check_step(
        request,
        flow_name="gjj_register",
        form_class=RegisterCheckForm,
        check=selectors.registration_check,
        action="register",
        template="identity/register_check.html",
        next_url=reverse("identity:register_sms"),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def register_sms_view(request):
    return _sms_step(
        request,
        flow_name="gjj_register",
        purpose=SmsCode.Purpose.REGISTER,
        action="register",
        template="identity/register_sms.html",
        restart=reverse("identity:register"),
        next_url=reverse("identity:register_password"),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def register_password_view(request):
    flow, person = _flow_get(request, "gjj_register", "password")
    if flow is None:
        messages.error(request, "请先完成信息校验和短信验证。")
        return redirect("identity:register")
    candidate = User(username="-")
    candidate._hall_person = person
    form = NewPasswordForm(request.POST or None, user=candidate)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.user_register(person=person, password=form.cleaned_data["new_password2"])
        except services.IdentityError as exc:
            error = exc.message
            audit("register", outcome="failed", request=request, person=person, reason=exc.code)
        else:
            _flow_set(request, "gjj_register", stage="done")
            audit("register", request=request, person=person, step="done")
            return redirect("identity:register_done")
    return render(
        request, "identity/register_password.html", {"form": form, "error": error, "step": 2}
    )


@never_cache
@require_GET
def register_done_view(request):
    flow, _person = _flow_get(request, "gjj_register", "done")
    if flow is None:
        return redirect("identity:register")
    request.session.pop("gjj_register", None)
    return render(request, "identity/register_done.html", {"step": 3})


@never_cache
@require_http_methods(["GET", "POST"])
def forgot_view(request):
    return _check_step(
        request,
        flow_name="gjj_reset",
        form_class=ResetCheckForm,
        check=selectors.reset_check,
        action="password_reset",
        template="identity/forgot_check.html",
        next_url=reverse("identity:forgot_sms"),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def forgot_sms_view(request):
    return _sms_step(
        request,
        flow_name="gjj_reset",
        purpose=SmsCode.Purpose.RESET,
        action="password_reset",
        template="identity/forgot_sms.html",
        restart=reverse("identity:forgot"),
        next_url=reverse("identity:forgot_password"),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def forgot_password_view(request):
    flow, person = _flow_get(request, "gjj_reset", "password")
    if flow is None or person.user is None:
        messages.error(request, "请先完成信息校验和短信验证。")
        return redirect("identity:forgot")
    form = NewPasswordForm(request.POST or None, user=person.user)
    if request.method == "POST" and form.is_valid():
        services.password_reset(person=person, password=form.cleaned_data["new_password2"])
        _flow_set(request, "gjj_reset", stage="done")
        audit("password_reset", request=request, person=person, step="done")
        return redirect("identity:forgot_done")
    return render(request, "identity/forgot_password.html", {"form": form, "step": 2})


@never_cache
@require_GET
def forgot_done_view(request):
    flow, _person = _flow_get(request, "gjj_reset", "done")
    if flow is None:
        return redirect("identity:forgot")
    request.session.pop("gjj_reset", None)
    return render(request, "identity/forgot_done.html", {"step": 3})


# --- signed-in pages -------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request):
    form = PasswordChangeForm(request.POST or None, user=request.user)
    person = Person.objects.filter(user=request.user).first()
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
            return render(request, "identity/password_change_done.html")
        audit("password_change", outcome="failed", request=request, person=person)
    return render(request, "identity/password_change.html", {"form": form})


@require_GET
def user_notice_view(request):
    return render(request, "identity/user_notice.html")
