"""Writes of the identity area: SMS codes, registration, password reset and change."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import secrets

from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from gjj.core.audit import audit
from gjj.core.masking import mask_phone
from gjj.core.net import client_ip
from gjj.identity import throttle
from gjj.identity.models import SmsCode, User
from gjj.identity.selectors import person_login_key
from gjj.identity.sms import SmsGatewayError, send_sms
from gjj.people.models import Person

# Sent after a user's password was changed or reset (kwarg `user`): whatever else the user had
# signed in with (the app's API tokens) ends too; sessions end by their auth hash.
password_changed = Signal()


class IdentityError(Exception):
    """A refusal with a plain Chinese message for the depositor."""

    def __init__(self, message: str, code: str = "refused"):
        super().__init__(message)
        self.message = message
        self.code = code


def _conf(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def sms_ttl() -> int:
    return _conf("SMS_CODE_TTL_SECONDS", 5 * 60)


def _code_hash(code: str, *, phone_digest: str, purpose: str, session_digest: str) -> str:
    key = hashlib.sha256(b"gjj-sms-code-v1:" + settings.SECRET_KEY.encode()).digest()
    msg = f"{phone_digest}|{purpose}|{session_digest}|{code}".encode()
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def session_digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


SMS_TEXT = {
    SmsCode.Purpose.REGISTER: (
        "【住房公积金】您正在注册个人网上服务大厅，验证码{code}，"
        "{minutes}分钟内有效，请勿告诉他人。"
    ),
    SmsCode.Purpose.RESET: (
        "【住房公积金】您正在重置个人网上服务大厅登录密码，验证码{code}，"
        "{minutes}分钟内有效，请勿告诉他人。"
    ),
}


# The audit action of each purpose's flow (the registration's and the reset's steps).
FLOW_ACTIONS = {SmsCode.Purpose.REGISTER: "register", SmsCode.Purpose.RESET: "password_reset"}


def sms_code_send(
    *, person: Person, purpose: str, nonce: str, ip: str | None = None, request=None
) -> SmsCode:
    """`_sms_code_send`, audited (`sms_send`, sent or failed with the reason's code)."""
    if request is not None and ip is None:
        ip = client_ip(request)
    try:
        row = _sms_code_send(person=person, purpose=purpose, nonce=nonce, ip=ip)
    except IdentityError as exc:
        audit("sms_send", outcome="failed", request=request, person=person, reason=exc.code)
        raise
    audit("sms_send", request=request, person=person, purpose=purpose)
    return row


def _sms_code_send(*, person: Person, purpose: str, nonce: str, ip: str | None) -> SmsCode:
    """Send a fresh code to the person's phone on file, within the resend and daily limits.

    The code is reserved first (its row counts against the limits) in a short transaction that
    holds the person's row lock; the gateway is called only after that transaction committed,
    so no lock is held while the provider answers. A refused send deletes the reservation: a
    failed send costs no quota.
    """
    phone = person.sjhm
    if not phone:
        raise IdentityError("您未在中心预留手机号码。", "no_phone")
    code = f"{secrets.randbelow(1_000_000):06d}"
    row = _sms_code_reserve(person=person, purpose=purpose, nonce=nonce, ip=ip, code=code)
    try:
        send_sms(phone, SMS_TEXT[purpose].format(code=code, minutes=sms_ttl() // 60))
    except SmsGatewayError as exc:
        SmsCode.objects.filter(pk=row.pk).delete()
        raise IdentityError(
            "短信发送失败，请稍后再试。如多次失败，请拨打服务热线12329。", "gateway"
        ) from exc
    return row


@transaction.atomic
def _sms_code_reserve(*, person: Person, purpose: str, nonce: str, ip: str | None, code: str):
    now = timezone.now()
    day_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    # Lock the person's row so two parallel sends cannot both pass the limits.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    sent_today = SmsCode.objects.filter(phone_digest=person.sjhm_digest, created_at__gte=day_start)
    last = sent_today.order_by("-created_at").first()
    resend = _conf("SMS_RESEND_SECONDS", 60)
    if last is not None and (now - last.created_at).total_seconds() < resend:
        wait = math.ceil(resend - (now - last.created_at).total_seconds())
        raise IdentityError(f"验证码已发送，请{wait}秒后再重新获取。", "resend_too_soon")
    if sent_today.count() >= _conf("SMS_DAILY_LIMIT_PER_PHONE", 10):
        raise IdentityError("该手机号码今日获取验证码次数已达上限，请明天再试。", "phone_daily_cap")
    if ip and (
        SmsCode.objects.filter(ip=ip, created_at__gte=day_start).count()
        >= _conf("SMS_DAILY_LIMIT_PER_IP", 30)
    ):
        raise IdentityError("您所在网络今日获取验证码次数已达上限，请明天再试。", "ip_daily_cap")
    sdigest = session_digest(nonce)
    return SmsCode.objects.create(
        phone_digest=person.sjhm_digest,
        purpose=purpose,
        session_digest=sdigest,
        code_hash=_code_hash(
            code, phone_digest=person.sjhm_digest, purpose=purpose, session_digest=sdigest
        ),
        ip=ip,
        created_at=now,
        expires_at=now + dt.timedelta(seconds=sms_ttl()),
    )


def sms_code_verify(*, person: Person, purpose: str, nonce: str, code: str, request=None) -> None:
    """`_sms_code_verify`, audited as the flow's `sms` step (passed, or failed with the reason)."""
    action = FLOW_ACTIONS.get(purpose, "sms_verify")
    try:
        _sms_code_verify(person=person, purpose=purpose, nonce=nonce, code=code)
    except IdentityError as exc:
        audit(action, outcome="failed", request=request, person=person, step="sms", reason=exc.code)
        raise
    audit(action, request=request, person=person, step="sms")


def _sms_code_verify(*, person: Person, purpose: str, nonce: str, code: str) -> None:
    """Accept the latest code sent for this phone, purpose and session exactly once.

    Raises IdentityError. Not one transaction as a whole: a wrong try must stay counted even
    though the call ends in an error; the counter and the use are compare-and-set updates.
    """
    sdigest = session_digest(nonce)
    latest = (
        SmsCode.objects.filter(
            phone_digest=person.sjhm_digest, purpose=purpose, session_digest=sdigest
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if latest is None:
        raise IdentityError("请先点击按钮获取短信验证码。", "no_code")
    if latest.used_at is not None:
        raise IdentityError("该验证码已使用，请重新获取。", "used")
    if latest.expires_at <= timezone.now():
        raise IdentityError("验证码已过期，请重新获取。", "expired")
    max_attempts = _conf("SMS_MAX_ATTEMPTS", 5)
    expected = _code_hash(
        (code or "").strip(),
        phone_digest=person.sjhm_digest,
        purpose=purpose,
        session_digest=sdigest,
    )
    if not hmac.compare_digest(expected, latest.code_hash):
        counted = SmsCode.objects.filter(
            pk=latest.pk, used_at__isnull=True, attempts__lt=max_attempts
        ).update(attempts=F("attempts") + 1)
        left = max_attempts - latest.attempts - 1 if counted else 0
        if left <= 0:
            raise IdentityError("验证码错误次数过多，请重新获取。", "too_many_attempts")
        raise IdentityError(f"短信验证码不正确，还可以输入{left}次。", "wrong")
    # The right code: usable only while unused and under the try limit (one winner in a race).
    changed = SmsCode.objects.filter(
        pk=latest.pk, used_at__isnull=True, attempts__lt=max_attempts
    ).update(used_at=timezone.now())
    if changed != 1:
        if latest.attempts >= max_attempts:
            raise IdentityError("验证码错误次数过多，请重新获取。", "too_many_attempts")
        raise IdentityError("该验证码已使用，请重新获取。", "used")


def _new_username() -> str:
    # Not personal: never the ID number or phone.
    return "p" + secrets.token_hex(10)


def _audited(action: str, write):
    """The flow's last step (`done`), audited; a refusal is audited after the rollback."""

    def run(*, person: Person, password: str, request=None) -> User:
        try:
            user = write(person=person, password=password)
        except IdentityError as exc:
            audit(action, outcome="failed", request=request, person=person, reason=exc.code)
            raise
        audit(action, request=request, person=person, step="done")
        return user

    run.__doc__ = write.__doc__
    return run


@transaction.atomic
def _user_register(*, person: Person, password: str) -> User:
    user = User(username=_new_username())
    user.set_password(password)
    user.save()
    changed = Person.objects.filter(pk=person.pk, user__isnull=True).update(user=user)
    if changed != 1:
        raise IdentityError(
            "您已注册过个人网上服务大厅，请直接登录；如忘记密码，请点击【忘记密码】重置。",
            "registered",
        )
    person.user = user
    return user


@transaction.atomic
def _password_reset(*, person: Person, password: str) -> User:
    """A new password; every session of the user ends (its session auth hash changes).

    The person proved who they are (name, ID number, a code on the phone on file), so the
    login locks of their account end too: otherwise a locked-out depositor who resets the
    password still could not log in for half an hour.
    """
    user = User.objects.select_for_update().get(pk=person.user_id)
    user.set_password(password)
    user.save(update_fields=["password"])
    key = person_login_key(person)
    axes_reset(username=key)
    throttle.reset(key)
    password_changed.send(sender=User, user=user)
    return user


user_register = _audited("register", _user_register)
password_reset = _audited("password_reset", _password_reset)


@transaction.atomic
def password_change(*, user: User, password: str, request=None, person=None) -> User:
    """修改密码 (or an operator's reset of a demo login): every other session ends; audited."""
    user.set_password(password)
    user.save(update_fields=["password"])
    password_changed.send(sender=User, user=user)
    audit("password_change", request=request, person=person)
    return user


def phone_mask_of(person: Person) -> str:
    return mask_phone(person.sjhm)
