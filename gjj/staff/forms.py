from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import password_validation

from gjj.identity.forms import password_field


class StaffPasswordForm(forms.Form):
    old = password_field("原密码", autocomplete="current-password", placeholder="输入原密码")
    new1 = password_field("新密码", autocomplete="new-password", placeholder="输入新密码")
    new2 = password_field("确认新密码", autocomplete="new-password", placeholder="再次输入新密码")

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old(self):
        if not self.user.check_password(self.cleaned_data["old"]):
            raise forms.ValidationError("原密码不正确。")
        return self.cleaned_data["old"]

    def clean(self):
        data = super().clean()
        new1, new2 = data.get("new1"), data.get("new2")
        if new1 and new2:
            if new1 != new2:
                self.add_error("new2", "两次输入的新密码不一致。")
            elif new1 == data.get("old"):
                self.add_error("new1", "新密码不能与原密码相同。")
            else:
                try:
                    password_validation.validate_password(new1, self.user)
                except forms.ValidationError as exc:
                    self.add_error("new1", exc)
        return data


class ActForm(forms.Form):
    xh = forms.IntegerField(min_value=1, max_value=99)
    version = forms.IntegerField(min_value=0)
    action = forms.ChoiceField(
        choices=[("pass", "通过"), ("return", "退回补正"), ("refuse", "不予受理/驳回")],
        error_messages={"required": "请选择办理结果。", "invalid_choice": "请选择办理结果。"},
    )
    opinion = forms.CharField(label="审批意见", required=False, max_length=180)


class QueueFilterForm(forms.Form):
    reason = forms.ChoiceField(label="业务", required=False)
    start = forms.DateField(
        label="提交日期从", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="至", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, reasons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [("", "全部业务"), *reasons]


class PolicyForm(forms.Form):
    label = forms.CharField(label="提取原因", max_length=40)
    online = forms.BooleanField(label="网上办理", required=False)
    account_states = forms.MultipleChoiceField(
        label="可办理的账户状态", widget=forms.CheckboxSelectMultiple
    )
    materials = forms.CharField(
        label="所需材料",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一项；可选的材料在名称后加“（可选）”。",
    )
    cap_month = forms.DecimalField(
        label="每月限额(元)", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    cap_year = forms.DecimalField(
        label="每年限额(元)", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    min_interval_days = forms.IntegerField(
        label="两次提取最短间隔(天)", min_value=0, max_value=3650
    )
    auto_approve = forms.BooleanField(label="可秒批（规则全部通过且无需材料时）", required=False)

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account_states"].choices = states

    OPTIONAL = "（可选）"

    def clean_materials(self) -> list[dict]:
        out = []
        for line in (self.cleaned_data.get("materials") or "").splitlines():
            name = line.strip()
            if not name:
                continue
            required = not name.endswith(self.OPTIONAL)
            name = name.removesuffix(self.OPTIONAL).strip()[:60]
            if name and all(m["name"] != name for m in out):
                out.append({"name": name, "required": required})
        return out


class FlowForm(forms.Form):
    second_review_above = forms.DecimalField(
        label="超过此金额增加复审(元)", min_value=0, max_digits=12, decimal_places=2
    )
    time_limit_days = forms.IntegerField(label="办理时限(工作日)", min_value=1, max_value=60)

    def __init__(self, *args, has_above: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_above:  # no node of this business is added above an amount
            del self.fields["second_review_above"]


def _percent(label: str, *, low="0", high="100", help_text=""):
    return forms.DecimalField(
        label=label,
        min_value=Decimal(low),
        max_value=Decimal(high),
        max_digits=7,
        decimal_places=4,
        help_text=help_text,
    )


def _yuan(label: str, help_text=""):
    return forms.DecimalField(
        label=label,
        min_value=Decimal("1"),
        max_value=Decimal("100000000"),
        max_digits=12,
        decimal_places=2,
        help_text=help_text,
    )


class LoanPolicyForm(forms.Form):
    """贷款政策参数 (gjj.loans.models.LoanPolicy): the limit, the term and the prepayment rules."""

    FIELDS = (
        "cap_single", "cap_couple", "balance_multiple", "income_share", "down_first",
        "down_second", "limit_unit", "max_term_months", "age_limit", "min_deposit_months",
        "prepay_min_installments", "prepay_whole_yuan", "prepay_per_year", "prepay_window_days",
    )  # fmt: skip

    cap_single = _yuan("单方缴存最高贷款额度(元)")
    cap_couple = _yuan("夫妻双方缴存最高贷款额度(元)")
    balance_multiple = _percent(
        "账户余额倍数",
        low="0.01",
        help_text="可贷额度不超过公积金余额（夫妻双方缴存时为合计）的倍数",
    )
    income_share = _percent(
        "月还款额占月收入比例上限(%)",
        low="1",
        help_text="月还款额不超过（家庭月收入 − 月债务支出）的比例",
    )
    down_first = _percent("首套住房最低首付比例(%)", high="99")
    down_second = _percent("第二套住房最低首付比例(%)", high="99")
    limit_unit = forms.TypedChoiceField(
        label="额度取整单位(元)",
        choices=[(f"{u}.00", f"{u:,} 元") for u in (1, 10, 100, 1000, 10000)],
        coerce=Decimal,
        error_messages={"invalid_choice": "请选择额度取整单位。"},
        help_text="可贷额度向下取整到该单位",
    )
    max_term_months = forms.IntegerField(
        label="最长贷款期限(月)",
        min_value=12,
        max_value=360,
        help_text="12 的整数倍，最长 360 个月",
    )
    age_limit = forms.IntegerField(
        label="贷款到期时借款人最高年龄(周岁)", min_value=50, max_value=80
    )
    min_deposit_months = forms.IntegerField(
        label="申请贷款需连续缴存月数", min_value=0, max_value=120
    )
    prepay_min_installments = forms.IntegerField(
        label="部分提前还款最低金额(月还款额的倍数)", min_value=0, max_value=120
    )
    prepay_whole_yuan = forms.BooleanField(label="部分提前还款金额须为整元", required=False)
    prepay_per_year = forms.IntegerField(
        label="每年部分提前还款最多次数", min_value=0, max_value=12
    )
    prepay_window_days = forms.IntegerField(
        label="提前还款日期可选范围(天)", min_value=1, max_value=90
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            name = field.label.split("(", 1)[0]
            field.error_messages["required"] = f"请填写{name}。"
            field.error_messages["invalid"] = f"{name}应为数字。"

    def clean_max_term_months(self):
        value = self.cleaned_data["max_term_months"]
        if value % 12:
            raise forms.ValidationError("最长贷款期限应为 12 的整数倍（整年）。")
        return value

    def clean(self):
        data = super().clean()
        single, couple = data.get("cap_single"), data.get("cap_couple")
        if single is not None and couple is not None and couple < single:
            self.add_error("cap_couple", "夫妻双方缴存的最高额度不能低于单方缴存的最高额度。")
        first, second = data.get("down_first"), data.get("down_second")
        if first is not None and second is not None and second < first:
            self.add_error("down_second", "第二套住房的首付比例不能低于首套住房。")
        return data
