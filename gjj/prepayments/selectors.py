"""Reads a prepayment needs: the person's loans that can be prepaid, the facts the rules look at
(a fixed number of queries whatever the length of the loan's history)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from gjj.applications.models import IN_PROGRESS, Application, Business
from gjj.applications.workflow import Check
from gjj.core.money import ZERO
from gjj.loans import plan as engine
from gjj.loans import repay
from gjj.loans import rules as loan_rules
from gjj.loans import selectors as loans
from gjj.loans.models import LoanContract
from gjj.loans.whatif import balance_on
from gjj.prepayments import rules
from gjj.withdrawals import rules as withdrawal_rules
from gjj.withdrawals import selectors as withdrawals

BUSINESS = "prepayment"
FUND_REASON = "70"  # 公积金提取还款: the withdrawal reason of 公积金冲还
# The withdrawal rules that do not apply to 公积金冲还 (the money goes to the loan, not a card).
FUND_SKIPPED = frozenset({"bank_card"})


def business() -> Business:
    return Business.objects.get(code=BUSINESS)


def open_loans(*, person) -> list[LoanContract]:
    """The person's disbursed, unsettled loans (one query)."""
    return [
        c for c in loans.contract_list(person=person) if c.is_disbursed and not loans.is_settled(c)
    ]


def _in_progress(person, exclude_pk):
    qs = Application.objects.filter(person=person, business=BUSINESS, state__in=IN_PROGRESS)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.values_list("sqid", "detail"))


def _busy(contract: LoanContract, pending) -> str:
    for sqid, detail in pending:
        if detail.get("jkhtbh") == contract.jkhtbh:
            return (
                f"借款合同【{contract.jkhtbh}】已有一笔提前还款申请正在办理（申请编号 {sqid}），"
                "请等它办结或撤回后再申请。"
            )
        return (
            f"您已有一笔提前还款申请正在办理（借款合同【{detail.get('jkhtbh', '')}】，"
            f"申请编号 {sqid}），请等它办结或撤回后再申请。"
        )
    return ""


def _partial_in_year(pending, contract: LoanContract, year: int) -> int:
    """Partial prepayments of the contract in progress (not yet booked) dated in `year`."""
    return sum(
        1
        for _, d in pending
        if d.get("jkhtbh") == contract.jkhtbh
        and loan_rules.is_partial(d.get("mode", ""))
        and str(d.get("date", "")).startswith(f"{year:04d}-")
    )


def fund_checks(
    *, person, amount: Decimal, today: dt.date, exclude_pk: int | None = None
) -> tuple[tuple[Check, ...], object]:
    """The withdrawal rules (reason 70) on `amount` drawn from the person's own fund account:
    (checks, account)."""
    policy = withdrawals.policy_online(FUND_REASON)
    if policy is None:
        refused = Check("fund_offline", "公积金冲还", False, "公积金冲还暂不能在网上办理。")
        return (refused,), withdrawals.withdrawal_account(person=person)
    facts, account = withdrawals.facts(
        person=person, policy=policy, today=today, amount=amount, exclude_pk=exclude_pk
    )
    checks = tuple(c for c in withdrawal_rules.run(facts) if c.code not in FUND_SKIPPED)
    return checks, account


def facts(
    *,
    person,
    contract: LoanContract,
    mode: str,
    amount: Decimal | None,
    on: dt.date | None,
    source: str,
    fund_amount: Decimal | None,
    today: dt.date,
    exclude_pk: int | None = None,
) -> tuple[rules.Facts, object]:
    """(the facts the rules look at, the fund account when 公积金冲还 is used)."""
    position = loans.loan_position(contract, today=today)
    policy = loans.loan_policy()
    on = on or loan_rules.next_due_date(position, today)
    calendar = repay.window_calendar(policy, today)
    plan = repay.unpaid_plan(position)
    balance = balance_on(plan, on) if (plan and on is not None) else None
    pending = _in_progress(person, exclude_pk)
    done = loans.partial_prepayments_in_year(contract, today.year)
    done += _partial_in_year(pending, contract, today.year)
    base = rules.Facts(
        today=today,
        position=position,
        policy=policy,
        mode=mode,
        amount=amount,
        on=on,
        calendar=calendar,
        balance_on=balance,
        done_this_year=done,
        busy=_busy(contract, pending),
        source=source,
        fund_amount=ZERO,
        fund_checks=(),
        whatif=None,
    )
    blocking = {"date", "amount", "arrears"}
    whatif = None
    if all(c.passed for c in rules.run(base) if c.code in blocking):
        try:
            whatif = repay.position_whatif(position, mode=mode, amount=amount, on=on)
        except ValueError:  # e.g. a day before the last installment repaid ahead
            base = replace(base, engine_refusal=loan_rules.NOT_COMPUTABLE)
    fund = ZERO
    if whatif is not None:
        if source == rules.FUND:
            fund = whatif.pay_now
        elif source == rules.BOTH:
            fund = fund_amount or ZERO
    checks, account = (), None
    if source in (rules.FUND, rules.BOTH) and whatif is not None:
        checks, account = fund_checks(
            person=person, amount=fund, today=today, exclude_pk=exclude_pk
        )
    return replace(base, whatif=whatif, fund_amount=fund, fund_checks=checks), account


def settles(mode: str) -> bool:
    return mode == engine.SETTLE
