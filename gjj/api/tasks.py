"""The depositor API's 个人任务管理: messages (消息 / 已阅, 标为已阅, 删除) and 我发起的."""

from __future__ import annotations

from typing import Literal

from ninja import Router, Status

from gjj.api import schemas
from gjj.api.errors import QUERIES, READS
from gjj.api.paging import newest_first
from gjj.api.shapes import application_brief as _brief
from gjj.api.shapes import flow_nodes
from gjj.applications import selectors as applications
from gjj.core.audit import audit
from gjj.inbox import selectors as inbox
from gjj.inbox import services as inbox_services

# operation_id: the published contract's names from before these routes left depositor.py.
router = Router()
Tab = Literal["unread", "read"]
LIST_PAGE_SIZE = 50


# --- messages --------------------------------------------------------------------------------


def _message(m) -> dict:
    return {
        "id": m.pk,
        "ywmc": m.ywmc,
        "content": m.xxnr,
        "channel": m.tsqd,
        "sent_at": m.tssj,
        "is_read": m.is_read,
    }


@router.get(
    "/messages",
    response={200: schemas.MessagePage, **QUERIES},
    operation_id="gjj_api_depositor_messages",
)
def messages(request, tab: Tab = "unread", cursor: str | None = None):
    """消息 (unread) or 已阅 (read), newest first, 50 a page."""
    qs = inbox.message_queryset(person=request.person, state=tab)
    rows, next_cursor = newest_first(qs, field="tssj", cursor=cursor, size=LIST_PAGE_SIZE)
    return {"tab": tab, "messages": [_message(m) for m in rows], "next_cursor": next_cursor}


@router.post(
    "/messages/{int:message_id}/read",
    response={200: schemas.Message, **READS},
    operation_id="gjj_api_depositor_message_read",
)
def message_read(request, message_id: int):
    """标为已阅."""
    message = inbox.message_get(person=request.person, pk=message_id)
    if inbox_services.message_mark_read(message=message):
        audit("message_read", request=request, person=request.person, xxid=message.xxid)
        message.is_read = True
    return _message(message)


@router.delete(
    "/messages/{int:message_id}",
    response={204: None, **READS},
    operation_id="gjj_api_depositor_message_delete",
)
def message_delete(request, message_id: int):
    """删除 (hidden, kept for audit)."""
    message = inbox.message_get(person=request.person, pk=message_id)
    inbox_services.message_delete(message=message, request=request)
    return Status(204, None)


# --- applications ----------------------------------------------------------------------------


@router.get(
    "/applications",
    response={200: schemas.ApplicationPage, **QUERIES},
    operation_id="gjj_api_depositor_application_list",
)
def application_list(request, cursor: str | None = None):
    """我发起的, newest first, 50 a page."""
    qs = applications.application_queryset(person=request.person).select_related("contract")
    rows, next_cursor = newest_first(qs, field="fqsj", cursor=cursor, size=LIST_PAGE_SIZE)
    return {
        "applications": [
            {**_brief(a), "jkhtbh": a.contract.jkhtbh if a.contract else None} for a in rows
        ],
        "next_cursor": next_cursor,
    }


@router.get(
    "/applications/{sqid}",
    response={200: schemas.ApplicationDetail, **READS},
    operation_id="gjj_api_depositor_application",
)
def application(request, sqid: str):
    """The application's flow: each node done, current or not reached."""
    a = applications.application_find(person=request.person, sqid=sqid)
    nodes = applications.application_flow(a)
    return {
        **_brief(a),
        "jkhtbh": a.contract.jkhtbh if a.contract_id else None,
        "elapsed_seconds": applications.application_elapsed_seconds(a),
        "nodes": flow_nodes(nodes),
    }
