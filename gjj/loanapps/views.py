"""贷款申请: the conditions and the 额度试算 with the person's data → the form (amount, term,
method, the house, the spouse, the materials) → the summary with the plan it would give →
确认提交. The form lives in a draft (one per person), so a refused file loses nothing else."""

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
from gjj.core.masking import mask_id_number
from gjj.loanapps import rules, selectors, services
from gjj.loanapps.forms import ApplyForm, LimitForm
from gjj.loans import selectors as loan_selectors

BUSINESS = selectors.BUSINESS


def _draft(person) -> Draft | None:
    return Draft.objects.filter(person=person, business=BUSINESS).first()


def _limit_facts(person, data, apply, policy, table, today):
    f, _ = selectors.facts(
        person=person, data=data, today=today, apply=apply, policy=policy, table=table
    )
    return f


@require_http_methods(["GET", "POST"])
@person_required
def start(request, person):
    """The conditions, then the limit check: 试算 shows the four limits and the one that binds,
    填写申请 keeps the figures in the draft and goes on to the form. A POST form: the spouse's ID
    number never goes into a URL."""
    today = timezone.localdate()
    apply = selectors.apply_facts(person=person, today=today)
    policy = loan_selectors.loan_policy()
    table = loan_selectors.rate_table()
    bare = _limit_facts(person, {}, apply, policy, table, today)
    conditions = rules.conditions(bare)
    eligible = all(c.passed for c in conditions)
    form = LimitForm(request.POST if request.method == "POST" else None)
    facts = result = None
    if request.method == "POST" and eligible and form.is_valid():
        facts = _limit_facts(person, form.to_data(), apply, policy, table, today)
        result = rules.limit_result(facts)
        term = rules.term(facts)
        if not term.passed:
            form.add_error("qx", term.message)
            result = None
        elif result is None or result.amount <= 0:
            form.add_error(None, "按您填写的情况，可贷额度为 0，请核对收入、债务和房价。")
            result = None
        elif request.POST.get("go") == "apply":
            draft = _draft(person)
            data = dict(draft.data) if draft is not None else {}
            data.update(form.to_data())
            if not data.get("dkje") or Decimal(data["dkje"]) > result.amount:
                data["dkje"] = str(result.amount)
            drafts.draft_save(person=person, business=BUSINESS, data=data)
            return redirect("loanapps:fill")
    elif request.method == "GET":
        draft = _draft(person)
        if draft is not None:
            form = LimitForm(initial=LimitForm.initial_from(draft.data))
    return render(
        request,
        "loanapps/start.html",
        {
            "conditions": conditions,
            "eligible": eligible,
            "busy": apply.in_progress,
            "account": apply.account,
            "months": apply.months,
            "age": apply.age,
            "policy": policy,
            "form": form,
            "facts": facts,
            "result": result,
        },
    )


def _fill_context(person, draft, form, errors=()):
    today = timezone.localdate()
    names = frozenset(
        Material.objects.filter(draft=draft).values_list("name", flat=True).distinct()
    )
    f, _ = selectors.facts(person=person, data=draft.data, today=today, materials=names)
    files = list(Material.objects.filter(draft=draft).order_by("id"))
    return {
        "form": form,
        "facts": f,
        "result": rules.limit_result(f),
        "files": files,
        "materials": drafts.material_slots(rules.MATERIALS, files),
        "upload_errors": list(errors),
        "max_files": MAX_FILES,
    }


@require_http_methods(["GET", "POST"])
@person_required
def fill(request, person):
    draft = _draft(person)
    if draft is None:
        return redirect("loanapps:start")
    if request.method == "GET":
        form = ApplyForm(initial=ApplyForm.initial_from(draft.data))
        return render(request, "loanapps/fill.html", _fill_context(person, draft, form))
    form = ApplyForm(request.POST)
    errors = drafts.materials_posted(
        person=person, draft=draft, materials=rules.MATERIALS, files=request.FILES
    )
    if form.is_valid():
        draft = drafts.draft_save(
            person=person, business=BUSINESS, data={**draft.data, **form.to_data()}
        )
        if not errors and request.POST.get("go") == "next":
            return redirect("loanapps:confirm")
        if not errors:
            messages.success(request, "已保存。")
            return redirect("loanapps:fill")
    return render(request, "loanapps/fill.html", _fill_context(person, draft, form, errors))


@require_http_methods(["GET", "POST"])
@person_required
def confirm(request, person):
    draft = _draft(person)
    if draft is None or "dkje" not in draft.data:
        return redirect("loanapps:start")
    if request.method == "POST":
        try:
            app = services.loan_submit(person=person, draft=draft, request=request)
        except apps.Refused:
            pass  # the page below shows every failed rule
        else:
            messages.success(request, services.submitted_message(app))
            return redirect("applications:detail", app.pk)
    f, checks, apply = services.draft_facts(person=person, draft=draft, today=timezone.localdate())
    spouse = f.spouse
    return render(
        request,
        "loanapps/confirm.html",
        {
            "facts": f,
            "failed": refusals(checks),
            "account": apply.account,
            "result": rules.limit_result(f),
            "preview": services.preview(f),
            "spouse_id": mask_id_number(spouse.id_number) if spouse else "",
            "files": list(Material.objects.filter(draft=draft).order_by("id")),
            "house_kind": rules.HOUSE_KINDS.get(f.house_kind, ""),
            "home": rules.HOMES[rules.SECOND_HOME if f.second_home else rules.FIRST_HOME],
        },
    )


cancel, material_remove = draft_views(business=BUSINESS, label="贷款申请", fill="loanapps:fill")
