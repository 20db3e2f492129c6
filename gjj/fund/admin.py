"""Staff view of fund accounts and their ledger (read-only: the core system is the source)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from gjj.core.admin import BigTableAdmin, IdNumberSearchMixin, amount
from gjj.core.money import format_ratio
from gjj.fund.models import FundAccount, LedgerEntry


@admin.register(FundAccount)
class FundAccountAdmin(IdNumberSearchMixin, BigTableAdmin):
    list_display = (
        "grzh",
        "person",
        "dwmc",
        "grzhzt",
        "khrq",
        amount("grzhye", "个人账户余额"),
        "jzny",
        "ledger_link",
    )
    list_filter = ("grzhzt",)
    list_select_related = ("person",)
    search_fields = ("=grzh", "=dwzh")
    search_help_text = "输入个人账号、单位账号或完整的身份证号码"
    readonly_fields = (
        "grzh",
        "person",
        "dwzh",
        "dwmc",
        "grzhzt",
        "khrq",
        "grjcjs",
        "ratios",
        "dwyjce",
        "gryjce",
        "jzny",
        "grzhye",
        "grckzhkhyhmc",
        "updated_at",
        "ledger_link",
    )
    fields = readonly_fields

    @admin.display(description="缴存比例")
    def ratios(self, obj):
        return f"单位{format_ratio(obj.dwjcbl)}，个人{format_ratio(obj.grjcbl)}"

    @admin.display(description="业务明细")
    def ledger_link(self, obj):
        url = reverse("admin:fund_ledgerentry_changelist") + f"?account__id__exact={obj.pk}"
        return format_html('<a href="{}">查看明细</a>', url)


@admin.register(LedgerEntry)
class LedgerEntryAdmin(IdNumberSearchMixin, BigTableAdmin):
    id_digest_field = "account__person__zjhm_digest"
    list_display = (
        "ywlsh",
        "account",
        "jzrq",
        "gjhtqywlx",
        amount("fse", "发生额"),
        amount("fslxe", "发生利息额"),
        amount("balance", "余额"),
        "tqyy",
        "tqfs",
        "czbz",
    )
    list_filter = ("gjhtqywlx", "czbz")
    list_select_related = ("account",)
    search_fields = ("=ywlsh", "=account__grzh")
    search_help_text = "输入业务流水号、个人账号或完整的身份证号码"
    readonly_fields = (
        "ywlsh",
        "account",
        "jzrq",
        "gjhtqywlx",
        "fse",
        "fslxe",
        "tqyy",
        "tqfs",
        "ywzy",
        "czbz",
        "balance",
    )
    fields = readonly_fields
