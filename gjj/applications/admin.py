"""Staff view of applications (业务申请) with their approval nodes (read-only)."""

from __future__ import annotations

from django.contrib import admin

from gjj.applications.models import Application, ApplicationStep
from gjj.core.admin import BigTableAdmin, IdNumberSearchMixin, ReadOnlyInline


class StepInline(ReadOnlyInline):
    model = ApplicationStep
    fields = ("xh", "jdmc", "blr", "spyj", "blsj")
    readonly_fields = fields
    show_change_link = False


@admin.register(Application)
class ApplicationAdmin(IdNumberSearchMixin, BigTableAdmin):
    list_display = ("sqid", "person", "ywlx", "ywxx", "contract", "fqsj", "wcsj", "done")
    list_filter = ("ywlx",)
    list_select_related = ("person", "contract")
    search_fields = ("=sqid", "=contract__jkhtbh")
    search_help_text = "输入申请编号、借款合同编号或完整的身份证号码"
    readonly_fields = ("sqid", "person", "ywlx", "ywxx", "contract", "fqsj", "wcsj")
    fields = readonly_fields
    inlines = (StepInline,)

    @admin.display(description="是否完成", boolean=True)
    def done(self, obj):
        return obj.is_done
