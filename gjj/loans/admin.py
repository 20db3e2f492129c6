"""Staff view of loan contracts and their transactions (read-only) and the loan rate table
(editable: the staff extend it when the rates change)."""

from __future__ import annotations

from django.contrib import admin

from gjj.core.admin import (
    BigTableAdmin,
    IdNumberSearchMixin,
    ReadOnlyInline,
    StaffViewMixin,
    amount,
)
from gjj.loans.models import LoanContract, LoanRate, LoanTxn

TXN_FIELDS = ("ywlsh", "ywfsrq", "hkny", "dkywmxlx", "ffje", "bjje", "lxje", "fxje", "tqhkfs")


class LoanTxnInline(ReadOnlyInline):
    model = LoanTxn
    fields = TXN_FIELDS
    readonly_fields = TXN_FIELDS
    ordering = ("ywfsrq", "ywlsh")


@admin.register(LoanContract)
class LoanContractAdmin(IdNumberSearchMixin, BigTableAdmin):
    list_display = (
        "jkhtbh",
        "dkzh",
        "person",
        amount("htdkje", "贷款金额"),
        amount("dkye", "贷款余额"),
        "dkll",
        "dkqs",
        "dkhkfs",
        "dkzt",
        "dkffrq",
    )
    list_filter = ("dkzt", "dkhkfs")
    list_select_related = ("person",)
    search_fields = ("=jkhtbh", "=dkzh")
    search_help_text = "输入借款合同编号、贷款编号或完整的身份证号码"
    readonly_fields = (
        "jkhtbh",
        "dkzh",
        "person",
        "htdkje",
        "dkqs",
        "dkll",
        "dkhkfs",
        "swtyhmc",
        "jkhtqdrq",
        "dkffrq",
        "ydhkr",
        "scyhny",
        "dkye",
        "dkzt",
        "fwzl",
        "fwjzmj",
        "fwzj",
        "updated_at",
    )
    fields = readonly_fields
    inlines = (LoanTxnInline,)


@admin.register(LoanTxn)
class LoanTxnAdmin(IdNumberSearchMixin, BigTableAdmin):
    id_digest_field = "contract__person__zjhm_digest"
    list_display = (
        "ywlsh",
        "contract",
        "ywfsrq",
        "hkny",
        "dkywmxlx",
        amount("ffje", "放款金额"),
        amount("bjje", "偿还本金"),
        amount("lxje", "偿还利息"),
        amount("fxje", "偿还罚息"),
        "tqhkfs",
    )
    list_filter = ("dkywmxlx",)
    list_select_related = ("contract",)
    search_fields = ("=ywlsh", "=contract__jkhtbh")
    search_help_text = "输入业务流水号、借款合同编号或完整的身份证号码"
    readonly_fields = ("contract", *TXN_FIELDS)
    fields = readonly_fields


@admin.register(LoanRate)
class LoanRateAdmin(StaffViewMixin, admin.ModelAdmin):
    """Every staff member sees the table; adding or changing a row needs the loans.add_loanrate /
    loans.change_loanrate permission (or a superuser)."""

    list_display = ("effective", "first_le5", "first_gt5", "second_le5", "second_gt5")
    ordering = ("-effective",)
