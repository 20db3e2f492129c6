"""我要还款: the what-if of a prepayment on the depositor's own loan (domain.md §5.3).

A GET form: the contract (only disbursed, unsettled loans of the person; another person's is a
404), the mode, the amount and the day; the rules of gjj.loans.rules say what is refused, and
the what-if (gjj.loans.whatif) shows the plan after it side by side with the plan now.
"""

from __future__ import annotations

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


def _what_if(form, position, policy, today, done: int) -> tuple[list[str], WhatIf | None]:
    data = form.cleaned_data
    mode = data["tqhkfs"]
    on = data.get("tqhkrq") or rules.next_due_date(position, today)
    refusals = []
    if on is None:
        return ["此合同已没有未到期的还款计划。"], None
    refusal = rules.date_refusal(on, position=position, policy=policy, today=today)
    if refusal:
        return [refusal], None
    plan = [row for row in position.plan if row not in position.overdue]
    balance = balance_on(plan, on)
    if balance is None:
        return ["提前还款日期不能晚于最后一期还款日，请选择提前结清或更早的日期。"], None
    if rules.is_partial(mode):
        arrears = rules.arrears_notice(position)
        refusals += [text for text in (arrears, rules.yearly_refusal(done, policy=policy)) if text]
        refusal = rules.amount_refusal(
            data["amount"], position=position, policy=policy, balance=balance
        )
        if refusal:
            refusals.append(refusal)
        if refusals:
            return refusals, None
    whatif = prepayment_whatif(
        plan=plan,
        annual_rate=position.contract.dkll,
        method=position.contract.dkhkfs,
        mode=mode,
        amount=data.get("amount"),
        on=on,
        last_due=selectors.last_due_before(position, plan[0]),
        repay_day=position.contract.ydhkr,
        overdue_amount=position.overdue_amount if mode == engine.SETTLE else 0,
        penalty=position.penalty if mode == engine.SETTLE else 0,
    )
    return [], whatif


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
