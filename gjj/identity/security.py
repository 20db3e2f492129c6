"""账户安全: the person's own login history, signed-in devices, and 退出其他设备."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from ua_parser import parse as parse_ua

from gjj.core import ratelimit
from gjj.core.audit import AUDIT_CHANNEL, audit
from gjj.core.masking import mask_ip
from gjj.core.models import AuditEvent
from gjj.core.net import client_ip
from gjj.core.reveal import reveal_start
from gjj.identity.models import LoginSession, User

SESSION_SID = "gjj_sid"
SESSION_LAST_LOGIN = "gjj_last_login"
LOGIN_ACTIONS = ("login", "login_lockout")
HISTORY_SIZE = 20
CHANNELS = {"web": "网页", "app": "手机客户端"}
UA_MAX = 300


@lru_cache(maxsize=512)
def device_words(user_agent: str) -> str:
    """`Chrome 120 浏览器 · Windows 10` from a User-Agent header; `未知设备` when unreadable."""
    if not user_agent:
        return "未知设备"
    result = parse_ua(user_agent)
    parts = []
    if result.user_agent and result.user_agent.family != "Other":
        ua = result.user_agent
        parts.append(f"{ua.family} {ua.major}浏览器" if ua.major else f"{ua.family}浏览器")
    if result.os and result.os.family != "Other":
        os_ = result.os
        parts.append(f"{os_.family} {os_.major}" if os_.major else os_.family)
    return " · ".join(parts) or "未知设备"


@dataclass
class LoginRow:
    at: dt.datetime
    ip: str
    device: str
    ok: bool
    outcome: str
    channel: str


def login_history(*, user: User, person=None, size: int = HISTORY_SIZE) -> list[LoginRow]:
    """The latest logins and refused logins of this person (one query)."""
    who = Q(user=user)
    if person is not None:
        who |= Q(person=person)
    events = AuditEvent.objects.filter(who, action__in=LOGIN_ACTIONS).only(
        "at", "action", "outcome", "ip", "detail"
    )[:size]
    rows = []
    for e in events:
        ok = e.outcome == AuditEvent.Outcome.OK
        if ok:
            outcome = "成功"
        elif e.action == "login_lockout":
            outcome = "失败（已锁定）"
        elif (e.detail or {}).get("reason") == "captcha":
            outcome = "失败（验证码错误）"
        else:
            outcome = "失败"
        detail = e.detail or {}
        rows.append(
            LoginRow(
                at=e.at,
                ip=mask_ip(e.ip),
                device=device_words(detail.get("ua", "")),
                ok=ok,
                outcome=outcome,
                channel=CHANNELS.get(detail.get("channel", "web"), "网页"),
            )
        )
    return rows


def login_context(request) -> dict:
    """What a login records about itself in the audit trail: browser and channel."""
    channel = getattr(request, AUDIT_CHANNEL, None) or "web"  # "app": the API's login
    return {"ua": request.headers.get("user-agent", "")[:UA_MAX], "channel": channel}


def last_login_record(user: User) -> dt.datetime | None:
    """This login becomes the user's last one; the one before it (上次登录) is returned. Every
    successful login comes here, with a session (`session_register`) or with the app's tokens
    (doors.login_without_session), instead of Django's own `update_last_login` receiver (off:
    apps.py): the previous login is the user row's, read with the user, not a query."""
    previous = user.last_login
    user.last_login = timezone.now()
    User.objects.filter(pk=user.pk).update(last_login=user.last_login)
    return previous


def session_register(request, user: User) -> None:
    """At every login: remember the previous login for the header, and list this device."""
    previous = last_login_record(user)
    if previous is not None:
        request.session[SESSION_LAST_LOGIN] = previous.isoformat()
    sid = secrets.token_hex(16)
    request.session[SESSION_SID] = sid
    LoginSession.objects.create(
        user=user,
        sid=sid,
        created_at=timezone.now(),
        ip=client_ip(request),
        user_agent=request.headers.get("user-agent", "")[:UA_MAX],
    )


def session_end(request) -> None:
    sid = request.session.get(SESSION_SID) if hasattr(request, "session") else None
    if sid:
        LoginSession.objects.filter(sid=sid, ended_at__isnull=True).update(ended_at=timezone.now())


@dataclass
class DeviceRow:
    session: LoginSession
    device: str
    ip: str
    current: bool


def active_sessions(*, request) -> list[DeviceRow]:
    """Sessions not ended and younger than the absolute timeout, this one first (one query)."""
    since = timezone.now() - dt.timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT)
    current = request.session.get(SESSION_SID)
    rows = LoginSession.objects.filter(
        user=request.user, ended_at__isnull=True, created_at__gte=since
    ).order_by("-created_at")[:50]
    devices = [
        DeviceRow(s, device_words(s.user_agent), mask_ip(s.ip), s.sid == current) for s in rows
    ]
    devices.sort(key=lambda d: not d.current)
    return devices


@transaction.atomic
def sessions_end_others(*, request, person=None) -> int:
    """End every other session of the user: a new session epoch makes their auth hashes stale
    (database and cache sessions alike); this session gets the new hash. Returns how many
    listed sessions ended (audited)."""
    user = request.user
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    update_session_auth_hash(request, user)
    current = request.session.get(SESSION_SID)
    ended = (
        LoginSession.objects.filter(user=user, ended_at__isnull=True)
        .exclude(sid=current)
        .update(ended_at=timezone.now())
    )
    audit("sessions_end_others", request=request, person=person, ended=ended)
    return ended


REVEAL_FAILURE_LIMIT = 5
REVEAL_FAILURE_WINDOW = 15 * 60


def reveal_with_password(*, request, person, password: str) -> tuple[bool, str]:
    """Re-entering the password lifts the basic-information masks for a while; five wrong tries
    in 15 minutes stop it. (shown?, the message for the person); every try is audited."""
    key, limits = (
        str(request.user.pk),
        {"limit": REVEAL_FAILURE_LIMIT, "window": REVEAL_FAILURE_WINDOW},
    )
    if ratelimit.peek("reveal", key, **limits):
        audit("pii_reveal", outcome="denied", request=request, person=person)
        return False, "密码错误次数过多，请15分钟后再试。"
    if not request.user.check_password(password):
        ratelimit.hit("reveal", key, **limits)
        audit("pii_reveal", outcome="failed", request=request, person=person)
        return False, "登录密码不正确，完整信息未显示。"
    seconds = reveal_start(request)
    audit("pii_reveal", request=request, person=person, seconds=seconds)
    return True, f"完整信息将显示{seconds}秒，之后刷新页面即恢复掩码显示。"
