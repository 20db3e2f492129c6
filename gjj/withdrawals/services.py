"""提取 on the generic machinery: build the facts, run the rules, hand the application to
gjj.applications.services (which stores nodes, materials, messages and the history)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gjj.applications import drafts
from gjj.applications import services as apps
from gjj.applications.models import Application, Draft, Material
from gjj.applications.workflow import Check
from gjj.core.codes import WithdrawalMethod
from gjj.withdrawals import rules, selectors
from gjj.withdrawals.models import WithdrawalPolicy


def draft_facts(*, person, draft: Draft, today: dt.date, exclude_pk=None):
    """(policy, facts, checks, account) for a draft's current content."""
    data = draft.data
    policy = selectors.policy_online(data.get("code"))
    if policy is None:
        raise apps.WorkflowError("请选择提取原因。")
    amount = Decimal(data["amount"]) if data.get("amount") else None
    names = frozenset(
        Material.objects.filter(draft=draft).values_list("name", flat=True).distinct()
    )
    facts, account = selectors.facts(
        person=person,
        policy=policy,
        today=today,
        amount=amount,
        whole=bool(data.get("whole")),
        materials=names,
        exclude_pk=exclude_pk,
    )
    return policy, facts, rules.run(facts), account


def ywxx_for(policy: WithdrawalPolicy) -> str:
    return f"缴存人{policy.label}提取审批"


@transaction.atomic
def withdrawal_submit(*, person, draft: Draft, request=None) -> Application:
    """确认提交 of a withdrawal draft; rules.Refused (via apps.Refused) stores nothing."""
    existing = Application.objects.filter(submit_token=draft.token).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    policy, facts, checks, account = draft_facts(person=person, draft=draft, today=today)
    detail = {
        "code": policy.code,
        "label": policy.label,
        "tqyy": policy.tqyy,
        "ywlx": policy.ledger_type,
        "tqfs": WithdrawalMethod.TRANSFER.value,
        "grzh": account.grzh if account else "",
        "card": account.grckzhhm if account else "",
        "bank": account.grckzhkhyhmc if account else "",
        "balance": str(facts.balance),
        "interest": str(facts.interest),
        "closes_account": policy.closes_account,
        "day": today.isoformat(),
        "materials": [m["name"] for m in policy.materials],
    }
    # 秒批: a rule-approvable reason, with nothing for a person to read (no material at all).
    auto = policy.auto_approve and not facts.policy.required_materials and not facts.materials
    return apps.application_submit(
        person=person,
        business=selectors.business(),
        ywxx=ywxx_for(policy),
        amount=facts.amount,
        detail=detail,
        checks=checks,
        draft=draft,
        auto_approve=auto,
        request=request,
    )


def submitted_message(application: Application) -> str:
    """What the depositor is told after 确认提交 (the page's message, the app's answer)."""
    if application.state == "approved":
        return "申请已提交，并已通过系统自动审核，正在转入账。"
    return f"申请已提交，申请编号 {application.sqid}，请留意办理进度。"


def withdrawal_apply(
    *,
    person,
    policy: WithdrawalPolicy,
    amount: str,
    whole: bool,
    files: list[tuple[str, object]] = (),
    request=None,
) -> Application:
    """The app's submission in one request: the page's three steps (choose the reason, fill in
    the amount and upload the materials, 确认提交) on a draft, with the same code, all or nothing
    (apps.draft_submit_at_once). `amount` and `whole` are AmountForm's cleaned values; `files`
    are (material name, upload) pairs."""
    return drafts.draft_submit_at_once(
        person=person,
        business=selectors.BUSINESS,
        data={"code": policy.code, "amount": amount, "whole": bool(whole)},
        files=files,
        submit=lambda draft: withdrawal_submit(person=person, draft=draft, request=request),
    )


def application_checks(application: Application, *, today: dt.date) -> list[Check]:
    """The rules re-run for an application in progress (the staff detail page, 补正)."""
    policy = WithdrawalPolicy.objects.filter(code=application.detail.get("code")).first()
    if policy is None:
        return []
    names = frozenset(application.materials.values_list("name", flat=True).distinct())
    facts, _ = selectors.facts(
        person=application.person,
        policy=policy,
        today=today,
        amount=None if policy.closes_account else application.amount,
        whole=policy.closes_account,  # the interest grows by the day: compare with today's whole
        materials=names,
        exclude_pk=application.pk,
    )
    return rules.run(facts)


def application_export(application: Application) -> dict[str, str]:
    """The withdrawal's columns of applications_out.csv (interchange/export.py)."""
    from gjj.core.money import format_amount

    d = application.detail
    interest = format_amount(d.get("interest") or "0") if d.get("closes_account") else ""
    return {
        "ywlx": d.get("ywlx", ""),
        "tqyy": d.get("tqyy", ""),
        "tqfs": d.get("tqfs", ""),
        "tqje": format_amount(application.amount).replace(",", ""),
        "lxje": interest.replace(",", ""),
        "skzh": d.get("card", ""),
        "skyhmc": d.get("bank", ""),
    }


def application_summary(application: Application) -> list[tuple[str, str]]:
    """(label, value) rows describing a withdrawal (depositor and staff pages)."""
    from gjj.core.masking import mask_card
    from gjj.core.money import format_amount

    d = application.detail
    rows = [
        ("提取原因", d.get("label", "")),
        ("提取方式", "销户提取" if d.get("closes_account") else "部分提取"),
        ("提取金额", f"{format_amount(application.amount)} 元"),
    ]
    if d.get("closes_account"):
        rows.append(("其中利息", f"{format_amount(d.get('interest'))} 元"))
    rows += [
        ("个人账号", d.get("grzh", "")),
        ("收款银行卡", f"{mask_card(d.get('card', ''))}（{d.get('bank', '')}）"),
    ]
    return rows
