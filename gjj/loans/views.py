"""贷款进度查询, 贷款信息, 还款明细, 还款计划 (manual §3.3–§3.6). Thin: parse, select, render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import wraps
from urllib.parse import urlencode

from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone

from gjj.core.access import person_required
from gjj.core.audit import audit
from gjj.core.forms import DateRangeForm
from gjj.core.kept import kept_page, kept_value
from gjj.core.pagination import list_page
from gjj.loans import history, selectors
from gjj.loans.export import plan_workbook_bytes, plan_workbook_response
from gjj.loans.forms import LOAN_MAX_YEARS

NO_LOAN_MESSAGE = "您未办理贷款业务，如需办理贷款业务，请回到主页面进行贷款申请"
PLAN_PAGE_SIZE = 12
PAGE_TITLES = {
    "progress": "贷款进度查询",  # gjj.applications.views.loan_progress
    "info": "贷款信息",
    "repayments": "还款明细",
    "plan": "还款计划",
}


def not_disbursed_message(contract) -> str:
    return f"此合同【{contract.jkhtbh}】的贷款未发放"


def settled_message(contract) -> str:
    return f"此合同【{contract.jkhtbh}】的贷款已结清"


def _contract_guard(view, *, keep: bool):
    """The depositor's guard and GET only; the view gets (person, contracts, contract).

    The contract is picked before the method is checked, so another person's contract number
    is a 404 whatever the method (a 405 would tell 李四 that 张三's contract exists). With
    `keep`, the page is kept between requests (gjj/core/kept.py): it shows the core's data only.
    """

    def guarded(request, person):
        contracts = selectors.contract_list(person=person)
        contract = selectors.contract_pick(contracts, request.GET.get("jkhtbh"))
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return view(request, person, contracts, contract)

    if keep:
        guarded = kept_page(f"loans:{view.__name__}")(guarded)
    return wraps(view)(person_required(guarded))


def contract_page(view):
    """A page of the contract's figures (kept: the core's data only)."""
    return _contract_guard(view, keep=True)


def contract_view(view):
    """The same guard for what must run each time: a download with its audit row, or a page
    showing the hall's own tables (贷款进度查询)."""
    return _contract_guard(view, keep=False)


def render_info(request, template, active, contracts, contract, **extra):
    context = {
        "active": active,
        "page_title": PAGE_TITLES[active],
        "has_loans": bool(contracts),
        "contracts": contracts,
        "contract": contract,
        "no_loan_message": NO_LOAN_MESSAGE if not contracts else "",
        **extra,
    }
    return render(request, template, context)


def _page_query(contract, date_range) -> str:
    params = {"jkhtbh": contract.jkhtbh}
    if date_range:
        params["ksrq"], params["jsrq"] = (f"{d:%Y-%m-%d}" for d in date_range)
    return urlencode(params)


@contract_page
def info(request, person, contracts, contract):
    loan = None
    message = ""
    if contract is not None:
        if contract.is_disbursed:
            loan = selectors.loan_summary(contract, today=timezone.localdate())
        else:
            message = not_disbursed_message(contract)
    return render_info(
        request, "info/loan_info.html", "info", contracts, contract, loan=loan, message=message
    )


@contract_page
def repayments(request, person, contracts, contract):
    form = page = date_range = None
    message = ""
    if contract is not None and not contract.is_disbursed:
        message = not_disbursed_message(contract)
    elif contract is not None:
        today = timezone.localdate()
        form = repayment_range_form(request.GET, contract=contract, today=today)
        date_range = form.date_range()
        if date_range is not None:
            page = history.repayment_page(
                contract=contract,
                start=date_range[0],
                end=date_range[1],
                after=request.GET.get("after"),
                before=request.GET.get("before"),
                query=_page_query(contract, date_range),
            )
    return render_info(
        request,
        "info/repayments.html",
        "repayments",
        contracts,
        contract,
        form=form,
        page=page,
        message=message,
    )


@dataclass
class _PlanQuery:
    """What the plan page, its download and its print view show for one contract."""

    form: DateRangeForm | None = None
    date_range: tuple[dt.date, dt.date] | None = None
    rows: list = field(default_factory=list)
    message: str = ""
    position: selectors.LoanPosition | None = None


