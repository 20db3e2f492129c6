from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms


class AmountForm(forms.Form):
    amount = forms.CharField(
        label="提取金额（元）",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text="例如 1500.00，最多两位小数。",
    )
    whole = forms.BooleanField(label="全部余额", required=False)

    def __init__(self, *args, closing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.closing = closing
        if closing:
            self.fields["amount"].help_text = "销户提取须提取全部余额及利息。"

    def clean_amount(self) -> str:
        text = (self.cleaned_data.get("amount") or "").strip().replace(",", "").replace("，", "")
        if not text:
            return ""
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError("提取金额应为数字，例如 1500.00。") from None
        if not value.is_finite() or abs(value) >= Decimal("1e12"):
            raise forms.ValidationError("提取金额应为数字，例如 1500.00。")
        return str(value)

    def clean(self):
        data = super().clean()
        if self.closing:
            data["whole"] = True
        if not data.get("whole") and not data.get("amount") and not self.errors:
            self.add_error("amount", "请填写提取金额，或选择“全部余额”。")
        return data


class CorrectionForm(forms.Form):
    """补正: one or more files for a named material."""

    name = forms.ChoiceField(label="补正的材料")

    def __init__(self, *args, names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].choices = [(n, n) for n in names]
