"""Login, registration, forgot password, change password and logout (the manual's 1.1–1.4, 4, 5)."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gjj.core import ratelimit
from gjj.core.audit import audit
from gjj.core.masking import mask_id_number, mask_phone
from gjj.core.net import client_ip, safe_url
from gjj.core.reveal import reveal_start
from gjj.identity import doors, security, selectors, services
from gjj.identity.forms import (
    NewPasswordForm,
    PasswordChangeForm,
    PersonCheckForm,
    RegisterCheckForm,
    ResetCheckForm,
    SmsCodeForm,
)
from gjj.identity.middleware import SESSION_STARTED
from gjj.identity.models import Person, SmsCode, User

FLOW_TTL_SECONDS = 15 * 60


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request):
    if request.user.is_authenticated and request.method != "POST":
        return redirect("hall:home")
    return doors.door_login(request, doors.DEPOSITOR_DOOR)


@never_cache
@require_http_methods(["GET", "POST"])
def logout_view(request):
    """GET: the 是/否 confirmation (the page without JavaScript); POST: log out."""
    back = safe_url(
        request, request.GET.get("next") or request.headers.get("referer"), reverse("hall:home")
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


@dataclass(frozen=True)
class Flow:
    """One of the two three-step flows: 个人注册 and 忘记密码 share every step's logic.

    Its pages are the URL names `identity:<name>`, `<name>_sms`, `<name>_password`,
    `<name>_done` and the templates `identity/<name>_<stage>.html` (check, sms, password, done).
    """

    name: str
    session_key: str
    action: str  # the audit action
    purpose: str  # SmsCode.Purpose
    title: str
    steps: tuple[str, str, str]
    check_form: type[PersonCheckForm]
    check: Callable[..., selectors.Check]
    # The user whose name and ID the new password must not contain; None: start again.
    password_user: Callable[[Person], User | None]
    save_password: Callable[..., User]
    code_label: str = "短信验证码"  # the manual: 短信验证码 (注册), 输入验证码 (忘记密码)
    # The step the progress bar marks while the new password is typed: the manual's 忘记密码
    # shows 新密码/确认密码 under 3 修改成功.
    password_step: int = 2

    def url(self, stage: str = "") -> str:
        return reverse(f"identity:{self.name}_{stage}" if stage else f"identity:{self.name}")

    def render(self, request, stage: str, step: int, **context):
        context.update(flow=self, step=step, done=stage == "done")
        return render(request, f"identity/{self.name}_{stage}.html", context)


def _candidate_user(person: Person) -> User:
    """A user not yet saved, so the password validators see the person's name and ID."""
    candidate = User(username="-")
    candidate._hall_person = person
    return candidate


REGISTER = Flow(
    name="register",
    session_key="gjj_register",
    action="register",
    purpose=SmsCode.Purpose.REGISTER,
    title="个人注册",
    steps=("信息校验", "短信验证", "注册完成"),
    check_form=RegisterCheckForm,
    check=selectors.registration_check,
    password_user=_candidate_user,
    save_password=services.user_register,
)
RESET = Flow(
    name="forgot",
    session_key="gjj_reset",
    action="password_reset",
    purpose=SmsCode.Purpose.RESET,
    title="忘记密码",
    steps=("信息校验", "重置密码", "修改成功"),
    check_form=ResetCheckForm,
    check=selectors.reset_check,
    password_user=lambda person: person.user,
    save_password=services.password_reset,
    code_label="输入验证码",
    password_step=3,
)


def _flow_get(request, flow: Flow, stage: str) -> tuple[dict | None, Person | None]:
    state = request.session.get(flow.session_key)
    if (
        not state
        or state.get("stage") != stage
        or time.time() - state.get("at", 0) > FLOW_TTL_SECONDS
    ):
        return None, None
    person = Person.objects.select_related("user").filter(pk=state["pid"]).first()
    return (state, person) if person is not None else (None, None)


def _flow_set(request, flow: Flow, **values) -> None:
    state = dict(request.session.get(flow.session_key) or {})
    state.update(values, at=time.time())
    request.session[flow.session_key] = state


