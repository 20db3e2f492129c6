"""个人注册 and 忘记密码: one three-step flow engine kept in the session (check the person,
verify a code sent to the phone on file, set the password). The views are in views.py."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from gjj.core.audit import audit
from gjj.core.masking import mask_id_number, mask_phone
from gjj.identity import selectors, services
from gjj.identity.forms import (
    NewPasswordForm,
    PersonCheckForm,
    RegisterCheckForm,
    ResetCheckForm,
    SmsCodeForm,
)
from gjj.identity.models import SmsCode, User
from gjj.people.models import Person

FLOW_TTL_SECONDS = 15 * 60


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


def check_step(request, flow: Flow):
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
            person=person, purpose=flow.purpose, nonce=state["nonce"], request=request
        )
    except services.IdentityError as exc:
        return exc.message
    _flow_set(request, flow, sent=True)
    minutes = services.sms_ttl() // 60
    messages.success(request, f"验证码已发送至{mask_phone(person.sjhm)}，{minutes}分钟内有效。")
    return None


def _sms_verify(request, flow: Flow, state: dict, person: Person, code: str) -> str | None:
    """Checks the code and moves the flow on; the error message when it is wrong."""
    try:
        services.sms_code_verify(
            person=person, purpose=flow.purpose, nonce=state["nonce"], code=code, request=request
        )
    except services.IdentityError as exc:
        return exc.message
    _flow_set(request, flow, stage="password")
    return None


def sms_step(request, flow: Flow):
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


def password_step(request, flow: Flow):
    state, person = _flow_get(request, flow, "password")
    user = flow.password_user(person) if state is not None else None
    if user is None:
        messages.error(request, "请先完成信息校验和短信验证。")
        return redirect(flow.url())
    form = NewPasswordForm(request.POST or None, user=user)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            flow.save_password(
                person=person, password=form.cleaned_data["new_password2"], request=request
            )
        except services.IdentityError as exc:
            error = exc.message
        else:
            _flow_set(request, flow, stage="done")
            return redirect(flow.url("done"))
    return flow.render(request, "password", flow.password_step, form=form, error=error)


def done_step(request, flow: Flow):
    state, _person = _flow_get(request, flow, "done")
    if state is None:
        return redirect(flow.url())
    request.session.pop(flow.session_key, None)
    return flow.render(request, "done", 3)