def repayment_range_form(data, *, contract, today: dt.date) -> DateRangeForm:
    """还款明细's range (the page's and the app's): from the disbursement to today unless asked."""
    return DateRangeForm(
        data,
        default_start=contract.dkffrq,
        default_end=max(today, contract.dkffrq),
        max_years=LOAN_MAX_YEARS,
    )


def plan_range_form(data, *, today: dt.date) -> DateRangeForm:
    """还款计划's range: this calendar year unless asked."""
    return DateRangeForm(
        data,
        default_start=dt.date(today.year, 1, 1),
        default_end=dt.date(today.year, 12, 31),
        max_years=LOAN_MAX_YEARS,
    )


def _plan(request, contract) -> _PlanQuery:
    return plan_query(request.GET, contract, today=timezone.localdate())


def plan_query(data, contract, *, today: dt.date) -> _PlanQuery:
    """The plan rows in the range asked (`data`: ksrq, jsrq), or the message why there are
    none (the page, its download and print view, and the app)."""
    if not contract.is_disbursed:
        return _PlanQuery(message=not_disbursed_message(contract))
    if selectors.is_settled(contract):
        return _PlanQuery(message=settled_message(contract))
    form = plan_range_form(data, today=today)
    query = _PlanQuery(form=form, date_range=form.date_range())
    if query.date_range is not None:
        query.position = selectors.loan_position_kept(contract, today=today)
        query.rows = selectors.plan_rows(
            query.position, start=query.date_range[0], end=query.date_range[1]
        )
    return query


@contract_page
def plan(request, person, contracts, contract):
    query, page = _PlanQuery(), None
    if contract is not None:
        query = _plan(request, contract)
    if query.date_range is not None:
        page = list_page(
            query.rows,
            page=request.GET.get("page"),
            size=PLAN_PAGE_SIZE,
            query=_page_query(contract, query.date_range),
        )
    return _render_plan(request, contracts, contract, query, page)


def _render_plan(request, contracts, contract, query: _PlanQuery, page):
    return render_info(
        request,
        "info/plan.html",
        "plan",
        contracts,
        contract,
        form=query.form,
        page=page,
        position=query.position,
        message=query.message,
        page_query=_page_query(contract, query.date_range) if contract else "",
    )


@contract_page
def plan_print(request, person, contracts, contract):
    query = _PlanQuery(message=NO_LOAN_MESSAGE)
    if contract is not None:
        query = _plan(request, contract)
    context = {
        "contract": contract,
        "form": query.form,
        "date_range": query.date_range,
        "rows": query.rows,
        "position": query.position,
        "message": query.message,
    }
    return render(request, "info/plan_print.html", context)


@contract_view
def plan_export(request, person, contracts, contract):
    if contract is None:
        return render_info(request, "info/plan.html", "plan", contracts, contract)
    today = timezone.localdate()
    query = None

    def write() -> tuple | None:
        nonlocal query
        query = plan_query(request.GET, contract, today=today)
        if query.date_range is None:
            return None
        body = plan_workbook_bytes(contract=contract, date_range=query.date_range, rows=query.rows)
        return body, len(query.rows), query.date_range

    # The file first: a full disk under the writer's temporary files is a 503
    # (gjj/core/errors.py) and must not leave an audit row of an export that never happened.
    # The same contract, range and day make the same file: it is kept like a page
    # (gjj/core/kept.py); the audit row is written for every download.
    kept = kept_value(request, "loans:plan_export", person, write)
    if kept is None:
        # A refused range or a contract without a plan: the plan page says why.
        return _render_plan(request, contracts, contract, query, None)
    body, rows, (start, end) = kept
    response = plan_workbook_response(
        contract=contract, date_range=(start, end), rows=None, today=today, body=body
    )
    audit(
        "export",
        request=request,
        person=person,
        kind="loan_plan",
        jkhtbh=contract.jkhtbh,
        ksrq=f"{start:%Y-%m-%d}",
        jsrq=f"{end:%Y-%m-%d}",
        rows=rows,
    )
    return response
