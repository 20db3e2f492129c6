"""我要提取: choose a reason → fill in the amount and upload the materials → check the summary
→ 确认提交. The form lives in a draft (one per person), so a refused file loses nothing else."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gjj.applications import drafts
from gjj.applications import services as apps
from gjj.applications.models import Draft, Material
from gjj.applications.uploads import MAX_FILES
from gjj.applications.views import draft_views
from gjj.applications.workflow import refusals
from gjj.core.access import person_required
from gjj.core.masking import mask_card
from gjj.withdrawals import selectors, services
from gjj.withdrawals.forms import AmountForm

BUSINESS = selectors.BUSINESS


def _draft(person) -> Draft | None:
    return Draft.objects.filter(person=person, business=BUSINESS).first()


@require_http_methods(["GET", "POST"])
@person_required
def choose(request, person):
    draft = _draft(person)
    error = ""
    if request.method == "POST":
        policy = selectors.policy_online(request.POST.get("code"))
        if policy is None:
            error = "请选择提取原因。"
        else:
            if draft is not None and draft.data.get("code") != policy.code:
                drafts.draft_discard(draft=draft)
            data = dict(draft.data) if draft is not None and draft.pk else {}
            data["code"] = policy.code
            drafts.draft_save(person=person, business=BUSINESS, data=data)
            return redirect("withdrawals:fill")
    account = selectors.withdrawal_account(person=person)
    return render(
        request,
        "withdrawals/choose.html",
        {
            "policies": selectors.policies_online(),
            "current": (draft.data.get("code") if draft else "") or "",
            "account": account,
            "card": mask_card(account.grckzhhm) if account else "",
            "busy": selectors.in_progress(person=person),
            "error": error,
        },
    )


def _fill_context(person, draft, policy, form, errors=()):
    account = selectors.withdrawal_account(person=person)
    interest = Decimal("0.00")
    if policy.closes_account and account is not None:
        interest = selectors.accrued_interest(account, timezone.localdate())
    files = list(Material.objects.filter(draft=draft).order_by("id"))
    return {
        "policy": policy,
        "form": form,
        "account": account,
        "card": mask_card(account.grckzhhm) if account else "",
        "interest": interest,
        "whole_amount": (account.grzhye + interest) if account else None,
        "files": files,
        "materials": drafts.material_slots(policy.materials, files),
        "upload_errors": list(errors),
        "max_files": MAX_FILES,
    }


@require_http_methods(["GET", "POST"])
@person_required
def fill(request, person):
    draft = _draft(person)
    policy = selectors.policy_online(draft.data.get("code")) if draft else None
    if policy is None:
        return redirect("withdrawals:choose")
    if request.method == "GET":
        initial = {"amount": draft.data.get("amount", ""), "whole": draft.data.get("whole")}
        form = AmountForm(initial=initial, closing=policy.closes_account)
        return render(request, "withdrawals/fill.html", _fill_context(person, draft, policy, form))
    form = AmountForm(request.POST, closing=policy.closes_account)
    errors = drafts.materials_posted(
        person=person, draft=draft, materials=policy.materials, files=request.FILES
    )
    if form.is_valid():
        data = dict(draft.data)
        data.update(amount=form.cleaned_data["amount"], whole=bool(form.cleaned_data["whole"]))
        draft = drafts.draft_save(person=person, business=BUSINESS, data=data)
        if not errors and request.POST.get("go") == "next":
            return redirect("withdrawals:confirm")
        if not errors:
            messages.success(request, "已保存。")
            return redirect("withdrawals:fill")
    return render(
        request, "withdrawals/fill.html", _fill_context(person, draft, policy, form, errors)
    )


@require_http_methods(["GET", "POST"])
@person_required
def confirm(request, person):
    draft = _draft(person)
    if draft is None:
        return redirect("withdrawals:choose")
    if request.method == "POST":
        try:
            app = services.withdrawal_submit(person=person, draft=draft, request=request)
        except apps.Refused:
            pass  # the page below shows every failed rule
        except apps.WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("withdrawals:choose")
        else:
            messages.success(request, services.submitted_message(app))
            return redirect("applications:detail", app.pk)
    try:
        policy, facts, checks, account = services.draft_facts(
            person=person, draft=draft, today=timezone.localdate()
        )
    except apps.WorkflowError:
        return redirect("withdrawals:choose")
    return render(
        request,
        "withdrawals/confirm.html",
        {
            "policy": policy,
            "facts": facts,
            "failed": refusals(checks),
            "account": account,
            "card": mask_card(account.grckzhhm) if account else "",
            "files": list(Material.objects.filter(draft=draft).order_by("id")),
            "total": facts.amount,
            "token": draft.token,
        },
    )


cancel, material_remove = draft_views(business=BUSINESS, label="提取申请", fill="withdrawals:fill")
