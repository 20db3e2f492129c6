"""Reads of the applications a depositor started (我发起的); another person's is a 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils import timezone

from gjj.applications.models import Application, ApplicationStep

DONE = "done"
CURRENT = "current"
NOT_REACHED = "todo"


APPLICATION_ORDER = ("-fqsj", "-id")  # newest first


def application_queryset(*, person):
    return Application.objects.filter(person=person).order_by(*APPLICATION_ORDER)


# The columns of the applications table (applications/_table.html).
TABLE_FIELDS = ("id", "ywlx", "ywxx", "fqsj", "wcsj")


def application_rows(*, person, limit: int = 5) -> list[Application]:
    """The latest `limit` applications with the table's columns only (the home page, each visit:
    a 业务数据 of a loan application is some kilobytes of JSON)."""
    return list(application_queryset(person=person).only(*TABLE_FIELDS)[:limit])


def application_elapsed_seconds(application: Application, now=None) -> int:
    """流程耗时: from 发起时间 to 完成时间, or to now while in progress."""
    end = application.wcsj or now or timezone.now()
    return max(0, int((end - application.fqsj).total_seconds()))


@dataclass
class FlowNode:
    step: ApplicationStep
    state: str  # DONE / CURRENT / NOT_REACHED

    # The columns of the 贷款进度查询 table.
    @property
    def xh(self) -> int:
        return self.step.xh

    @property
    def name(self) -> str:
        return self.step.jdmc

    @property
    def handler(self) -> str:
        return self.step.blr

    @property
    def opinion(self) -> str:
        return self.step.spyj

    @property
    def handled_at(self):
        return self.step.blsj

    @property
    def state_label(self) -> str:
        return {DONE: "已完成", CURRENT: "当前节点", NOT_REACHED: "未开始"}[self.state]


def application_flow(application: Application) -> list[FlowNode]:
    """Each node done (has a 办理时间), current (the first open node of an open application) or
    not reached."""
    nodes = []
    current_given = application.is_done
    for step in application.steps.all():
        if step.blsj is not None:
            state = DONE
        elif not current_given:
            state = CURRENT
            current_given = True
        else:
            state = NOT_REACHED
        nodes.append(FlowNode(step=step, state=state))
    return nodes


def application_get(*, person, pk: int) -> Application:
    return get_object_or_404(Application.objects.prefetch_related("steps"), pk=pk, person=person)


def application_can_withdraw(application: Application) -> bool:
    """撤回 while no staff member has acted (the steps are prefetched)."""
    if application.state != "submitted":
        return False
    return all(step.actor_id is None for step in application.steps.all())


def correction_names(application: Application, materials: list) -> list[str]:
    """The material names a returned application may take (those of its business's policy,
    else the names already given)."""
    if application.state != "returned":
        return []
    names = list(application.detail.get("materials") or [])
    for m in materials:
        if m.name not in names:
            names.append(m.name)
    return names or ["补正材料"]


def loan_progress(contract) -> tuple[Application | None, list[FlowNode]]:
    """贷款进度: the nodes of the contract's (latest) loan application."""
    application = (
        Application.objects.filter(contract=contract)
        .order_by("-fqsj", "-id")
        .prefetch_related("steps")
        .first()
    )
    if application is None:
        return None, []
    return application, application_flow(application)


def application_find(*, person, sqid: str) -> Application:
    """By the 申请编号 (the app's address of an application); another person's is a 404."""
    return get_object_or_404(
        Application.objects.select_related("contract").prefetch_related("steps"),
        sqid=sqid,
        person=person,
    )
