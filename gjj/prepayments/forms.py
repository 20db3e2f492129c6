from __future__ import annotations

from decimal import Decimal

from django import forms

from gjj.loans.forms import AMOUNT_MAX, PrepaymentForm, parse_decimal
from gjj.prepayments import rules

__all__ = ["ApplyForm"]


class ApplyForm(PrepaymentForm):
    """申请提前还款: the what-if's fields, and where the money comes from."""

    zjly = forms.ChoiceField(
        label="还款资金来源",
        choices=list(rules.SOURCES.items()),
        initial=rules.CARD,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "请选择还款资金来源。"},
    )
    gjjchje = forms.CharField(
        label="其中公积金冲还金额（元）",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text="选择“公积金冲还 + 银行卡”时填写，其余由银行卡还款。",
    )

    def clean(self):
        data = super().clean()
        data["zjly"] = data.get("zjly") or rules.CARD
        data["fund"] = None
        if data["zjly"] == rules.BOTH:
            try:
                data["fund"] = parse_decimal(
                    data.get("gjjchje"),
                    label="公积金冲还金额",
                    low=Decimal("0.01"),
                    high=AMOUNT_MAX,
                    places=2,
                    unit="元",
                )
            except forms.ValidationError as error:
                self.add_error("gjjchje", error)
        return data
