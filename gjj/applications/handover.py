"""The hand-over to the core system and its answer: approved applications marked as exported
(the CSV and the service API's outbox share that state), and 办结 / 驳回 taken back from
`import_core` or the service API, with the depositor told."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gjj.applications import registry, services
from gjj.applications.models import Application, ApplicationStep, State
from gjj.applications.workflow import CORE_NODE


@transaction.atomic
def application_mark_exported(*, ids: list[int], now: dt.datetime) -> int:
    """Approved applications handed to the core system; only those still 待入账 change."""
    return Application.objects.filter(pk__in=ids, state=State.APPROVED).update(
        state=State.EXPORTED, exported_at=now, version=F("version") + 1
    )


@transaction.atomic
def application_settle(
    *, application: Application, done: bool, blr: str, spyj: str, blsj: dt.datetime
) -> bool:
    """The core system's answer (办结 or 驳回) arrived by import: finish the application and tell
    the depositor. False when it was already finished (a second import)."""
    if application.state not in (State.APPROVED, State.EXPORTED):
        return False
    before = application.state
    after = State.DONE if done else State.REFUSED
    moved = Application.objects.filter(pk=application.pk, state=before).update(
        state=after, current_xh=None, wcsj=blsj, version=F("version") + 1
    )
    if not moved:
        return False
    application.refresh_from_db()
    ApplicationStep.objects.filter(application=application, kind=ApplicationStep.Kind.CORE).update(
        jdmc=CORE_NODE if done else "驳回", blr=(blr or "核心系统")[:60], spyj=spyj[:200], blsj=blsj
    )
    services.record_event(
        application,
        now=blsj,
        actor_name=blr or "核心系统",
        action="办结" if done else "驳回",
        node=CORE_NODE,
        opinion=spyj,
        before=before,
    )
    what = f"您的{application.ywxx}（申请编号{application.sqid}）"
    if done:
        text = f"{what}已办结，{registry.done_text_for(application)}"
    else:
        text = f"{what}未能办理：{spyj or '请咨询12329'}。"
    services.notify(application, "done" if done else "refused", text, timezone.now())
    return True
