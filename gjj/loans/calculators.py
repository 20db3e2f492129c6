"""Public calculators (no login): 贷款计算器, 提前还款计算器, 额度试算.

GET forms, so a result is a link and works without JavaScript; with it, static/js/calc.js asks
for `?partial=1` as the person types and swaps in the result fragment. Every figure comes from
the engine (gjj.loans.plan), the what-if (gjj.loans.whatif) and the limits (gjj.loans.limits);
the only queries are the rate table and the policy row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gjj.core.money import ZERO, format_amount, format_ratio
from gjj.core.pagination import list_page
from gjj.loans import limits as limit_rules
from gjj.loans import plan as engine
from gjj.loans import rates, selectors
from gjj.loans.export import schedule_workbook, workbook_response
from gjj.loans.forms import (
    METHOD_CHOICES,
    MODE_CHOICES,
    LimitCalculatorForm,
    LoanCalculatorForm,
    PrepaymentCalculatorForm,
)
from gjj.loans.whatif import WhatIf, prepayment_whatif

PLAN_PAGE_SIZE = 12
NO_RATE_MESSAGE = "利率表中没有今天适用的贷款利率，请直接输入年利率。"
METHOD_LABELS = dict(METHOD_CHOICES)
MODE_LABELS = dict(MODE_CHOICES)
TITLES = {
    "calc/loan.html": "贷款计算器",
    "calc/prepay.html": "提前还款计算器",
    "calc/limit.html": "额度试算",
}
CALCULATORS = (
    ("calc:loan", "贷款计算器"),
    ("calc:prepay", "提前还款计算器"),
    ("calc:limit", "额度试算"),
)


@dataclass
class PlanItem:
    """A plan row as the plan table and its download show it."""

    xh: int
    row: engine.Installment
    overdue: bool = False


@dataclass
class LoanResult:
    amount: Decimal
    months: int
    rate: Decimal
    rate_note: str
    method: str
    plan: list[engine.Installment]

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]

    @property
    def first(self) -> Decimal:
        return self.plan[0].total

    @property
    def decrease(self) -> Decimal | None:
        """等额本金: how much less each month pays (the first two rows' difference)."""
        if self.method != engine.EQUAL_PRINCIPAL or len(self.plan) < 2:
            return None
        return self.plan[0].total - self.plan[1].total

    @property
    def total_interest(self) -> Decimal:
        return engine.total_interest(self.plan)

    @property
    def total_repaid(self) -> Decimal:
        return self.amount + self.total_interest

    @property
    def items(self) -> list[PlanItem]:
        return [PlanItem(i + 1, row) for i, row in enumerate(self.plan)]


def _bound(request, form_class):
    """The form bound to the query string once it was submitted (any of its fields present)."""
    if any(name in request.GET for name in form_class.base_fields):
        form = form_class(request.GET)
        form.is_valid()
        return form
    return form_class()


def _rate(form, table, today: dt.date, months: int) -> tuple[Decimal, str] | None:
    """The rate typed in, else the one in force today for the term and the home (a form error
    and None when the table has none)."""
    typed = form.cleaned_data.get("ll")
    if typed is not None:
        return typed, "按您输入的年利率计算"
    try:
        row = rates.row_in_force(table, today)
    except LookupError:
        if "ll" in form.fields:
            form.add_error("ll", NO_RATE_MESSAGE)
        else:
            form.add_error(None, "利率表中没有今天适用的贷款利率，暂不能试算，请咨询公积金中心。")
        return None
    home = "第二套住房" if form.second_home else "首套住房"
    tier = "五年以下（含）" if months <= 60 else "五年以上"
    rate = row.rate(months, form.second_home)
    return rate, f"{row.effective:%Y年%-m月%-d日}起{home}{tier}贷款利率 {format_ratio(rate)}"


def _first_due(today: dt.date) -> dt.date:
    """A loan taken today: the first installment a month later, on the same day."""
    return engine.due_date(*engine.add_months(today.year, today.month, 1), today.day)


def _loan_result(form, table, today: dt.date) -> LoanResult | None:
    if not form.is_bound or form.errors:
        return None
    months = form.cleaned_data["months"]
    rate = _rate(form, table, today, months)
    if rate is None:
        return None
    method = form.choice("hkfs")
    plan = engine.build_plan(
        principal=form.cleaned_data["dkje"],
        annual_rate=rate[0],
        months=months,
        method=method,
        first_due=_first_due(today),
    )
    return LoanResult(form.cleaned_data["dkje"], months, rate[0], rate[1], method, plan)


def _render(request, template: str, fragment: str, context: dict):
    partial = request.GET.get("partial") == "1"
    context.update(calculators=CALCULATORS, calc_title=TITLES[template], partial=partial)
    return render(request, fragment if partial else template, context)


@require_GET
def loan(request):
    form = _bound(request, LoanCalculatorForm)
    result = _loan_result(form, selectors.rate_table(), timezone.localdate())
    page = None
    if result is not None:
        page = list_page(
            result.items, page=request.GET.get("page"), size=PLAN_PAGE_SIZE, query=_query(form)
        )
    return _render(
        request,
        "calc/loan.html",
        "calc/_loan_result.html",
        {"form": form, "result": result, "page": page, "query": _encoded(form)},
    )


@require_GET
def loan_export(request):
    """【数据下载】: the whole plan as .xlsx; a refused input shows the page with its message."""
    form = _bound(request, LoanCalculatorForm)
    today = timezone.localdate()
    result = _loan_result(form, selectors.rate_table(), today)
    if result is None:
        if form.is_bound and not form.errors:
            form.add_error(None, "请先输入贷款金额和期限。")
        return _render(request, "calc/loan.html", "calc/loan.html", {"form": form, "result": None})
    info = (
        f"贷款金额：{format_amount(result.amount)}元",
        f"期限：{result.months}个月",
        f"年利率：{format_ratio(result.rate)}",
        f"还款方式：{result.method_label}",
    )
    body = schedule_workbook(title="贷款计算器还款计划表", info=info, rows=result.items)
    stem = f"{today:%Y%m%d}.xlsx"
    return workbook_response(body, filename=f"贷款计算_{stem}", fallback=f"loan_calc_{stem}")


def _query(form) -> dict[str, str]:
    if not form.is_bound:
        return {}
    return {name: form.data.get(name, "") for name in form.fields if form.data.get(name)}


def _encoded(form) -> str:
    return urlencode(_query(form))


# --- 提前还款计算器 -------------------------------------------------------------------------------


@dataclass
class PrepayResult:
    loan: LoanResult
    paid: int
    whatif: WhatIf

    @property
    def mode_label(self) -> str:
        return MODE_LABELS[self.whatif.mode]


def _prepay_result(form, table, today: dt.date) -> PrepayResult | None:
    loan_result = _loan_result(form, table, today)
    if loan_result is None or form.errors:
        return None
    data = form.cleaned_data
    plan, paid = loan_result.plan, data["paid"]
    # The loan as if disbursed a month before its first due date, `paid` periods repaid.
    first = plan[0].due_date
    start = engine.due_date(*engine.add_months(first.year, first.month, -1), first.day)
    last_due = plan[paid - 1].due_date if paid else start
    mode = form.choice("tqhkfs")
    amount = data.get("amount")
    balance = plan[paid - 1].balance_after if paid else loan_result.amount
    if mode != engine.SETTLE and amount is not None and amount >= balance:
        form.add_error(
            "tqhkje",
            f"提前还款本金应小于剩余本金 {format_amount(balance)} 元；全部还清请选择提前结清。",
        )
        return None
    try:
        whatif = prepayment_whatif(
            plan=plan[paid:],
            annual_rate=loan_result.rate,
            method=loan_result.method,
            mode=mode,
            amount=amount,
            on=last_due + dt.timedelta(days=data["days"]),
            last_due=last_due,
            repay_day=first.day,
        )
    except ValueError:
        form.add_error("ts", "提前还款日应早于下一还款日，请减少距上一还款日天数。")
        return None
    return PrepayResult(loan_result, paid, whatif)


@require_GET
def prepay(request):
    form = _bound(request, PrepaymentCalculatorForm)
    result = _prepay_result(form, selectors.rate_table(), timezone.localdate())
    return _render(
        request,
        "calc/prepay.html",
        "calc/_prepay_result.html",
        {"form": form, "result": result},
    )


# --- 额度试算 -------------------------------------------------------------------------------------


@dataclass
class LimitCheck:
    result: limit_rules.LimitResult | None
    problems: list[str]
    rate_note: str
    asked_years: int | None

    @property
    def shortened(self) -> bool:
        return bool(
            self.result and self.asked_years and self.asked_years * 12 > self.result.max_months
        )


def limit_check(form, *, policy, table, today: dt.date) -> LimitCheck | None:
    """The limit for the form's figures, or None when the form is refused."""
    if not form.is_bound or form.errors:
        return None
    data = form.cleaned_data
    problems = []
    if data["jcys"] < policy.min_deposit_months:
        problems.append(
            f"连续缴存不足 {policy.min_deposit_months} 个月（您填写 {data['jcys']} 个月），"
            "暂不能申请公积金贷款。"
        )
    max_months = limit_rules.max_term_months(policy, data["nl"])
    if max_months < 12:
        problems.append(
            f"贷款到期时借款人年龄不得超过 {policy.age_limit} 周岁，按您的年龄已不能申请贷款。"
        )
        return LimitCheck(None, problems, "", data.get("qx"))
    # Whole years, at most the longest allowed.
    max_months -= max_months % 12
    months = min(data["qx"] * 12, max_months) if data.get("qx") else max_months
    rate = _rate(form, table, today, months)
    if rate is None:
        return None
    result = limit_rules.loan_limit(
        policy=policy,
        couple=data["hy"],
        balance=data["ye"],
        monthly_income=data["ysr"],
        monthly_debt=data["yzw"] or ZERO,
        price=data["fj"],
        second_home=form.second_home,
        months=months,
        max_months=max_months,
        method=form.choice("hkfs"),
        annual_rate=rate[0],
    )
    if result.amount <= 0:
        problems.append("按您填写的情况，可贷额度为 0，请核对收入、余额和房价。")
    return LimitCheck(result, problems, rate[1], data.get("qx"))


@require_GET
def limit(request):
    form = _bound(request, LimitCalculatorForm)
    policy = selectors.loan_policy()
    check = limit_check(
        form, policy=policy, table=selectors.rate_table(), today=timezone.localdate()
    )
    return _render(
        request,
        "calc/limit.html",
        "calc/_limit_result.html",
        {"form": form, "check": check, "policy": policy},
    )