def _check_step(request, flow: Flow):
    form = flow.check_form(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        result = flow.check(
            name=form.cleaned_data["name"], id_number=form.cleaned_data["id_number"]
        )
        if result.error is None:
            request.session[flow.session_key] = {
                "pid": result.person.pk,
                "stage": "sms",
                "nonce": secrets.token_urlsafe(24),
                "at": time.time(),
            }
            audit(flow.action, request=request, person=result.person, step="check")
            return redirect(flow.url("sms"))
        error = result.error
        audit(
            flow.action,
            outcome="failed",
            request=request,
            person=result.person,
            step="check",
            reason=result.reason,
            id=mask_id_number(form.cleaned_data["id_number"]),
        )
        form = flow.check_form()  # a fresh captcha; the typed values are not echoed back
    return flow.render(request, "check", 1, form=form, error=error)


def _sms_send(request, flow: Flow, state: dict, person: Person) -> str | None:
    """Sends a code; the error message when it is refused."""
    try:
        services.sms_code_send(
            person=person, purpose=flow.purpose, nonce=state["nonce"], ip=client_ip(request)
        )
    except services.IdentityError as exc:
        audit("sms_send", outcome="failed", request=request, person=person, reason=exc.code)
        return exc.message
    _flow_set(request, flow, sent=True)
    audit("sms_send", request=request, person=person, purpose=flow.purpose)
    minutes = services.sms_ttl() // 60
    messages.success(request, f"验证码已发送至{mask_phone(person.sjhm)}，{minutes}分钟内有效。")
    return None


def _sms_verify(request, flow: Flow, state: dict, person: Person, code: str) -> str | None:
    """Checks the code and moves the flow on; the error message when it is wrong."""
    try:
        services.sms_code_verify(
            person=person, purpose=flow.purpose, nonce=state["nonce"], code=code
        )
    except services.IdentityError as exc:
        audit(
            flow.action,
            outcome="failed",
            request=request,
            person=person,
            step="sms",
            reason=exc.code,
        )
        return exc.message
    _flow_set(request, flow, stage="password")
    audit(flow.action, request=request, person=person, step="sms")
    return None


def _sms_step(request, flow: Flow):
    state, person = _flow_get(request, flow, "sms")
    if state is None:
        messages.error(request, "请先完成信息校验。")
        return redirect(flow.url())
    form = SmsCodeForm(label=flow.code_label)
    error = None
    if request.method == "POST":
        if request.POST.get("action") == "send":
            error = _sms_send(request, flow, state, person)
            if error is None:
                return redirect(request.path)
        else:
            form = SmsCodeForm(request.POST, label=flow.code_label)
            if form.is_valid():
                error = _sms_verify(request, flow, state, person, form.cleaned_data["code"])
                if error is None:
                    return redirect(flow.url("password"))
    return flow.render(
        request,
        "sms",
        2,
        form=form,
        error=error,
        phone=mask_phone(person.sjhm),
        sent=state.get("sent", False),
        resend_seconds=getattr(settings, "SMS_RESEND_SECONDS", 60),
    )


def _password_step(request, flow: Flow):
    state, person = _flow_get(request, flow, "password")
    user = flow.password_user(person) if state is not None else None
    if user is None:
        messages.error(request, "请先完成信息校验和短信验证。")
        return redirect(flow.url())
    form = NewPasswordForm(request.POST or None, user=user)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            flow.save_password(person=person, password=form.cleaned_data["new_password2"])
        except services.IdentityError as exc:
            error = exc.message
            audit(flow.action, outcome="failed", request=request, person=person, reason=exc.code)
        else:
            _flow_set(request, flow, stage="done")
            audit(flow.action, request=request, person=person, step="done")
            return redirect(flow.url("done"))
    return flow.render(request, "password", flow.password_step, form=form, error=error)


def _done_step(request, flow: Flow):
    state, _person = _flow_get(request, flow, "done")
    if state is None:
        return redirect(flow.url())
    request.session.pop(flow.session_key, None)
    return flow.render(request, "done", 3)


def _flow_view(flow: Flow, step, methods=("GET", "POST")):
    """The view of one step of one flow (the URLs keep one named view a page)."""

    @never_cache
    @require_http_methods(list(methods))
    def view(request):
        return step(request, flow)

    return view


register_view = _flow_view(REGISTER, _check_step)
register_sms_view = _flow_view(REGISTER, _sms_step)
register_password_view = _flow_view(REGISTER, _password_step)
register_done_view = _flow_view(REGISTER, _done_step, methods=("GET",))
forgot_view = _flow_view(RESET, _check_step)
forgot_sms_view = _flow_view(RESET, _sms_step)
forgot_password_view = _flow_view(RESET, _password_step)
forgot_done_view = _flow_view(RESET, _done_step, methods=("GET",))


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


# --- 账户安全 -----------------------------------------------------------------------------------

REVEAL_FAILURE_LIMIT = 5
REVEAL_FAILURE_WINDOW = 15 * 60


@never_cache
@require_GET
@login_required
def security_view(request):
    person = getattr(request.user, "person", None)  # the header reads the same cached row
    context = {
        "logins": security.login_history(user=request.user, person=person),
        "devices": security.active_sessions(request=request),
        "reveal_seconds": settings.REVEAL_SECONDS,
    }
    return render(request, "identity/security.html", context)


@require_POST
@login_required
def end_other_sessions_view(request):
    ended = security.sessions_end_others(request=request)
    person = Person.objects.filter(user=request.user).first()
    audit("sessions_end_others", request=request, person=person, ended=ended)
    messages.success(request, "已退出其他设备上的登录，只保留当前设备。")
    return redirect("identity:security")


@require_POST
@login_required
def reveal_view(request):
    """Re-enter the password: the basic-information masks are lifted for a minute (audited)."""
    person = Person.objects.filter(user=request.user).first()
    back = reverse("fund:basic_info")
    wait = ratelimit.peek(
        "reveal", str(request.user.pk), limit=REVEAL_FAILURE_LIMIT, window=REVEAL_FAILURE_WINDOW
    )
    if wait:
        messages.error(request, "密码错误次数过多，请15分钟后再试。")
        audit("pii_reveal", outcome="denied", request=request, person=person)
        return redirect(back)
    if not request.user.check_password(request.POST.get("password", "")):
        ratelimit.hit(
            "reveal",
            str(request.user.pk),
            limit=REVEAL_FAILURE_LIMIT,
            window=REVEAL_FAILURE_WINDOW,
        )
        audit("pii_reveal", outcome="failed", request=request, person=person)
        messages.error(request, "登录密码不正确，完整信息未显示。")
        return redirect(back)
    seconds = reveal_start(request)
    audit("pii_reveal", request=request, person=person, seconds=seconds)
    messages.success(request, f"完整信息将显示{seconds}秒，之后刷新页面即恢复掩码显示。")
    return redirect(back)
