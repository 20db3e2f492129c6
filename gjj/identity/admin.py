"""Staff view of depositors (缴存人) and logins. ID and phone numbers are shown masked, and only
on a person's own page: lists never decrypt them."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from gjj.core.admin import (
    BigTableAdmin,
    IdNumberSearchMixin,
    ReadOnlyAdmin,
    ReadOnlyInline,
    amount,
)
from gjj.core.masking import mask_id_number, mask_name, mask_phone
from gjj.fund.models import FundAccount
from gjj.identity.models import SmsCode, User
from gjj.loans.models import LoanContract
from gjj.people.models import Person

admin.site.register(User, UserAdmin)


class AccountInline(ReadOnlyInline):
    model = FundAccount
    fields = ("grzh", "dwmc", "grzhzt", "khrq", amount("grzhye", "个人账户余额"), "jzny")
    readonly_fields = fields


class LoanInline(ReadOnlyInline):
    model = LoanContract
    fields = (
        "jkhtbh",
        "dkzh",
        amount("htdkje", "贷款金额"),
        amount("dkye", "贷款余额"),
        "dkzt",
        "dkffrq",
    )
    readonly_fields = fields


@admin.register(Person)
class PersonAdmin(IdNumberSearchMixin, BigTableAdmin):
    id_digest_field = "zjhm_digest"
    phone_digest_field = "sjhm_digest"
    list_display = ("masked_name", "zjlx", "xingbie", "has_phone", "registered", "updated_at")
    list_filter = ("zjlx",)
    search_fields = ("=xingming",)
    search_help_text = "输入完整的身份证号码、11 位手机号码或完整姓名"
    fields = ("zjlx", "masked_id", "xingming", "xingbie", "masked_phone", "jtzz", "user")
    readonly_fields = fields
    inlines = (AccountInline, LoanInline)

    @admin.display(description="姓名")
    def masked_name(self, obj):
        return mask_name(obj.xingming)

    @admin.display(description="手机号码", boolean=True)
    def has_phone(self, obj):
        return bool(obj.sjhm_digest)

    @admin.display(description="已注册网厅", boolean=True)
    def registered(self, obj):
        return obj.user_id is not None

    @admin.display(description="证件号码")
    def masked_id(self, obj):
        return mask_id_number(obj.zjhm)

    @admin.display(description="手机号码")
    def masked_phone(self, obj):
        return mask_phone(obj.sjhm) if obj.sjhm_enc else "（未登记）"


@admin.register(SmsCode)
class SmsCodeAdmin(ReadOnlyAdmin):
    list_display = ("purpose", "created_at", "expires_at", "attempts", "used_at", "ip")
    list_filter = ("purpose",)
    fields = ("purpose", "ip", "created_at", "expires_at", "attempts", "used_at")
    readonly_fields = fields
    show_full_result_count = False
    ordering = ("-id",)
