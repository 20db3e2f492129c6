"""申请提前还款: from the what-if (/repay/prepay/) to a confirm page that shows the engine's
figures, the source of funds and every rule that refuses, then 确认提交 (a form post; works
without JavaScript). Another person's contract is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gjj.applications import services as apps
from gjj.applications.workflow import refusals
from gjj.core.access import person_required
from gjj.loans import selectors as loans
from gjj.prepayments import rules, selectors, services
from gjj.prepayments.forms import ApplyForm
from gjj.withdrawals.selectors import withdrawal_account


@require_http_methods(["GET", "POST"])
@person_required
def confirm(request, person):
    data = request.POST if request.method == "POST" else request.GET
    contracts = loans.contract_list(person=person)
    contract = loans.contract_pick(contracts, data.get("jkhtbh"))  # another person's: 404
    open_loans = [c for c in contracts if c.is_disbursed and not loans.is_settled(c)]
    if contract is None or contract not in open_loans:
        messages.error(request, "请先选择一笔已发放且未结清的贷款。")
        return redirect("repay:prepay")
    form = ApplyForm(data, contracts=open_loans, initial={"jkhtbh": contract.jkhtbh})
    context = {"contract": contract, "form": form, "failed": [], "facts": None}
    if not form.is_valid():
        return render(request, "prepayments/confirm.html", context)
    c = form.cleaned_data
    args = dict(
        contract=contract,
        mode=c["tqhkfs"],
        amount=None if selectors.settles(c["tqhkfs"]) else c.get("amount"),
        on=c.get("tqhkrq"),
        source=c["zjly"],
        fund_amount=c.get("fund"),
    )
    if request.method == "POST" and request.POST.get("go") == "submit":
        try:
            app = services.prepayment_submit(
                person=person, token=request.POST.get("token", ""), request=request, **args
            )
        except apps.Refused:
            pass  # the page below shows every failed rule
        except apps.WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("repay:prepay")
        else:
            messages.success(request, f"提前还款申请已提交，申请编号 {app.sqid}，请留意办理进度。")
            return redirect("applications:detail", app.pk)
    facts, account = selectors.facts(person=person, today=timezone.localdate(), **args)
    context.update(
        facts=facts,
        failed=refusals(rules.run(facts)),
        whatif=facts.whatif,
        account=account or withdrawal_account(person=person),
        token=services.new_token(person),
    )
    return render(request, "prepayments/confirm.html", context)
