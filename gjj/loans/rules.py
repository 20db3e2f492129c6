"""The rules of 提前还款 (domain.md §5.3, the center's LoanPolicy): pure functions over a loan's
position, so the 我要还款 page, the submission and the staff's re-check say the same thing.

Each rule answers with the Chinese sentence a depositor reads, or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from gjj.core.money import format_amount, round_fen
from gjj.loans import plan as engine

WEEKDAYS = "一二三四五六日"
NO_PLAN_LEFT = "此合同已没有未到期的还款计划。"
NOT_COMPUTABLE = "所选日期早于已还款的期次，无法办理提前还款，请选择下一还款日。"
PAST_PLAN = "提前还款日期不能晚于最后一期还款日，请选择提前结清或更早的日期。"


def is_working_day(day: dt.date, calendar: Mapping[dt.date, bool] | None = None) -> bool:
    """Monday to Friday, unless the center's holiday calendar (`calendar`: day → True for a 调休
    上班日, False for a 法定节假日; gjj.loans.selectors.holiday_calendar) says otherwise."""
    if calendar and day in calendar:
        return calendar[day]
    return day.weekday() < 5


def next_due_date(position, today: dt.date) -> dt.date | None:
    """The first due date of the unpaid plan on or after today (overdue periods are before)."""
    for row in position.plan:
        if row.due_date >= today:
            return row.due_date
    return None


def minimum_amount(position, policy) -> Decimal:
    """部分提前还款的最低金额: the installment now due times the policy's multiple."""
    installment = next(
        (row.total for row in position.plan if row not in position.overdue), Decimal(0)
    )
    return round_fen(installment * policy.prepay_min_installments)


def is_prepayable(position) -> str:
    """Why the loan cannot be prepaid online ("" when it can)."""
    contract = position.contract
    if not contract.is_disbursed:
        return f"此合同【{contract.jkhtbh}】的贷款未发放，不能提前还款。"
    if not position.plan:
        return f"此合同【{contract.jkhtbh}】的贷款已结清。"
    return ""


def arrears_notice(position) -> str:
    """The overdue amount and the penalty to date, to be cleared before a partial prepayment."""
    if not position.overdue_months:
        return ""
    amount = ""
    if position.overdue:
        amount = (
            f"逾期本息 {format_amount(position.overdue_amount)} 元，"
            f"截至今日罚息 {format_amount(position.penalty)} 元，"
        )
    return (
        f"此合同有 {len(position.overdue_months)} 期应还款项逾期未还"
        f"（{position.overdue_months_text}），{amount}请先归还逾期款项再申请部分提前还款；"
        "提前结清时逾期本息和罚息一并结清。"
    )


def date_refusal(
    on: dt.date, *, position, policy, today: dt.date, calendar: Mapping[dt.date, bool] | None = None
) -> str:
    """The prepayment day: the next due date, or a working day within the policy's window
    (weekends and the holidays of `calendar` are not, its 调休上班日 are)."""
    if on == next_due_date(position, today):
        return ""
    last = today + dt.timedelta(days=policy.prepay_window_days)
    if on < today or on > last:
        return (
            f"提前还款日期应为下一还款日，或今天起 {policy.prepay_window_days} 天内"
            f"（{today:%Y-%m-%d} 至 {last:%Y-%m-%d}）的工作日。"
        )
    if not is_working_day(on, calendar):
        if calendar and calendar.get(on) is False:
            return f"{on:%Y-%m-%d} 是法定节假日，请选择工作日。"
        return f"{on:%Y-%m-%d} 是星期{WEEKDAYS[on.weekday()]}，请选择工作日。"
    return ""


def amount_refusal(amount: Decimal, *, position, policy, balance: Decimal) -> str:
    """部分提前还款的金额: at least the minimum, whole yuan when the policy says so, less than
    the balance on the day (the whole balance is 提前结清)."""
    if policy.prepay_whole_yuan and amount != amount.to_integral_value():
        return "提前还款金额须为整元。"
    least = minimum_amount(position, policy)
    if amount < least:
        times = policy.prepay_min_installments
        what = "一期月还款额" if times == 1 else f" {times} 期月还款额"
        return f"提前还款金额不能少于{what}（{format_amount(least)} 元）。"
    if amount >= balance:
        return f"提前还款金额应小于剩余本金 {format_amount(balance)} 元；全部还清请选择提前结清。"
    return ""


def yearly_refusal(done_this_year: int, *, policy) -> str:
    if done_this_year >= policy.prepay_per_year:
        return (
            f"每年最多办理 {policy.prepay_per_year} 次部分提前还款，"
            f"您今年已办理 {done_this_year} 次；可选择提前结清，或明年再办理。"
        )
    return ""


def is_partial(mode: str) -> bool:
    return mode in (engine.SHORTEN_TERM, engine.REDUCE_INSTALLMENT)
