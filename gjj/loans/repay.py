"""我要还款: the what-if of a prepayment on the depositor's own loan (domain.md §5.3).

A GET form: the contract (only disbursed, unsettled loans of the person; another person's is a
404), the mode, the amount and the day; the rules of gjj.loans.rules say what is refused, and
the what-if (gjj.loans.whatif) shows the plan after it side by side with the plan now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gjj.core.access import person_required
from gjj.loans import plan as engine
from gjj.loans import rules, selectors
from gjj.loans.forms import PrepaymentForm
from gjj.loans.whatif import WhatIf, balance_on, prepayment_whatif

NO_PREPAYABLE_LOAN = "您没有可以提前还款的贷款（已发放且未结清的贷款才能提前还款）。"


@dataclass
class Prepayment:
    """What the page shows for one contract."""

    position: selectors.LoanPosition
    next_due: object
    arrears: str
    done_this_year: int
    refusals: list[str] = field(default_factory=list)
    whatif: WhatIf | None = None


def unpaid_plan(position) -> list[engine.Installment]:
    """The plan a prepayment applies to: the unpaid periods not yet overdue."""
    return [row for row in position.plan if row not in position.overdue]


def position_whatif(position, *, mode: str, amount, on) -> WhatIf:
    """The engine's what-if of a prepayment on the person's loan as it stands (the 我要还款
    page, the application's figures and the demo core system's answer all call this)."""
    plan = unpaid_plan(position)
    return prepayment_whatif(
        plan=plan,
        annual_rate=position.contract.dkll,
        method=position.contract.dkhkfs,
        mode=mode,
        amount=amount,
        on=on,
        last_due=selectors.last_due_before(position, plan[0]),
        repay_day=position.contract.ydhkr,
        overdue_amount=position.overdue_amount if mode == engine.SETTLE else 0,
        penalty=position.penalty if mode == engine.SETTLE else 0,
    )


def prepayment_refusals(
    *, position, policy, today, mode: str, amount, on, done: int, calendar
) -> list[str]:
    """What the rules of gjj.loans.rules refuse for this prepayment (the what-if page and the
    application's checks read the same sentences); [] when nothing."""
    if on is None:
        return [rules.NO_PLAN_LEFT]
    refusal = rules.date_refusal(
        on, position=position, policy=policy, today=today, calendar=calendar
    )
    if refusal:
        return [refusal]
    balance = balance_on(unpaid_plan(position), on)
    if balance is None:
        return [rules.PAST_PLAN]
    refusals = []
    if rules.is_partial(mode):
        arrears = rules.arrears_notice(position)
        refusals += [text for text in (arrears, rules.yearly_refusal(done, policy=policy)) if text]
        refusal = rules.amount_refusal(amount, position=position, policy=policy, balance=balance)
        if refusal:
            refusals.append(refusal)
    return refusals


def window_calendar(policy, today) -> dict:
    return selectors.holiday_calendar(today, today + dt.timedelta(days=policy.prepay_window_days))


def _what_if(form, position, policy, today, done: int) -> tuple[list[str], WhatIf | None]:
    data = form.cleaned_data
    mode = data["tqhkfs"]
    on = data.get("tqhkrq") or rules.next_due_date(position, today)
    refusals = prepayment_refusals(
        position=position,
        policy=policy,
        today=today,
        mode=mode,
        amount=data.get("amount"),
        on=on,
        done=done,
        calendar=window_calendar(policy, today),
    )
    if refusals:
        return refusals, None
    try:
        return [], position_whatif(position, mode=mode, amount=data.get("amount"), on=on)
    except ValueError:  # e.g. a day before the last installment repaid ahead
        return [rules.NOT_COMPUTABLE], None


@require_GET
@person_required
def prepay(request, person):
    today = timezone.localdate()
    contracts = selectors.contract_list(person=person)
    open_loans = [c for c in contracts if c.is_disbursed and not selectors.is_settled(c)]
    if request.GET.get("jkhtbh"):
        contract = selectors.contract_pick(contracts, request.GET["jkhtbh"])  # others: 404
    else:
        contract = selectors.contract_default(open_loans)
    context = {"contracts": open_loans, "contract": contract, "message": "", "policy": None}
    if contract is None or contract not in open_loans:
        context["message"] = NO_PREPAYABLE_LOAN
        if contract is not None:
            position = selectors.loan_position(contract, today=today)
            context["message"] = rules.is_prepayable(position) or NO_PREPAYABLE_LOAN
        return render(request, "repay/prepay.html", context)
    position = selectors.loan_position(contract, today=today)
    policy = selectors.loan_policy()
    done = selectors.partial_prepayments_in_year(contract, today.year)
    state = Prepayment(
        position=position,
        next_due=rules.next_due_date(position, today),
        arrears=rules.arrears_notice(position),
        done_this_year=done,
    )
    initial = {"jkhtbh": contract.jkhtbh, "tqhkrq": state.next_due}
    if "tqhkfs" in request.GET:
        form = PrepaymentForm(request.GET, contracts=open_loans, initial=initial)
        if form.is_valid():
            state.refusals, state.whatif = _what_if(form, position, policy, today, done)
    else:
        form = PrepaymentForm(contracts=open_loans, initial=initial)
    context.update(
        form=form,
        state=state,
        policy=policy,
        minimum=rules.minimum_amount(position, policy),
    )
    return render(request, "repay/prepay.html", context)
