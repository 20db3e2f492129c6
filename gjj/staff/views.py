"""The back office at /staff/: login, queues, one application with its actions, the policy
table. Every page stands behind `staff_required`; an application beyond the person's roles is a
404, as is every page for a depositor."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gjj.applications import registry
from gjj.applications import services as apps
from gjj.applications.models import Business, Material
from gjj.applications.views import material_response
from gjj.applications.workflow import ROLE_ADMIN, may_act, roles_of
from gjj.core.codes import AccountState, WithdrawalReason
from gjj.core.masking import mask_card, mask_id_number, mask_phone
from gjj.loans.selectors import loan_policy
from gjj.staff import selectors, services
from gjj.staff.forms import (
    ActForm,
    FlowForm,
    LoanPolicyForm,
    PolicyForm,
    QueueFilterForm,
    StaffPasswordForm,
)
from gjj.withdrawals.models import WithdrawalPolicy


def _must_change(user) -> bool:
    try:
        return user.staff_profile.must_change_password
    except ObjectDoesNotExist:
        return False


def staff_required(view=None, *, admin=False, allow_password_change=False):
    """A staff login with at least one role (管理 for `admin` pages); anyone else: the staff
    login page when anonymous, 404 when logged in as someone else."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect(f"{reverse('staff:login')}?next={request.path}")
            roles = roles_of(user)
            if not roles or (admin and ROLE_ADMIN not in roles):
                raise Http404
            if not allow_password_change and _must_change(user):
                return redirect("staff:password")
            request.staff_roles = roles
            return view(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


def _nav(request) -> dict:
    counts = selectors.nav_counts(request.staff_roles)
    return {
        "roles": sorted(request.staff_roles),
        "counts": counts,
        "is_admin": ROLE_ADMIN in request.staff_roles,
    }


@require_POST
def staff_logout(request):
    logout(request)
    return redirect("staff:login")


@require_http_methods(["GET", "POST"])
@staff_required(allow_password_change=True)
def staff_password(request):
    form = StaffPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.staff_password_change(
            user=request.user, password=form.cleaned_data["new1"], request=request
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, "密码已修改。")
        return redirect("staff:queue")
    return render(
        request,
        "staff/password.html",
        {"form": form, "first": _must_change(request.user), **_nav(request)},
    )


def _reasons(businesses):
    """The queue's filter: each other business as a whole, the withdrawal by its reason."""
    withdrawal = [(c.value, f"提取：{c.label}") for c in WithdrawalReason]
    others = [(code, name) for code, name, _ in businesses if code != "withdrawal"]
    return [*withdrawal, ("70", "提取：公积金提取还款"), *others]


@require_GET
@staff_required
def queue(request):
    tab = request.GET.get("tab") or "todo"
    if tab not in selectors.TABS:
        tab = "todo"
    businesses = list(
        Business.objects.order_by("pk").values_list("code", "ywlx", "time_limit_days")
    )
    form = QueueFilterForm(request.GET or None, reasons=_reasons(businesses))
    filters = form.cleaned_data if form.is_valid() else {}
    page = selectors.queue_page(
        roles=request.staff_roles,
        tab=tab,
        reason=filters.get("reason") or "",
        start=filters.get("start"),
        end=filters.get("end"),
        after=request.GET.get("after"),
        time_limits={code: days for code, _, days in businesses},
        query=request.GET,
    )
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "staff/queue.html",
        {
            "tab": tab,
            "tabs": [(k, v[0]) for k, v in selectors.TABS.items()],
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "limits": "、".join(f"{name} {days} 个工作日" for _, name, days in businesses),
            **_nav(request),
        },
    )


@require_GET
@staff_required
def detail(request, pk):
    app = selectors.application_for_staff(roles=request.staff_roles, pk=pk)
    return _detail(request, app)


def _detail(request, app, form=None, status=200):
    person = app.person
    account, entries = selectors.account_and_ledger(app)
    step = selectors.current_step(app)
    can_act = (
        step is not None
        and app.state in selectors.WAITING
        and step.kind == "staff"
        and may_act(request.staff_roles, step.role)
    )
    return render(
        request,
        "staff/detail.html",
        {
            "app": app,
            "person_id": mask_id_number(person.zjhm),
            "person_phone": mask_phone(person.sjhm),
            "summary": registry.summary_for(app),
            "checks": registry.checks_for(app, today=timezone.localdate())
            if app.in_progress
            else [],
            "account": account,
            "card": mask_card(account.grckzhhm) if account else "",
            "entries": entries,
            "step": step,
            "can_act": can_act,
            "form": form or ActForm(initial={"xh": app.current_xh, "version": app.version}),
            **_nav(request),
        },
        status=status,
    )


