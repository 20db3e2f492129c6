"""Reads for the identity pages: who is trying to register, reset or log in."""

from __future__ import annotations

from dataclasses import dataclass

from gjj.core import pii
from gjj.core.access import current_person
from gjj.core.codes import CLOSED_ACCOUNT_STATES
from gjj.people.models import Person
from gjj.people.selectors import person_for_login

# One message for "number not on file" and "name does not match": knowing both the name and the
# number is the proof that lets the specific messages (销户, no phone, already registered) be shown.
MISMATCH = "姓名与证件号码不匹配或未在中心登记，请核对后重新输入。"
CLOSED = "职工状态为销户状态的不允许注册。"
# A person on file without any fund account (e.g. only a loan party, or an account not yet
# opened by the employer): nothing for the hall to show, and no account state to check.
NO_ACCOUNT = (
    "未查询到您在中心的住房公积金个人账户，暂不能注册。"
    "请确认单位已为您办理缴存登记，或携带本人身份证件到中心所属任一服务大厅咨询。"
)
NO_PHONE = (
    "您未在中心预留手机号码，无法接收短信验证码。"
    "请携带本人身份证件到中心所属任一服务大厅登记手机号码后再办理。"
)
ALREADY_REGISTERED = "您已注册过个人网上服务大厅，请直接登录；如忘记密码，请点击【忘记密码】重置。"
NOT_REGISTERED = "您尚未注册个人网上服务大厅，请先注册。"


@dataclass(frozen=True)
class Check:
    person: Person | None
    error: str | None
    reason: str  # a short code for the audit trail


def person_login_key(person: Person) -> str:
    return "p" + person.zjhm_digest[:40]


def login_person(identifier: str, *, request=None) -> Person | None:
    """`person_for_login`, looked up once per request: the login view, the throttle key, the
    authentication backend, django-axes and the audit trail all ask for the same person."""
    if request is None:
        return person_for_login(identifier)
    memo = request.__dict__.setdefault("_gjj_login_people", {})
    key = (identifier or "").strip()
    if key not in memo:
        memo[key] = person_for_login(key)
    return memo[key]


def person_of(user) -> Person | None:
    """The person of a login (staff: None), as the audit trail records it."""
    return current_person(user)


def login_key(identifier: str, *, request=None) -> str:
    """A stable, non-personal key for throttling one account, however it was named.

    ID number and phone of the same person map to the same key; an identifier that names nobody
    maps to its own digest, so throttling treats known and unknown numbers alike.
    """
    person = login_person(identifier, request=request)
    if person is not None:
        return person_login_key(person)
    return "x" + (pii.digest(pii.normalize_id(identifier)) or "empty")[:40]


def _match(name: str, id_number: str) -> Person | None:
    # One query whether the number is unknown or the name is wrong: the two answers must not
    # differ in time either.
    person = Person.objects.by_id_number(id_number).select_related("user").first()
    if person is None or person.xingming.strip() != (name or "").strip():
        return None
    return person


def registration_check(*, name: str, id_number: str) -> Check:
    person = _match(name, id_number)
    if person is None:
        return Check(None, MISMATCH, "mismatch")
    if person.user_id is not None:
        # Whatever the accounts' state now: this person has a login already.
        return Check(person, ALREADY_REGISTERED, "registered")
    states = set(person.accounts.values_list("grzhzt", flat=True))
    if not states:
        return Check(person, NO_ACCOUNT, "no_account")
    if states <= CLOSED_ACCOUNT_STATES:
        return Check(person, CLOSED, "closed")
    if not person.sjhm_digest:
        return Check(person, NO_PHONE, "no_phone")
    return Check(person, None, "ok")


def reset_check(*, name: str, id_number: str) -> Check:
    person = _match(name, id_number)
    if person is None:
        return Check(None, MISMATCH, "mismatch")
    if person.user_id is None:
        return Check(person, NOT_REGISTERED, "not_registered")
    if not person.sjhm_digest:
        return Check(person, NO_PHONE, "no_phone")
    return Check(person, None, "ok")
