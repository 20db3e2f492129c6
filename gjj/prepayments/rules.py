"""The rules of an online 提前还款 as `Check`s (gjj.applications.workflow): each one is a rule of
gjj.loans.rules (the what-if page says the same sentences) or of the withdrawal rules (公积金冲还),
plus the two that belong to the application: one in progress, and where the money comes from.

Pure functions over `Facts` (gathered by gjj.prepayments.selectors); the order is the order a
depositor reads them in: arrears first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from gjj.applications.workflow import Check
from gjj.core.money import ZERO, format_amount
from gjj.loans import rules as loan_rules
from gjj.loans.whatif import WhatIf

# 还款资金来源 (zjly in applications_out.csv)
CARD, FUND, BOTH = "1", "2", "3"
SOURCES = {CARD: "银行卡还款", FUND: "公积金冲还", BOTH: "公积金冲还 + 银行卡"}


@dataclass(frozen=True)
class Facts:
    today: dt.date
    position: object  # gjj.loans.selectors.LoanPosition
    policy: object  # gjj.loans.models.LoanPolicy
    mode: str  # 01 / 02 / 03
    amount: Decimal | None  # principal prepaid (01/02)
    on: dt.date | None  # 提前还款日期
    calendar: Mapping[dt.date, bool]
    balance_on: Decimal | None  # the balance on `on` after the installments due by then
    done_this_year: int  # partial prepayments booked this year + applications in progress
    busy: str  # the sentence naming the prepayment application in progress, "" when none
    source: str
    fund_amount: Decimal  # the part paid by 公积金冲还
    fund_checks: tuple[Check, ...]  # the withdrawal rules on that part (reason 70)
    whatif: WhatIf | None  # None when the date or the amount is refused
    engine_refusal: str = (
        ""  # the engine could not compute this prepayment (loan_rules.NOT_COMPUTABLE)
    )

    @property
    def card_amount(self) -> Decimal | None:
        """The part paid from the loan's repayment card."""
        return self.whatif.pay_now - self.fund_amount if self.whatif else None

    @property
    def partial(self) -> bool:
        return loan_rules.is_partial(self.mode)


def _check(code: str, label: str, problem: str) -> Check:
    return Check(code=code, label=label, passed=not problem, message=problem)


def arrears(f: Facts) -> Check:
    return _check("arrears", "逾期款项", loan_rules.arrears_notice(f.position) if f.partial else "")


def date(f: Facts) -> Check:
    if f.on is None:
        problem = loan_rules.NO_PLAN_LEFT
    else:
        problem = loan_rules.date_refusal(
            f.on, position=f.position, policy=f.policy, today=f.today, calendar=f.calendar
        )
        if not problem and f.balance_on is None:
            problem = loan_rules.PAST_PLAN
        problem = problem or f.engine_refusal
    return _check("date", "提前还款日期", problem)


def amount(f: Facts) -> Check:
    problem = ""
    if f.partial and f.balance_on is not None:
        if f.amount is None:
            problem = "请输入提前还款金额。"
        else:
            problem = loan_rules.amount_refusal(
                f.amount, position=f.position, policy=f.policy, balance=f.balance_on
            )
    return _check("amount", "提前还款金额", problem)


def per_year(f: Facts) -> Check:
    problem = loan_rules.yearly_refusal(f.done_this_year, policy=f.policy) if f.partial else ""
    return _check("per_year", "每年部分提前还款次数", problem)


def one_in_progress(f: Facts) -> Check:
    return _check("one_in_progress", "同一合同只能有一笔在办", f.busy)


def source(f: Facts) -> Check:
    problem = ""
    if f.source not in SOURCES:
        problem = "请选择还款资金来源。"
    elif f.source == BOTH and f.whatif is not None:
        total = f.whatif.pay_now
        if f.fund_amount <= ZERO or f.fund_amount >= total:
            problem = (
                f"公积金冲还金额应大于 0 且小于本次应付 {format_amount(total)} 元；"
                "全部用公积金请选择“公积金冲还”。"
            )
    return _check("source", "还款资金来源", problem)


def fund(f: Facts) -> Check:
    """公积金冲还: a withdrawal of reason 70, so the withdrawal rules decide."""
    failed = [c.message for c in f.fund_checks if not c.passed]
    problem = ("公积金冲还不能办理：" + "".join(failed)) if failed else ""
    return _check("fund", "公积金冲还", problem)


RULES = (arrears, date, amount, per_year, one_in_progress, source, fund)


def run(facts: Facts) -> list[Check]:
    return [rule(facts) for rule in RULES]
