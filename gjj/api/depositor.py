"""/api/v1/: the depositors' app and mini-program. Every handler calls the pages' selectors and
services; every read is scoped to the token's person (another person's number is a 404)."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Annotated, Literal

from captcha.models import CaptchaStore
from captcha.views import captcha_image
from csp.constants import SELF
from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Path, Router, Status

from gjj.api import errors, schemas, throttle, writes
from gjj.api.auth import APP_CHANNEL, DepositorToken
from gjj.api.errors import ApiError, Error
from gjj.api.paging import newest_first
from gjj.api.shapes import application_brief as _brief
from gjj.api.shapes import flow_nodes
from gjj.api.tokens import TokenRefused, token_pair_issue, token_refresh, tokens_revoke
from gjj.applications import selectors as applications
from gjj.core.audit import AUDIT_CHANNEL, audit
from gjj.core.codes import AccountState, IdType, LedgerType, LoanState, LoanTxnType, RepaymentMethod
from gjj.core.masking import mask_card, mask_id_number, mask_phone
from gjj.core.pagination import cursor_decode
from gjj.fund import selectors as fund
from gjj.fund.views import ledger_range_form
from gjj.identity.captcha import CAPTCHA_ERRORS, bind_key
from gjj.identity.doors import (
    DEPOSITOR_DOOR,
    LOCKED_MESSAGE,
    door_attempt,
    lockout_audit,
    login_without_session,
    minutes_left,
)
from gjj.inbox import selectors as inbox
from gjj.inbox import services as inbox_services
from gjj.loans import selectors as loans
from gjj.loans.views import not_disbursed_message, plan_query, repayment_range_form

LEDGER_PAGE_SIZE = 50
# Path parameters with an example (the contract tests call them with it, on the test data).
Grzh = Annotated[str, Path(examples=["3100000001"], description="个人账号")]
Jkhtbh = Annotated[str, Path(examples=["01201702090001"], description="借款合同编号")]
Tab = Literal["unread", "read"]
LIST_PAGE_SIZE = 50
READS = {401: Error, 404: Error, 429: Error}
QUERIES = {400: Error, 401: Error, 404: Error, 422: Error, 429: Error}


# Swagger UI's stylesheet draws its small icons (a select's arrow …) as data: SVG images; on
# the docs pages only, the hall's CSP lets images come from data: URLs too. Scripts and styles
# stay 'self' (no inline code: ninja's page loads its settings from a JSON script element).
DOCS_CSP = {"img-src": [SELF, "data:"]}


def docs_switch(view):
    """The docs page exists only while settings.API_DOCS is on (off in production if wanted)."""

    @csp_replace(DOCS_CSP)
    def wrapper(request, *args, **kwargs):
        if not settings.API_DOCS:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


api = NinjaAPI(
    title="住房公积金网上服务大厅 · 个人接口",
    version="1",
    description=(
        "缴存人手机客户端与小程序使用的接口。金额为两位小数的字符串，日期为 ISO 8601，"
        '错误统一为 {"code", "message"}。先取验证码并登录，'
        "再以 Authorization: Bearer <access> 调用。"
    ),
    urls_namespace="api-v1",
    auth=DepositorToken(),
    docs_decorator=docs_switch,
)
errors.install(api)
router = Router()


def _range_data(start: dt.date | None, end: dt.date | None) -> dict | None:
    """The web form's GET fields for the API's start/end (None: the page's defaults)."""
    if start is None and end is None:
        return None
    return {"ksrq": start.isoformat() if start else "", "jsrq": end.isoformat() if end else ""}


def _date_range(form) -> tuple[dt.date, dt.date]:
    date_range = form.date_range()
    if date_range is None:
        message = " ".join(str(e) for errs in form.errors.values() for e in errs)
        raise ApiError(400, message or "查询日期有误。", "bad_range")
    return date_range


def _check_cursor(cursor: str | None) -> None:
    if cursor and cursor_decode(cursor) is None:
        raise ApiError(400, "cursor 无效：请使用上一页返回的 next_cursor。", "bad_cursor")


def _label(choices, value: str) -> str:
    return dict(choices.choices).get(value, "")


# --- auth ------------------------------------------------------------------------------------


@router.get(
    "/auth/captcha",
    auth=None,
    throttle=[throttle.IpThrottle()],
    response={200: schemas.CaptchaOut, 429: Error},
)
def captcha(request):
    """A new captcha: its id and the picture (PNG, base64 data URL) to show the depositor."""
    key = CaptchaStore.generate_key()
    png = captcha_image(request, key).content
    # Signed for the login, as the web login's page carries it: it passes no other form.
    return {
        "captcha_id": bind_key(key, "login"),
        "image": "data:image/png;base64," + base64.b64encode(png).decode(),
    }


@router.post(
    "/auth/login",
    auth=None,
    throttle=[throttle.IpThrottle()],
    response={200: schemas.TokenOut, 400: Error, 401: Error, 403: Error, 422: Error, 429: Error},
)
def login(request, body: schemas.LoginIn):
    """The web login's rules (lockout, hourly cap, captcha first, one answer for an unknown
    number and a wrong password, audit) and a token pair on success."""
    request.__dict__[AUDIT_CHANNEL] = APP_CHANNEL
    data = {
        "username": body.username,
        "password": body.password,
        "captcha_0": body.captcha_id,
        "captcha_1": body.captcha,
    }
    outcome = door_attempt(request, DEPOSITOR_DOOR, data)
    if outcome.locked_minutes:
        raise _locked(outcome.locked_minutes)
    if getattr(request, "axes_locked_out", False):
        request.axes_locked_out = False  # answered here in JSON, not by axes's page
        minutes = minutes_left(request, DEPOSITOR_DOOR.key(body.username, request=request))
        lockout_audit(request, DEPOSITOR_DOOR, body.username, scope="account_ip")
        raise _locked(minutes)
    if not outcome.ok:
        form = outcome.form
        if "captcha" in form.errors:
            raise ApiError(400, CAPTCHA_ERRORS["invalid"], "captcha_invalid")
        messages = form.non_field_errors() or [e for errs in form.errors.values() for e in errs]
        raise ApiError(401, str(messages[0]), "invalid_login")
    if getattr(outcome.user, "person", None) is None:
        raise ApiError(403, "该用户没有关联的缴存人信息。", "no_person")
    login_without_session(request, outcome.user)
    pair = token_pair_issue(user=outcome.user)
    return {"access": pair.access, "refresh": pair.refresh, "expires_in": pair.expires_in}


class _Locked(ApiError):
    def __init__(self, minutes: int):
        super().__init__(429, LOCKED_MESSAGE.format(minutes=minutes), "locked")
        self.retry_after = minutes * 60


def _locked(minutes: int) -> ApiError:
    return _Locked(minutes)


@api.exception_handler(_Locked)
def locked_answer(request, exc: _Locked):
    response = api.create_response(request, {"code": exc.code, "message": exc.message}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@router.post(
    "/auth/refresh",
    auth=None,
    throttle=[throttle.IpThrottle()],
    response={200: schemas.TokenOut, 400: Error, 401: Error, 422: Error, 429: Error},
)
def refresh(request, body: schemas.RefreshIn):
    """A new pair for the refresh token; each refresh token works once (a reuse logs out)."""
    request.__dict__[AUDIT_CHANNEL] = APP_CHANNEL
    try:
        pair = token_refresh(raw=body.refresh, request=request)
    except TokenRefused as exc:
        raise ApiError(401, "登录已失效，请重新登录。", f"refresh_{exc.reason}") from None
    return {"access": pair.access, "refresh": pair.refresh, "expires_in": pair.expires_in}


@router.post("/auth/logout", response={204: None, 401: Error, 429: Error})
def logout(request):
    """Ends this login: its access and refresh tokens stop working."""
    tokens_revoke(family=request.api_token.family)
    audit("logout", request=request, person=request.person)
    return Status(204, None)


# --- person and fund -------------------------------------------------------------------------


@router.get("/me", response={200: schemas.Me, **READS})
def me(request):
    """个人基本信息 (masked)."""
    person = request.person
    return {
        "xingming": person.xingming,
        "zjlx": person.zjlx,
        "zjlx_label": _label(IdType, person.zjlx),
        "zjhm": mask_id_number(person.zjhm),
        "sjhm": mask_phone(person.sjhm),
        "xingbie": person.xingbie,
    }


def _account(card: fund.AccountCard) -> dict:
    a = card.account
    return {
        **{f: getattr(a, f) for f in ("grzh", "dwzh", "dwmc", "grzhzt", "khrq", "jzny")},
        **{f: getattr(a, f) for f in ("grjcjs", "dwjcbl", "grjcbl", "dwyjce", "gryjce", "grzhye")},
        "grzhzt_label": _label(AccountState, a.grzhzt),
        "monthly_total": card.monthly_total,
        "grckzhhm": mask_card(a.grckzhhm),
        "grckzhkhyhmc": a.grckzhkhyhmc,
    }


@router.get("/accounts", response={200: list[schemas.Account], **READS})
def accounts(request):
    """The person's fund accounts (个人账户), oldest first."""
    return [_account(card) for card in fund.basic_info(person=request.person)]


def _own_account(request, grzh: str):
    accounts = fund.account_list(person=request.person)
    return fund.account_pick(accounts, grzh or "-")  # another person's number: 404


@router.get("/accounts/{grzh}", response={200: schemas.Account, **READS})
def account(request, grzh: Grzh):
    a = _own_account(request, grzh)
    return _account(fund.AccountCard(account=a, monthly_total=a.dwyjce + a.gryjce))


@router.get("/accounts/{grzh}/ledger", response={200: schemas.LedgerPage, **QUERIES})
def ledger(
    request,
    grzh: Grzh,
    start: dt.date | None = None,
    end: dt.date | None = None,
    cursor: str | None = None,
):
    """缴存支取信息: entries booked from start to end (the last year by default, at most ten
    years), 50 a page, oldest first; follow next_cursor for the next page."""
    a = _own_account(request, grzh)
    _check_cursor(cursor)
    first, last = _date_range(
        ledger_range_form(_range_data(start, end), today=timezone.localdate())
    )
    page = fund.ledger_page(account=a, start=first, end=last, after=cursor, size=LEDGER_PAGE_SIZE)
    return {
        "grzh": a.grzh,
        "start": first,
        "end": last,
        "total": page.total,
        "next_cursor": page.next_cursor,
        "entries": [
            {
                "xh": row.xh,
                **{f: getattr(row.entry, f) for f in LEDGER_ENTRY_FIELDS},
                "gjhtqywlx_label": _label(LedgerType, row.entry.gjhtqywlx),
            }
            for row in page.rows
        ],
    }


LEDGER_ENTRY_FIELDS = (
    "ywlsh", "jzrq", "gjhtqywlx", "fse", "fslxe", "tqyy", "tqfs", "ywzy", "czbz", "balance"
)  # fmt: skip


# --- loans -----------------------------------------------------------------------------------


def _position(position: loans.LoanPosition | None) -> dict | None:
    if position is None:
        return None
    return {
        "state": position.state,
        "state_label": position.state_label,
        "paid_periods": position.paid_periods,
        "remaining_periods": position.remaining_periods,
        "maturity": position.maturity,
        "monthly_payment": position.monthly_payment,
        "overdue_amount": position.overdue_amount,
        "overdue_months": position.overdue_months,
        "penalty": position.penalty,
        "prepayment_mode": position.prepayment_mode,
    }


LOAN_FIELDS = (
    "jkhtbh", "dkzh", "htdkje", "dkqs", "dkll", "dkhkfs", "swtyhmc", "jkhtqdrq", "dkffrq",
    "ydhkr", "dkye", "dkzt", "fwzl",
)  # fmt: skip


def _loan(contract, position) -> dict:
    return {
        **{f: getattr(contract, f) for f in LOAN_FIELDS},
        "dkhkfs_label": _label(RepaymentMethod, contract.dkhkfs),
        "dkzt_label": _label(LoanState, contract.dkzt),
        "position": _position(position if contract.is_disbursed else None),
    }


@router.get("/loans", response={200: list[schemas.Loan], **READS})
def loan_list(request):
    """贷款信息 of each of the person's contracts, newest first."""
    contracts = loans.contract_list(person=request.person)
    positions = loans.loan_positions(contracts, today=timezone.localdate())
    return [_loan(c, positions[c.pk]) for c in contracts]


def _own_contract(request, jkhtbh: str):
    contracts = loans.contract_list(person=request.person)
    return loans.contract_pick(contracts, jkhtbh or "-")  # another person's number: 404


@router.get("/loans/{jkhtbh}", response={200: schemas.Loan, **READS})
def loan(request, jkhtbh: Jkhtbh):
    contract = _own_contract(request, jkhtbh)
    position = None
    if contract.is_disbursed:
        position = loans.loan_position_kept(contract, today=timezone.localdate())
    return _loan(contract, position)


@router.get("/loans/{jkhtbh}/repayments", response={200: schemas.RepaymentPage, **QUERIES})
def repayments(
    request,
    jkhtbh: Jkhtbh,
    start: dt.date | None = None,
    end: dt.date | None = None,
    cursor: str | None = None,
):
    """还款明细 from start to end (from the disbursement by default), 50 a page."""
    contract = _own_contract(request, jkhtbh)
    _check_cursor(cursor)
    empty = {"jkhtbh": contract.jkhtbh, "start": None, "end": None, "total": 0, "rows": []}
    if not contract.is_disbursed:
        return {**empty, "next_cursor": None, "message": not_disbursed_message(contract)}
    form = repayment_range_form(
        _range_data(start, end), contract=contract, today=timezone.localdate()
    )
    first, last = _date_range(form)
    page = loans.repayment_page(
        contract=contract, start=first, end=last, after=cursor, size=LEDGER_PAGE_SIZE
    )
    rows = [
        {
            "xh": r.xh,
            **{f: getattr(r.txn, f) for f in ("ywlsh", "ywfsrq", "hkny", "dkywmxlx")},
            **{f: getattr(r.txn, f) for f in ("ffje", "bjje", "lxje", "fxje")},
            "dkywmxlx_label": _label(LoanTxnType, r.txn.dkywmxlx),
            "total": r.total,
            "repaid_principal": r.repaid_principal,
            "repaid_interest": r.repaid_interest,
            "balance": r.balance,
        }
        for r in page.rows
    ]
    return {
        **empty,
        "start": first,
        "end": last,
        "total": page.total,
        "rows": rows,
        "next_cursor": page.next_cursor,
        "message": "",
    }


@router.get("/loans/{jkhtbh}/plan", response={200: schemas.Plan, **QUERIES})
def plan(request, jkhtbh: Jkhtbh, start: dt.date | None = None, end: dt.date | None = None):
    """还款计划: the unpaid periods due from start to end (this year by default)."""
    contract = _own_contract(request, jkhtbh)
    query = plan_query(_range_data(start, end) or {}, contract, today=timezone.localdate())
    if query.form is not None:
        first, last = _date_range(query.form)
    else:
        first = last = None
    rows = [
        {
            "xh": r.xh,
            "overdue": r.overdue,
            **{
                f: getattr(r.row, f)
                for f in ("period", "due_date", "hkny", "principal", "interest", "total")
            },
            "balance_after": r.row.balance_after,
        }
        for r in query.rows
    ]
    return {
        "jkhtbh": contract.jkhtbh,
        "start": first,
        "end": last,
        "rows": rows,
        "message": query.message,
    }


@router.get("/loans/{jkhtbh}/progress", response={200: schemas.Progress, **READS})
def progress(request, jkhtbh: Jkhtbh):
    """贷款进度查询: the nodes of the contract's loan application."""
    contract = _own_contract(request, jkhtbh)
    application, nodes = applications.loan_progress(contract)
    return {
        "jkhtbh": contract.jkhtbh,
        "application": {**_brief(application), "jkhtbh": contract.jkhtbh} if application else None,
        "nodes": flow_nodes(nodes),
    }


# --- messages --------------------------------------------------------------------------------


def _message(m) -> dict:
    return {
        "id": m.pk,
        "ywmc": m.ywmc,
        "content": m.xxnr,
        "channel": m.tsqd,
        "sent_at": m.tssj,
        "is_read": m.is_read,
    }


@router.get("/messages", response={200: schemas.MessagePage, **QUERIES})
def messages(request, tab: Tab = "unread", cursor: str | None = None):
    """消息 (unread) or 已阅 (read), newest first, 50 a page."""
    qs = inbox.message_queryset(person=request.person, state=tab)
    rows, next_cursor = newest_first(qs, field="tssj", cursor=cursor, size=LIST_PAGE_SIZE)
    return {"tab": tab, "messages": [_message(m) for m in rows], "next_cursor": next_cursor}


@router.post("/messages/{int:message_id}/read", response={200: schemas.Message, **READS})
def message_read(request, message_id: int):
    """标为已阅."""
    message = inbox.message_get(person=request.person, pk=message_id)
    if inbox_services.message_mark_read(message=message):
        audit("message_read", request=request, person=request.person, xxid=message.xxid)
        message.is_read = True
    return _message(message)


@router.delete("/messages/{int:message_id}", response={204: None, **READS})
def message_delete(request, message_id: int):
    """删除 (hidden, kept for audit)."""
    message = inbox.message_get(person=request.person, pk=message_id)
    inbox_services.message_delete(message=message, request=request)
    return Status(204, None)


# --- applications ----------------------------------------------------------------------------


@router.get("/applications", response={200: schemas.ApplicationPage, **QUERIES})
def application_list(request, cursor: str | None = None):
    """我发起的, newest first, 50 a page."""
    qs = applications.application_queryset(person=request.person).select_related("contract")
    rows, next_cursor = newest_first(qs, field="fqsj", cursor=cursor, size=LIST_PAGE_SIZE)
    return {
        "applications": [
            {**_brief(a), "jkhtbh": a.contract.jkhtbh if a.contract else None} for a in rows
        ],
        "next_cursor": next_cursor,
    }


@router.get("/applications/{sqid}", response={200: schemas.ApplicationDetail, **READS})
def application(request, sqid: str):
    """The application's flow: each node done, current or not reached."""
    a = applications.application_find(person=request.person, sqid=sqid)
    nodes = applications.application_flow(a)
    return {
        **_brief(a),
        "jkhtbh": a.contract.jkhtbh if a.contract_id else None,
        "elapsed_seconds": applications.application_elapsed_seconds(a),
        "nodes": flow_nodes(nodes),
    }


# The writes first: /applications/withdrawal must be matched before /applications/{sqid}.
api.add_router("/", writes.router)
api.add_router("/", router)
