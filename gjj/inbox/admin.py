"""Staff view of the messages pushed to depositors (read-only)."""

from __future__ import annotations

from django.contrib import admin

from gjj.core.admin import BigTableAdmin, IdNumberSearchMixin
from gjj.inbox.models import Message


@admin.register(Message)
class MessageAdmin(IdNumberSearchMixin, BigTableAdmin):
    list_display = ("xxid", "person", "ywmc", "tsqd", "tssj", "is_read", "is_deleted")
    list_filter = ("tsqd", "is_read", "is_deleted")
    list_select_related = ("person",)
    search_fields = ("=xxid",)
    search_help_text = "输入消息编号或完整的身份证号码"
    readonly_fields = (
        "xxid",
        "person",
        "ywmc",
        "xxnr",
        "tsqd",
        "tssj",
        "is_read",
        "read_at",
        "is_deleted",
        "deleted_at",
    )
    fields = readonly_fields
