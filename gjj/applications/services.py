"""Every write on an application in the hall: submit, act on a node (compare-and-set), withdraw
(撤回), correct (补正); drafts are `drafts.py`, the core system's side `handover.py`. Each change
writes the node, a history event and the audit log, and sends `application_changed` (the message
and the SMS follow). A refusal stores nothing. Nothing here posts to the ledger."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from gjj.applications import registry
from gjj.applications.models import (
    Application,
    ApplicationStep,
    Business,
    Draft,
    Event,
    Material,
    State,
)
from gjj.applications.workflow import (
    AUTO_ACTOR,
    AUTO_NODE,
    CORE_NODE,
    START_NODE,
    Check,
    may_act,
    refusals,
    review_nodes,
    roles_of,
    staff_name,
)
from gjj.core.audit import audit

# Sent inside the transaction of every change with application=, event= (submitted, accepted,
# approved, returned, resubmitted, refused, withdrawn, done), text= and now=.
application_changed = Signal()


class WorkflowError(Exception):
    """A change that is not allowed now; the message says why, in Chinese."""


class Refused(WorkflowError):
    """The rules refused the application; `checks` holds the failed ones."""

    def __init__(self, checks: list[Check]):
        self.checks = checks
        # Each rule's message is a sentence of its own: one after the other, never "。；".
        super().__init__("".join(c.message.rstrip("。；") + "。" for c in checks))


class Moved(WorkflowError):
    """Someone else changed the application first (compare-and-set lost)."""


class NotYours(WorkflowError):
    """The login may not act on this node (the views answer 404)."""


def new_sqid(now: dt.datetime) -> str:
    return f"WT{timezone.localtime(now):%Y%m%d}{secrets.token_hex(5).upper()}"


# --- messages ---------------------------------------------------------------------------------


def notify(application: Application, event: str, text: str, now: dt.datetime) -> None:
    """Tell the depositor: the receivers of `application_changed` write the message (消息,
    inside this transaction) and send the SMS (after commit). gjj.hall connects them: the
    message box is a sibling app, not below this one."""
    application_changed.send(
        sender=Application, application=application, event=event, text=text, now=now
    )


def record_event(
    application, *, now, actor=None, actor_name, action, node="", opinion="", before=""
):
    Event.objects.create(
        application=application,
        at=now,
        actor=actor,
        actor_name=actor_name[:60],
        action=action,
        node=node,
        opinion=opinion[:200],
        before=before,
        after=application.state,
    )


# --- submit -----------------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *,
    person,
    business: Business,
    ywxx: str,
    amount: Decimal | None,
    detail: dict,
    checks: list[Check],
    draft: Draft,
    auto_approve: bool = False,
    request=None,
    contract=None,
) -> Application:
    """确认提交: store the application with its nodes and attach the draft's materials.

    A second submission of the same draft (its token) returns the first application. Any failed
    check refuses the whole submission and stores nothing (Refused).
    """
    existing = Application.objects.filter(submit_token=draft.token).first()
    if existing is not None:
        return existing
    failed = refusals(checks)
    if failed:
        raise Refused(failed)
    now = timezone.now()
    nodes = review_nodes(business.nodes, amount)
    app = Application(
        sqid=new_sqid(now),
        person=person,
        ywlx=business.ywlx,
        ywxx=ywxx,
        fqsj=now,
        business=business.code,
        amount=amount,
        detail=detail,
        submit_token=draft.token,
        contract=contract,
    )
    steps = [
        ApplicationStep(
            xh=1,
            jdmc=START_NODE,
            blr=person.xingming,
            blsj=now,
            kind=ApplicationStep.Kind.START,
            spyj="提交申请",
        )
    ]
    if auto_approve:
        passed = "、".join(c.label for c in checks)
        steps.append(
            ApplicationStep(
                xh=2,
                jdmc=AUTO_NODE,
                blr=AUTO_ACTOR,
                spyj=f"规则校验通过：{passed}"[:200],
                blsj=now,
                kind=ApplicationStep.Kind.AUTO,
            )
        )
        app.state, app.approved_at, app.accepted_at = State.APPROVED, now, now
    else:
        for node in nodes:
            steps.append(
                ApplicationStep(xh=len(steps) + 1, jdmc=node.name, role=node.role, kind="staff")
            )
        app.state = State.SUBMITTED
    steps.append(ApplicationStep(xh=len(steps) + 1, jdmc=CORE_NODE, kind="core"))
    app.current_xh = steps[1].xh if not auto_approve else steps[-1].xh
    app.current_role = "" if auto_approve else steps[1].role
    try:
        with transaction.atomic():
            app.save()
    except IntegrityError:
        if Application.objects.filter(submit_token=draft.token).exists():
            return Application.objects.get(submit_token=draft.token)
        raise Refused(
            [
                Check(
                    "one_in_progress",
                    "同一业务只能有一笔在办",
                    False,
                    f"您已有一笔{business.ywlx}正在办理，请等它办结或撤回后再申请。",
                )
            ]
        ) from None
    for step in steps:
        step.application = app
    ApplicationStep.objects.bulk_create(steps)
    Material.objects.filter(draft=draft, application__isnull=True).update(
        application=app, draft=None
    )
    Draft.objects.filter(pk=draft.pk).delete()
    record_event(app, now=now, actor_name=person.xingming, action="提交申请", node=START_NODE)
    audit("application_submit", request=request, person=person, sqid=app.sqid, state=app.state)
    if auto_approve:
        record_event(
            app, now=now, actor_name=AUTO_ACTOR, action="通过", node=AUTO_NODE, before="submitted"
        )
        then = registry.approved_text_for(app)
        text = f"您的{ywxx}（申请编号{app.sqid}）已通过系统自动审核，{then}"
        notify(app, "approved", text, now)
    else:
        text = f"您的{ywxx}（申请编号{app.sqid}）已提交，等待中心受理。"
        notify(app, "submitted", text, now)
    return app


# --- staff actions ----------------------------------------------------------------------------

PASS, RETURN, REFUSE = "pass", "return", "refuse"
ACTION_LABELS = {PASS: "通过", RETURN: "退回补正", REFUSE: "不予受理"}


@transaction.atomic
def application_act(
    *,
    application: Application,
    user,
    xh: int,
    version: int,
    action: str,
    opinion: str = "",
    request=None,
) -> Application:
    """A staff member acts on the current node: 通过, 退回补正 or 不予受理/驳回.

    Compare-and-set on (version, node, state): of two staff acting at once one wins and the
    other gets Moved. The same staff member may not act on two review nodes of one application.
    """
    opinion = (opinion or "").strip()
    if action not in ACTION_LABELS:
        raise WorkflowError("请选择办理结果。")
    step = application.steps.filter(xh=xh).first()
    if step is None or step.kind != ApplicationStep.Kind.STAFF:
        raise NotYours("没有这个节点。")
    if not may_act(roles_of(user), step.role):
        raise NotYours("您的岗位不能办理本节点。")
    if action in (RETURN, REFUSE) and not opinion:
        raise WorkflowError("退回补正或不予受理时，必须填写原因，申请人会看到这段文字。")
    if ApplicationStep.objects.filter(application=application, actor=user).exclude(xh=xh).exists():
        raise WorkflowError(
            "您已办理过本申请的其他审核节点，按岗位分离要求，本节点须由其他人办理。"
        )
    now = timezone.now()
    before = application.state
    staff_nodes = list(
        application.steps.filter(kind=ApplicationStep.Kind.STAFF).values_list("xh", "role")
    )
    changes: dict = {"version": F("version") + 1}
    label = ACTION_LABELS[action]
    if action == PASS:
        later = [n for n in staff_nodes if n[0] > xh]
        if later:
            changes.update(state=State.REVIEW, current_xh=later[0][0], current_role=later[0][1])
        else:
            changes.update(
                state=State.APPROVED, current_xh=xh + 1, current_role="", approved_at=now
            )
        if application.accepted_at is None:
            changes["accepted_at"] = now
    elif action == RETURN:
        changes["state"] = State.RETURNED
    else:
        label = "不予受理" if application.accepted_at is None else "驳回"
        changes.update(state=State.REFUSED, current_xh=None, current_role="", wcsj=now)
    moved = Application.objects.filter(
        pk=application.pk,
        version=version,
        current_xh=xh,
        state__in=(State.SUBMITTED, State.REVIEW),
    ).update(**changes)
    if not moved:
        raise Moved("该申请已由他人办理或已变化，请刷新后查看最新状态。")
    application.refresh_from_db()
    spyj = opinion or "同意"
    if action == RETURN:
        spyj = f"退回补正：{opinion}"
    elif action == REFUSE:
        spyj = f"{label}：{opinion}"
    ApplicationStep.objects.filter(pk=step.pk).update(
        blr=staff_name(user),
        spyj=spyj[:200],
        blsj=None if action == RETURN else now,
        actor=user,
    )
    record_event(
        application,
        now=now,
        actor=user,
        actor_name=staff_name(user),
        action=label,
        node=step.jdmc,
        opinion=opinion,
        before=before,
    )
    audit(
        "application_act",
        request=request,
        user=user,
        person=application.person,
        sqid=application.sqid,
        node=step.jdmc,
        result=action,
        before=before,
        after=application.state,
    )
    what = f"您的{application.ywxx}（申请编号{application.sqid}）"
    if action == RETURN:
        event = "returned"
        text = f"{what}需要补正材料：{opinion}。请登录网厅在“我发起的”中补正后重新提交。"
    elif action == REFUSE:
        event = "refused"
        text = f"{what}{label}，原因：{opinion}。"
    elif application.state == State.APPROVED:
        event = "approved"
        text = f"{what}已审核通过，{registry.approved_text_for(application)}"
    else:
        event = "accepted"
        following = application.steps.get(xh=application.current_xh).jdmc
        text = f"{what}已通过“{step.jdmc}”，进入“{following}”。"
    notify(application, event, text, now)
    return application


# --- the depositor's own changes ---------------------------------------------------------------


@transaction.atomic
def application_withdraw(*, application: Application, person, request=None) -> Application:
    """撤回: only while no staff member has acted on it."""
    if application.person_id != person.pk:
        raise NotYours("没有这笔申请。")
    acted = ApplicationStep.objects.filter(application=application, actor__isnull=False).exists()
    if application.state != State.SUBMITTED or acted:
        raise WorkflowError("中心已开始办理这笔申请，不能撤回；如有疑问请拨打 12329。")
    now = timezone.now()
    moved = Application.objects.filter(
        pk=application.pk, version=application.version, state=State.SUBMITTED
    ).update(
        version=F("version") + 1,
        state=State.WITHDRAWN,
        current_xh=None,
        current_role="",
        wcsj=now,
    )
    if not moved:
        raise Moved("这笔申请刚刚已被中心办理，不能撤回。")
    application.refresh_from_db()
    record_event(
        application,
        now=now,
        actor_name=person.xingming,
        action="撤回",
        node=START_NODE,
        before=State.SUBMITTED,
    )
    audit("application_withdraw", request=request, person=person, sqid=application.sqid)
    text = f"您已撤回{application.ywxx}（申请编号{application.sqid}）。"
    notify(application, "withdrawn", text, now)
    return application


@transaction.atomic
def application_resubmit(
    *, application: Application, person, checks: list[Check], version: int, request=None
) -> Application:
    """补正: the depositor uploaded what was missing (material_add with round > 0) and sends the
    application back to the node that returned it."""
    if application.person_id != person.pk:
        raise NotYours("没有这笔申请。")
    failed = refusals(checks)
    if failed:
        raise Refused(failed)
    now = timezone.now()
    accepted = application.accepted_at is not None
    after = State.REVIEW if accepted else State.SUBMITTED
    moved = Application.objects.filter(
        pk=application.pk, version=version, state=State.RETURNED
    ).update(version=F("version") + 1, state=after)
    if not moved:
        raise Moved("这笔申请当前不需要补正，请刷新后查看。")
    application.refresh_from_db()
    step = application.steps.get(xh=application.current_xh)
    ApplicationStep.objects.filter(pk=step.pk).update(spyj="")
    record_event(
        application,
        now=now,
        actor_name=person.xingming,
        action="补正后重新提交",
        node=step.jdmc,
        before=State.RETURNED,
    )
    audit("application_resubmit", request=request, person=person, sqid=application.sqid)
    text = f"您的{application.ywxx}（申请编号{application.sqid}）已补正并重新提交，等待中心办理。"
    notify(application, "resubmitted", text, now)
    return application
