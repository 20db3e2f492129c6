"""/api/v1/: the depositors' app and mini-program. Every handler calls the pages' selectors and
services; every read is scoped to the token's person (another person's number is a 404)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from csp.constants import SELF
from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Path, Router

from gjj.api import errors, login, schemas, tasks, writes
from gjj.api.auth import DepositorToken
from gjj.api.errors import ApiError
from gjj.api.shapes import application_brief as _brief
from gjj.api.shapes import flow_nodes
from gjj.applications import selectors as applications
from gjj.core.codes import AccountState, IdType, LedgerType, LoanState, LoanTxnType, RepaymentMethod
from gjj.core.masking import mask_card, mask_id_number, mask_phone
from gjj.core.pagination import cursor_decode
from gjj.fund import selectors as fund
from gjj.fund.views import ledger_range_form
from gjj.loans import history as loan_history
from gjj.loans import selectors as loans
from gjj.loans.views import not_disbursed_message, plan_query, repayment_range_form

LEDGER_PAGE_SIZE = 50
# Path parameters with an example (the contract tests call them with it, on the test data).
Grzh = Annotated[str, Path(examples=["3100000001"], description="个人账号")]
Jkhtbh = Annotated[str, Path(examples=["01201702090001"], description="借款合同编号")]
READS, QUERIES = errors.READS, errors.QUERIES


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


@api.exception_handler(login.Locked)
def locked_answer(request, exc: login.Locked):
    response = api.create_response(request, {"code": exc.code, "message": exc.message}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


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
    page = loan_history.repayment_page(
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


# The writes first: /applications/withdrawal must be matched before /applications/{sqid}.
api.add_router("/", writes.router)
api.add_router("/", login.router)
api.add_router("/", router)
api.add_router("/", tasks.router)