@require_POST
@staff_required
def act(request, pk):
    app = selectors.application_for_staff(roles=request.staff_roles, pk=pk)
    form = ActForm(request.POST)
    if not form.is_valid():
        return _detail(request, app, form, status=400)
    data = form.cleaned_data
    try:
        apps.application_act(
            application=app,
            user=request.user,
            xh=data["xh"],
            version=data["version"],
            action=data["action"],
            opinion=data["opinion"],
            request=request,
        )
    except apps.NotYours:
        raise Http404 from None
    except apps.Moved as exc:
        messages.error(request, str(exc))
        return redirect("staff:detail", app.pk)
    except apps.WorkflowError as exc:
        form.add_error(None, str(exc))
        return _detail(request, app, form, status=400)
    messages.success(request, f"申请 {app.sqid} 已办理：{apps.ACTION_LABELS[data['action']]}。")
    return redirect("staff:queue")


@require_GET
@staff_required
def material(request, pk):
    m = get_object_or_404(Material.objects.select_related("application"), pk=pk)
    if m.application_id is None:
        raise Http404
    selectors.application_for_staff(roles=request.staff_roles, pk=m.application_id)
    return material_response(m)


@require_GET
@staff_required(admin=True)
def policy_list(request):
    return render(
        request,
        "staff/policy_list.html",
        {
            "policies": list(WithdrawalPolicy.objects.all()),
            "businesses": list(Business.objects.order_by("pk")),
            "loan_policy": loan_policy(),
            **_nav(request),
        },
    )


def _states():
    return [(c.value, c.label) for c in AccountState]


@require_http_methods(["GET", "POST"])
@staff_required(admin=True)
def policy_edit(request, code):
    policy = get_object_or_404(WithdrawalPolicy, code=code)
    if request.method == "POST":
        form = PolicyForm(request.POST, states=_states())
        if form.is_valid():
            changes = services.policy_update(
                policy=policy, data=form.cleaned_data, user=request.user, request=request
            )
            messages.success(request, f"已保存（{len(changes)} 项变更）。")
            return redirect("staff:policy_list")
    else:
        lines = [
            m["name"] + ("" if m.get("required") else PolicyForm.OPTIONAL) for m in policy.materials
        ]
        form = PolicyForm(
            initial={
                "label": policy.label,
                "online": policy.online,
                "account_states": policy.account_states,
                "materials": "\n".join(lines),
                "cap_month": policy.cap_month,
                "cap_year": policy.cap_year,
                "min_interval_days": policy.min_interval_days,
                "auto_approve": policy.auto_approve,
            },
            states=_states(),
        )
    return render(
        request, "staff/policy_edit.html", {"policy": policy, "form": form, **_nav(request)}
    )


@require_http_methods(["GET", "POST"])
@staff_required(admin=True)
def flow_edit(request, code="withdrawal"):
    """A business's review flow: its time limit and, where a node is added above an amount
    (the withdrawal's 复审), that amount."""
    business = get_object_or_404(Business, code=code)
    above = next((n.get("above") for n in business.nodes if "above" in n), None)
    form = FlowForm(
        request.POST or None,
        initial={"second_review_above": above, "time_limit_days": business.time_limit_days},
        has_above=above is not None,
    )
    if request.method == "POST" and form.is_valid():
        services.flow_update(
            business=business,
            second_review_above=form.cleaned_data.get("second_review_above"),
            time_limit_days=form.cleaned_data["time_limit_days"],
            user=request.user,
            request=request,
        )
        messages.success(request, "审核流程已保存，对之后提交的申请生效。")
        return redirect("staff:policy_list")
    return render(
        request, "staff/flow_edit.html", {"business": business, "form": form, **_nav(request)}
    )


@require_http_methods(["GET", "POST"])
@staff_required(admin=True)
def loan_policy_edit(request):
    """贷款政策参数: the limit, term and prepayment values (every change audited)."""
    policy = loan_policy()
    if request.method == "POST":
        form = LoanPolicyForm(request.POST)
        if form.is_valid():
            changes = services.loan_policy_update(
                policy=policy, data=form.cleaned_data, user=request.user, request=request
            )
            messages.success(
                request, f"贷款政策参数已保存（{len(changes)} 项变更），对之后的试算和申请生效。"
            )
            return redirect("staff:policy_list")
    else:
        form = LoanPolicyForm(
            initial={name: getattr(policy, name) for name in LoanPolicyForm.FIELDS}
            | {"limit_unit": f"{policy.limit_unit:.2f}"}
        )
    return render(request, "staff/loan_policy_edit.html", {"form": form, **_nav(request)})
