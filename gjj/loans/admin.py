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
from gjj.core.audit import audit
from gjj.loans.models import Holiday, LoanContract, LoanPolicy, LoanRate, LoanTxn

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


@admin.register(LoanPolicy)
class LoanPolicyAdmin(StaffViewMixin, admin.ModelAdmin):
    """The center's one row of loan policy values (the calculators and the loan pages read it);
    changing it needs loans.change_loanpolicy. There is only ever one row."""

    list_display = ("__str__", "cap_single", "cap_couple", "balance_multiple", "updated_at")
    fieldsets = (
        ("贷款额度", {"fields": ("cap_single", "cap_couple", "balance_multiple", "income_share")}),
        ("首付与期限", {"fields": ("down_first", "down_second", "max_term_months", "age_limit")}),
        ("申请条件与取整", {"fields": ("min_deposit_months", "limit_unit")}),
        (
            "提前还款",
            {
                "fields": (
                    "prepay_min_installments",
                    "prepay_whole_yuan",
                    "prepay_per_year",
                    "prepay_window_days",
                )
            },
        ),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not LoanPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Holiday)
class HolidayAdmin(StaffViewMixin, admin.ModelAdmin):
    """法定节假日与调休上班日 (the prepayment date rule reads them); every staff member sees the
    table, adding or changing a day needs loans.add_holiday / loans.change_holiday."""

    list_display = ("day", "kind", "name", "updated_at")
    list_filter = ("kind",)
    date_hierarchy = "day"
    ordering = ("-day",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit("holiday_change" if change else "holiday_add", request=request,
              day=obj.day.isoformat(), kind=obj.kind, name=obj.name)  # fmt: skip

    def delete_model(self, request, obj):
        audit("holiday_delete", request=request, day=obj.day.isoformat(), kind=obj.kind)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit("holiday_delete", request=request, day=obj.day.isoformat(), kind=obj.kind)
        super().delete_queryset(request, queryset)
