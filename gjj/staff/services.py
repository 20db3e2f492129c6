"""Writes of the back office: staff logins, the policy table and the review flow (audited)."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction

from gjj.applications.models import Business
from gjj.applications.workflow import ROLES
from gjj.core.audit import audit
from gjj.identity.models import User
from gjj.staff.models import StaffProfile
from gjj.withdrawals.models import WithdrawalPolicy

POLICY_FIELDS = (
    "label",
    "online",
    "account_states",
    "materials",
    "cap_month",
    "cap_year",
    "min_interval_days",
    "auto_approve",
)


class StaffError(ValueError):
    pass


def one_time_password() -> str:
    """12 characters a person can type: letters and digits, never all digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        text = "".join(secrets.choice(alphabet) for _ in range(12))
        if any(c.isalpha() for c in text) and any(c.isdigit() for c in text):
            return text


@transaction.atomic
def staff_add(*, username: str, name: str, roles: list[str]) -> tuple[User, str]:
    """Create a staff login with roles; returns it and its one-time password."""
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise StaffError(f"角色须为：{'、'.join(ROLES)}（至少一个）。")
    if User.objects.filter(username=username).exists():
        raise StaffError(f"用户名 {username} 已存在。")
    password = one_time_password()
    user = User.objects.create_user(
        username=username, password=password, is_staff=True, first_name=name
    )
    for role in roles:
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    StaffProfile.objects.create(user=user, must_change_password=True)
    audit("staff_add", user=user, username=username, roles=roles)
    return user, password


@transaction.atomic
def staff_disable(*, username: str) -> User:
    user = User.objects.filter(username=username, is_staff=True).first()
    if user is None:
        raise StaffError(f"没有工作人员 {username}。")
    User.objects.filter(pk=user.pk).update(is_active=False)
    audit("staff_disable", user=user, username=username)
    return user


@transaction.atomic
def staff_password_change(*, user, password: str, request=None) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    StaffProfile.objects.update_or_create(user=user, defaults={"must_change_password": False})
    audit("staff_password_change", request=request, user=user)


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


@transaction.atomic
def policy_update(*, policy: WithdrawalPolicy, data: dict, user, request=None) -> dict:
    """Change a reason's row; the audit log keeps every field's before → after."""
    changes = {}
    for name in POLICY_FIELDS:
        old, new = getattr(policy, name), data[name]
        if _plain(old) != _plain(new):
            changes[name] = [_plain(old), _plain(new)]
            setattr(policy, name, new)
    if changes:
        policy.save()
        audit("policy_update", request=request, user=user, code=policy.code, changes=changes)
    return changes


@transaction.atomic
def loan_policy_update(*, policy, data: dict, user, request=None) -> dict:
    """Change the center's LoanPolicy row; the audit log keeps every field's before → after."""
    changes = {}
    for name, new in data.items():
        old = getattr(policy, name)
        if isinstance(old, Decimal) and isinstance(new, Decimal):
            new = new.quantize(old)  # the field's places: 500000 is 500000.00
        if _plain(old) != _plain(new):
            changes[name] = [_plain(old), _plain(new)]
            setattr(policy, name, new)
    if changes:
        policy.save()
        audit("loan_policy_update", request=request, user=user, changes=changes)
    return changes


@transaction.atomic
def flow_update(
    *,
    business: Business,
    second_review_above: Decimal | None,
    time_limit_days: int,
    user,
    request=None,
) -> dict:
    nodes = [dict(n) for n in business.nodes]
    before = {"nodes": business.nodes, "time_limit_days": business.time_limit_days}
    for node in nodes:
        if "above" in node and second_review_above is not None:
            node["above"] = str(second_review_above)
    after = {"nodes": nodes, "time_limit_days": time_limit_days}
    if after != before:
        business.nodes, business.time_limit_days = nodes, time_limit_days
        business.save()
        audit(
            "flow_update",
            request=request,
            user=user,
            business=business.code,
            before=before,
            after=after,
        )
    return after
