"""The rules of an online withdrawal (domain.md §6): pure functions over the person's data.

Each rule returns a `Check` that passes or says, in one Chinese sentence, why not and what to do.
The same rules run when the depositor submits, on the staff detail page and for 秒批.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from gjj.applications.workflow import Check
from gjj.core.money import ZERO, format_amount


@dataclass(frozen=True)
class Policy:
    code: str
    label: str
    account_states: tuple[str, ...]
    required_materials: tuple[str, ...] = ()
    cap_month: Decimal | None = None
    cap_year: Decimal | None = None
    min_interval_days: int = 0
    closes_account: bool = False
    needs_loan: bool = False


@dataclass(frozen=True)
class Facts:
    """What the rules look at. Amounts of past withdrawals are positive."""

    today: dt.date
    policy: Policy
    account_state: str | None  # None: no account
    account_state_label: str
    balance: Decimal
    card: str
    amount: Decimal | None
    interest: Decimal = ZERO  # accrued to today, for a closing withdrawal
    booked: tuple[tuple[dt.date, Decimal], ...] = ()  # this reason's withdrawals on the ledger
    pending: tuple[tuple[dt.date, Decimal], ...] = ()  # this reason's applications in progress
    other_in_progress: bool = False  # any withdrawal application of the person in progress
    loan_balance: Decimal | None = None  # the active loan at this center, if any
    materials: frozenset[str] = field(default_factory=frozenset)
    held: Decimal = ZERO  # held by applications of other businesses in progress (公积金冲还)


def _check(code: str, label: str, problem: str | None) -> Check:
    return Check(code=code, label=label, passed=problem is None, message=problem or "")


def account_state(f: Facts) -> Check:
    if f.account_state is None:
        problem = "您没有可办理提取的公积金账户，请咨询 12329。"
    elif f.account_state not in f.policy.account_states:
        problem = (
            f"您的账户状态为“{f.account_state_label}”，{f.policy.label}提取不能办理；"
            "请到服务大厅窗口咨询。"
        )
    else:
        problem = None
    return _check("account_state", "账户状态", problem)


def bank_card(f: Facts) -> Check:
    problem = None
    if not f.card:
        problem = "您的账户没有登记银行卡，请携带身份证和本人银行卡到服务大厅窗口登记后再申请。"
    return _check("bank_card", "收款银行卡", problem)


def one_in_progress(f: Facts) -> Check:
    problem = None
    if f.other_in_progress:
        problem = "您已有一笔提取申请正在办理，请等它办结或撤回后再申请。"
    return _check("one_in_progress", "同一业务只能有一笔在办", problem)


def amount_valid(f: Facts) -> Check:
    a = f.amount
    if a is None:
        problem = "请填写提取金额。"
    elif a <= 0:
        problem = "提取金额必须大于 0。"
    elif a != a.quantize(Decimal("0.01")):
        problem = "提取金额最多两位小数（到分）。"
    else:
        problem = None
    return _check("amount", "提取金额", problem)


def closing_whole(f: Facts) -> Check:
    problem = None
    whole = f.balance + f.interest
    if f.policy.closes_account and f.amount is not None and f.amount != whole:
        problem = (
            f"{f.policy.label}为销户提取，须提取全部余额及利息 {format_amount(whole)} 元，"
            "请选择“全部余额”。"
        )
    return _check("closing_whole", "销户提取全部余额", problem)


def within_balance(f: Facts) -> Check:
    problem = None
    available = f.balance + (f.interest if f.policy.closes_account else ZERO) - f.held
    if f.amount is not None and f.amount > available:
        problem = f"提取金额超过可提取余额 {format_amount(available)} 元，请改小金额。"
        if f.held:
            problem = (
                f"提取金额超过可提取余额 {format_amount(available)} 元（另有 "
                f"{format_amount(f.held)} 元已用于正在办理的公积金冲还），请改小金额。"
            )
    return _check("balance", "不超过账户余额", problem)


def _period_total(rows, start: dt.date, end: dt.date) -> Decimal:
    return sum((amount for day, amount in rows if start <= day <= end), ZERO)


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def cap(f: Facts) -> Check:
    """The cap for this calendar month and/or year: withdrawals booked + applications in
    progress + this one."""
    problem = None
    if f.amount is not None:
        rows = (*f.booked, *f.pending)
        for limit, (start, end), period in (
            (f.policy.cap_month, month_bounds(f.today), "本月"),
            (
                f.policy.cap_year,
                (f.today.replace(month=1, day=1), f.today.replace(month=12, day=31)),
                "本年",
            ),
        ):
            if limit is None:
                continue
            used = _period_total(rows, start, end)
            if used + f.amount > limit:
                left = max(ZERO, limit - used)
                problem = (
                    f"{f.policy.label}提取{period}限额 {format_amount(limit)} 元，"
                    f"已提取或在办 {format_amount(used)} 元，"
                    f"本次最多可提取 {format_amount(left)} 元。"
                )
                break
    return _check("cap", "限额", problem)


def interval(f: Facts) -> Check:
    problem = None
    days = f.policy.min_interval_days
    dates = [day for day, _ in (*f.booked, *f.pending)]
    if days and dates:
        last = max(dates)
        allowed = last + dt.timedelta(days=days)
        if f.today < allowed:
            problem = (
                f"{f.policy.label}提取两次之间至少间隔 {days} 天，上次为 {last:%Y-%m-%d}，"
                f"请于 {allowed:%Y-%m-%d} 以后再申请。"
            )
    return _check("interval", "提取间隔", problem)


def loan(f: Facts) -> Check:
    problem = None
    if f.policy.needs_loan:
        if f.loan_balance is None:
            problem = "您在本中心没有正在还款的公积金贷款，不能办理提取还款。"
        elif f.amount is not None and f.amount > f.loan_balance:
            problem = f"提取还款金额不能超过贷款余额 {format_amount(f.loan_balance)} 元。"
    return _check("loan", "本中心贷款", problem)


def materials(f: Facts) -> Check:
    missing = [m for m in f.policy.required_materials if m not in f.materials]
    problem = None
    if missing:
        problem = "请上传以下材料：" + "、".join(missing) + "。"
    return _check("materials", "申请材料", problem)


RULES = (
    account_state,
    bank_card,
    one_in_progress,
    amount_valid,
    closing_whole,
    within_balance,
    cap,
    interval,
    loan,
    materials,
)


def run(facts: Facts) -> list[Check]:
    return [rule(facts) for rule in RULES]
