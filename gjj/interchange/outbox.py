"""The outbox of the service API (/api/service/v1/applications/outbox): the approved applications
that export_applications would write to applications_out.csv, as JSON items (the CSV row,
`export.export_row`), for a core system that pulls instead of collecting the file.

One state for both ways out: an application leaves the outbox when it is acknowledged
(`.../outbox/ack`, marking it exported, as the export does) or written to the CSV; an
acknowledged one is never written to the CSV. A pull changes nothing: an item not acknowledged
is delivered again by the next pull (the core system keys on sqid), never lost.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import create_model

from gjj.api.errors import Error
from gjj.api.paging import bad_cursor
from gjj.api.service import ClientSecret, Scope, service_audit
from gjj.applications.handover import application_mark_exported
from gjj.applications.models import Application, State
from gjj.core.pagination import cursor_decode, keyset_page
from gjj.interchange.export import COLUMNS, export_row, pending_exports

router = Router(tags=["outbox"])
OUTBOX_PAGE = 100
ORDER = ("id",)  # the order of approval's arrival; a cursor is the last item's id
ACK_MAX = 500

OutboxItem = create_model("OutboxItem", **dict.fromkeys(COLUMNS, (str, ...)))


class OutboxPage(Schema):
    items: list[OutboxItem]  # type: ignore[valid-type]
    next_cursor: str | None  # more items after these: pass it as `cursor`


class AckIn(Schema):
    sqids: list[str] = Field(..., min_length=1, max_length=ACK_MAX)


class AckError(Schema):
    index: int  # the sqid's place in `sqids`, from 0
    sqid: str
    message: str


class AckResult(Schema):
    code: str
    message: str
    acked: list[str] = []  # marked as handed over by this call
    already: list[str] = []  # handed over before (an earlier ack or the CSV export): unchanged
    errors: list[AckError] = []


@router.get(
    "/applications/outbox",
    auth=ClientSecret(Scope.PULL_APPLICATIONS),
    response={200: OutboxPage, 400: Error, 401: Error, 403: Error, 422: Error, 429: Error},
)
def outbox(request, cursor: str | None = None):
    """待报送的申请: approved applications not handed over yet, oldest first, 100 a page, each
    as its applications_out.csv row. Acknowledge each one received with `outbox/ack`."""
    if cursor and cursor_decode(cursor, [Application._meta.pk]) is None:
        raise bad_cursor()
    page = keyset_page(
        pending_exports().select_related("person").prefetch_related("steps"),
        order=ORDER,
        after=cursor,
        size=OUTBOX_PAGE,
        count=False,
    )
    service_audit(request, "api_outbox_pull", items=len(page.rows), cursor=cursor or "")
    return {"items": [export_row(app) for app in page.rows], "next_cursor": page.next_cursor}


@router.post(
    "/applications/outbox/ack",
    auth=ClientSecret(Scope.PULL_APPLICATIONS),
    response={200: AckResult, 400: Error, 401: Error, 403: Error, 422: AckResult, 429: Error},
)
def outbox_ack(request, body: AckIn):
    """Received: each sqid leaves the outbox and will not be written to applications_out.csv.
    Idempotent (an sqid acknowledged or exported before is `already`); an unknown sqid, or one
    not approved, is an error of its own and does not stop the others (422)."""
    acked: list[str] = []
    already: list[str] = []
    errors: list[dict] = []
    with transaction.atomic():
        # Locked: an export running now either took a row first (then it is `already`) or
        # waits for this transaction (then it no longer sees the row).
        found = {
            a.sqid: a
            for a in Application.objects.filter(sqid__in=set(body.sqids), business__gt="")
            .select_for_update()
            .only("id", "sqid", "state", "exported_at")
        }
        marking: dict[str, int] = {}
        for index, sqid in enumerate(body.sqids):
            app = found.get(sqid)
            if sqid in marking or sqid in already:
                continue
            if app is None:
                errors.append({"index": index, "sqid": sqid, "message": f"没有申请编号 {sqid}"})
            elif app.exported_at is not None:
                already.append(sqid)
            elif app.state == State.APPROVED:
                marking[sqid] = app.pk
            else:
                label = State(app.state).label if app.state else "核心系统的记录"
                errors.append(
                    {
                        "index": index,
                        "sqid": sqid,
                        "message": f"申请 {sqid} 的状态为“{label}”，不在待报送之列",
                    }
                )
        application_mark_exported(ids=list(marking.values()), now=timezone.now())
        acked = list(marking)
        service_audit(
            request,
            "api_outbox_ack",
            outcome="failed" if errors else "ok",
            acked=acked,
            already=len(already),
            rejected=len(errors),
        )
    if errors:
        message = f"有 {len(errors)} 个申请编号未能确认，其余已处理。"
        status = 422
    else:
        message = "已确认接收。"
        status = 200
    code = "rejected_records" if errors else "ok"
    answer = {"code": code, "message": message, "acked": acked, "already": already}
    return Status(status, {**answer, "errors": errors})
