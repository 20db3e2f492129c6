"""提前还款 what-if: the plan before and after a prepayment, side by side (domain.md §5.3).

Pure Python over the engine in gjj.loans.plan (no Django): the public 提前还款计算器 and the
depositor's 我要还款 page both call `prepayment_whatif` with the unpaid part of a plan.

Conventions (the engine's):
- Installments due on or before the prepayment day are paid as planned first (by the bank's
  deduction); the prepayment then applies to the balance after them, and the interest accrues
  from the latest of those due dates (or the last due date before the plan) to the prepayment
  day, days / 360, counting the first day and not the last (算头不算尾): a prepayment on a due
  date accrues nothing.
- 01/02 pay the prepaid principal plus the interest accrued on it; the balance that stays pays
  its full month's interest at the next due date. 03 pays the whole balance plus the interest
  accrued on it, plus any overdue amount and the penalty to date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from gjj.core.money import ZERO, round_fen
from gjj.loans import plan as engine


@dataclass(frozen=True)
class PlanSummary:
    """One side of the comparison: what is left to pay after the prepayment day."""

    installment: Decimal | None  # the next installment (等额本金: the next one, it decreases)
    periods: int  # 剩余期数
    last_month: str  # 最后还款年月 (YYYYMM), "" when nothing is left
    interest: Decimal  # 尚需支付的利息 (for "after": with the interest accrued, paid now)
    principal: Decimal  # 尚需偿还的本金


@dataclass(frozen=True)
class WhatIf:
    mode: str
    on: date  # 提前还款日期
    scheduled: tuple[engine.Installment, ...]  # due on or before `on`, paid as planned first
    balance: Decimal  # the balance on `on`, after the scheduled installments
    prepaid: Decimal  # principal prepaid (03: the whole balance)
    accrued: Decimal  # interest accrued from the last due date to `on` on the prepaid principal
    overdue: Decimal  # overdue principal + interest settled with a 03
    penalty: Decimal  # 罚息 settled with a 03
    before: PlanSummary
    after: PlanSummary
    plan_after: tuple[engine.Installment, ...] = field(default=())
    since: date | None = None  # the day the interest accrues from (算头不算尾: to `on`)

    @property
    def accrued_days(self) -> int:
        return (self.on - self.since).days if self.since else 0

    @property
    def pay_now(self) -> Decimal:
        """What is paid on the prepayment day (03: the settlement amount)."""
        return self.prepaid + self.accrued + self.overdue + self.penalty

    @property
    def interest_saved(self) -> Decimal:
        return self.before.interest - self.after.interest

    @property
    def installment_change(self) -> Decimal | None:
        if self.before.installment is None or self.after.installment is None:
            return None
        return self.before.installment - self.after.installment

    @property
    def periods_saved(self) -> int:
        return self.before.periods - self.after.periods

    @property
    def settles(self) -> bool:
        return self.mode == engine.SETTLE


def summarize(rows: Sequence[engine.Installment], *, extra_interest: Decimal = ZERO) -> PlanSummary:
    return PlanSummary(
        installment=rows[0].total if rows else None,
        periods=len(rows),
        last_month=rows[-1].hkny if rows else "",
        interest=engine.total_interest(rows) + extra_interest,
        principal=sum((row.principal for row in rows), ZERO),
    )


def split_at(
    plan: Sequence[engine.Installment], on: date
) -> tuple[list[engine.Installment], list[engine.Installment]]:
    """(installments due on or before `on`, the rest)."""
    due = [row for row in plan if row.due_date <= on]
    return due, list(plan[len(due) :])


def balance_on(plan: Sequence[engine.Installment], on: date) -> Decimal | None:
    """The balance on `on` after the installments due by then (None when none is left)."""
    _, rest = split_at(plan, on)
    return rest[0].balance_after + rest[0].principal if rest else None


def prepayment_whatif(
    *,
    plan: Sequence[engine.Installment],
    annual_rate: Decimal,
    method: str,
    mode: str,
    amount: Decimal | None,
    on: date,
    last_due: date,
    repay_day: int,
    overdue_amount: Decimal = ZERO,
    penalty: Decimal = ZERO,
) -> WhatIf:
    """The what-if of prepaying `amount` (principal; ignored for 03) on `on`.

    `plan` is the unpaid part of the plan as it stands (the engine's rows, from the next period
    due); `last_due` the due date before its first row (the disbursement date before the first
    period). Raises ValueError when `on` is before `last_due`, the plan is empty, or the amount
    is not positive or not less than the balance on `on` (a prepayment of the whole balance is a
    03 settlement).
    """
    if not plan:
        raise ValueError("nothing left to prepay")
    if on < last_due:
        raise ValueError("the prepayment day is before the last due date")
    scheduled, rest = split_at(plan, on)
    if not rest:
        raise ValueError("the plan ends on or before the prepayment day")
    since = scheduled[-1].due_date if scheduled else last_due
    balance = (
        scheduled[-1].balance_after if scheduled else rest[0].balance_after + rest[0].principal
    )
    before = summarize(rest)
    if mode == engine.SETTLE:
        accrued = engine.accrued_interest(balance, annual_rate, since, on)
        return WhatIf(
            mode=mode,
            on=on,
            scheduled=tuple(scheduled),
            balance=balance,
            prepaid=balance,
            accrued=accrued,
            overdue=round_fen(overdue_amount),
            penalty=round_fen(penalty),
            before=before,
            after=summarize([], extra_interest=accrued),
            since=since,
        )
    if mode not in (engine.SHORTEN_TERM, engine.REDUCE_INSTALLMENT):
        raise ValueError(f"unknown prepayment mode {mode!r}")
    if amount is None or round_fen(amount) <= 0:
        raise ValueError("the prepayment amount must be positive")
    prepaid = round_fen(amount)
    if prepaid >= balance:
        raise ValueError("a prepayment of the whole balance is a settlement (03)")
    accrued = engine.accrued_interest(prepaid, annual_rate, since, on)
    plan_after = engine.replan_after_prepayment(
        balance=balance - prepaid,
        annual_rate=annual_rate,
        remaining_months=len(rest),
        method=method,
        mode=mode,
        old_installment=rest[0],
        first_due=rest[0].due_date,
        repay_day=repay_day,
        start_period=rest[0].period,
    )
    return WhatIf(
        mode=mode,
        on=on,
        scheduled=tuple(scheduled),
        balance=balance,
        prepaid=prepaid,
        accrued=accrued,
        overdue=ZERO,
        penalty=ZERO,
        before=before,
        after=summarize(plan_after, extra_interest=accrued),
        plan_after=tuple(plan_after),
        since=since,
    )
