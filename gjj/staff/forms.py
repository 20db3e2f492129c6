from __future__ import annotations

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
    reason = forms.ChoiceField(label="提取原因", required=False)
    start = forms.DateField(
        label="提交日期从", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="至", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, reasons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [("", "全部原因"), *reasons]


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
