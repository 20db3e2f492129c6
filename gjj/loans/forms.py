"""Forms of the loan pages: the query limits (the date range form is
`gjj.core.forms.DateRangeForm`) and the calculators' and 我要还款's inputs, each refused with a
Chinese message that says what is allowed."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from gjj.core.codes import PrepaymentMode, RepaymentMethod
from gjj.loans import plan as engine

# A loan runs at most 30 years: its pages accept a range that covers a whole loan.
LOAN_MAX_YEARS = 30

__all__ = [
    "LOAN_MAX_YEARS",
    "LoanCalculatorForm",
    "PrepaymentCalculatorForm",
    "LimitCalculatorForm",
]

AMOUNT_MIN, AMOUNT_MAX = Decimal("1"), Decimal("10000000")
RATE_MIN, RATE_MAX = Decimal("0.01"), Decimal("20")
MONTHS_MAX = 360
YEARS, MONTHS = "y", "m"
METHOD_CHOICES = RepaymentMethod.choices
HOME_CHOICES = [("1", "首套住房"), ("2", "第二套住房")]
UNIT_CHOICES = [(YEARS, "年"), (MONTHS, "月")]
MODE_CHOICES = PrepaymentMode.choices
# Digits people type with a Chinese input method, and the separators they add.
_WIDE = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def parse_decimal(value, *, label: str, low: Decimal, high: Decimal, places: int, unit: str):
    """A number typed by a person: full-width digits and thousands separators are accepted;
    anything else, out of [low, high] or with more than `places` decimals is refused."""
    text = str(value or "").strip().translate(_WIDE).replace(",", "").replace(" ", "")
    if not text:
        raise forms.ValidationError(f"请输入{label}。")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise forms.ValidationError(f"{label}应为数字，例如 {low:,f}。")
    if number < low or number > high:
        raise forms.ValidationError(f"{label}应在 {low:,f} 至 {high:,f} {unit}之间。")
    if -number.as_tuple().exponent > places:
        raise forms.ValidationError(f"{label}最多保留 {places} 位小数。")
    return number


def parse_int(value, *, label: str, low: int, high: int, unit: str) -> int:
    text = str(value or "").strip().translate(_WIDE)
    if not text:
        raise forms.ValidationError(f"请输入{label}。")
    if not text.isdigit():
        raise forms.ValidationError(f"{label}应为整数。")
    number = int(text)
    if number < low or number > high:
        raise forms.ValidationError(f"{label}应在 {low} 至 {high} {unit}之间。")
    return number


def _clean_amount(form, data, label: str) -> None:
    """The prepaid amount of a partial prepayment (tqhkje) into data["amount"]."""
    try:
        data["amount"] = parse_decimal(
            data.get("tqhkje"), label=label, low=AMOUNT_MIN, high=AMOUNT_MAX, places=2, unit="元"
        )
    except forms.ValidationError as error:
        form.add_error("tqhkje", error)


def _text(label: str, *, required: bool = True, mode: str = "decimal", **attrs):
    widget = forms.TextInput(attrs={"inputmode": mode, "autocomplete": "off", **attrs})
    name = label.split("（", 1)[0]
    return forms.CharField(
        label=label,
        required=required,
        widget=widget,
        max_length=20,
        error_messages={
            "required": f"请输入{name}。",
            "max_length": f"{name}最多 20 个字符。",
        },
    )


def _choice(label: str, choices, initial):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        initial=initial,
        required=False,
        error_messages={"invalid_choice": f"请选择{label}。"},
    )


class CalculatorForm(forms.Form):
    """Bound to the query string; blanks take the initial choice (a bare link works)."""

    def choice(self, name: str) -> str:
        return self.cleaned_data.get(name) or self.fields[name].initial


class _LoanTermsMixin(forms.Form):
    dkje = _text("贷款金额（元）", placeholder="例如 500000")
    qx = _text("贷款期限", mode="numeric", placeholder="例如 20")
    qxdw = _choice("期限单位", UNIT_CHOICES, YEARS)
    tflx = _choice("住房套数", HOME_CHOICES, "1")
    ll = _text("年利率（%）", required=False, placeholder="留空按现行利率")
    hkfs = _choice("还款方式", METHOD_CHOICES, engine.EQUAL_INSTALLMENT)

    def clean_dkje(self):
        return parse_decimal(
            self.cleaned_data["dkje"],
            label="贷款金额",
            low=AMOUNT_MIN,
            high=AMOUNT_MAX,
            places=2,
            unit="元",
        )

    def clean_ll(self):
        value = self.cleaned_data.get("ll")
        if not value:
            return None
        return parse_decimal(value, label="年利率", low=RATE_MIN, high=RATE_MAX, places=4, unit="%")

    def clean(self):
        data = super().clean()
        raw = data.get("qx")
        if raw:
            try:
                if (data.get("qxdw") or YEARS) == YEARS:
                    data["months"] = 12 * parse_int(
                        raw, label="贷款期限", low=1, high=MONTHS_MAX // 12, unit="年"
                    )
                else:
                    data["months"] = parse_int(
                        raw, label="贷款期限", low=1, high=MONTHS_MAX, unit="个月"
                    )
            except forms.ValidationError as error:
                self.add_error("qx", error)
        elif "qx" not in self.errors:
            self.add_error("qx", "请输入贷款期限。")
        return data

    @property
    def second_home(self) -> bool:
        return self.cleaned_data.get("tflx") == "2"


class LoanCalculatorForm(CalculatorForm, _LoanTermsMixin):
    pass


class PrepaymentCalculatorForm(CalculatorForm, _LoanTermsMixin):
    yhqs = _text("已还期数", mode="numeric", placeholder="例如 12")
    tqhkfs = _choice("提前还款方式", MODE_CHOICES, engine.SHORTEN_TERM)
    tqhkje = _text("提前还款本金（元）", required=False, placeholder="提前结清时不填")
    ts = _text("距上一还款日天数", required=False, mode="numeric", placeholder="0")

    field_order = ["dkje", "qx", "qxdw", "tflx", "ll", "hkfs", "yhqs", "tqhkfs", "tqhkje", "ts"]

    def clean(self):
        data = super().clean()
        months = data.get("months")
        raw = data.get("yhqs")
        if months and raw:
            try:
                data["paid"] = parse_int(raw, label="已还期数", low=0, high=months - 1, unit="期")
            except forms.ValidationError as error:
                self.add_error("yhqs", error)
        elif not raw and "yhqs" not in self.errors:
            self.add_error("yhqs", "请输入已还期数。")
        try:
            data["days"] = parse_int(
                data.get("ts") or "0", label="距上一还款日天数", low=0, high=30, unit="天"
            )
        except forms.ValidationError as error:
            self.add_error("ts", error)
        if (data.get("tqhkfs") or engine.SHORTEN_TERM) != engine.SETTLE:
            _clean_amount(self, data, "提前还款本金")
        return data


class LimitCalculatorForm(CalculatorForm):
    nl = _text("借款人年龄（周岁）", mode="numeric", placeholder="例如 35")
    hy = forms.BooleanField(label="配偶也在本中心缴存公积金（夫妻双方缴存）", required=False)
    ye = _text("公积金账户余额（元，双方缴存填合计）", placeholder="例如 60000")
    jcys = _text("连续缴存月数", mode="numeric", placeholder="例如 24")
    ysr = _text("家庭月收入（元）", placeholder="例如 15000")
    yzw = _text("每月已有债务还款（元）", required=False, placeholder="没有填 0")
    fj = _text("房屋总价（元）", placeholder="例如 1200000")
    tflx = _choice("住房套数", HOME_CHOICES, "1")
    qx = _text("希望贷款年限（年）", required=False, mode="numeric", placeholder="留空按最长")
    hkfs = _choice("还款方式", METHOD_CHOICES, engine.EQUAL_INSTALLMENT)

    PRICE_MAX = Decimal("100000000")

    def _money(self, name, label, *, low=Decimal(0), high=AMOUNT_MAX):
        return parse_decimal(
            self.cleaned_data.get(name), label=label, low=low, high=high, places=2, unit="元"
        )

    def clean_nl(self):
        return parse_int(self.cleaned_data["nl"], label="借款人年龄", low=18, high=100, unit="周岁")

    def clean_ye(self):
        return self._money("ye", "公积金账户余额")

    def clean_jcys(self):
        return parse_int(
            self.cleaned_data["jcys"], label="连续缴存月数", low=0, high=720, unit="个月"
        )

    def clean_ysr(self):
        return self._money("ysr", "家庭月收入")

    def clean_yzw(self):
        return (
            self._money("yzw", "每月已有债务还款") if self.cleaned_data.get("yzw") else Decimal(0)
        )

    def clean_fj(self):
        return self._money("fj", "房屋总价", low=AMOUNT_MIN, high=self.PRICE_MAX)

    def clean_qx(self):
        value = self.cleaned_data.get("qx")
        if not value:
            return None
        return parse_int(value, label="希望贷款年限", low=1, high=MONTHS_MAX // 12, unit="年")

    @property
    def second_home(self) -> bool:
        return self.cleaned_data.get("tflx") == "2"


class PrepaymentForm(forms.Form):
    """我要还款: the contract, the mode, the amount (01/02) and the day (the next due date by
    default). The policy's rules are checked in gjj.loans.rules, not here."""

    jkhtbh = forms.ChoiceField(
        label="借款合同编号",
        required=False,  # the view picked the contract (the person's default when absent)
        error_messages={"invalid_choice": "请选择借款合同。"},
    )
    tqhkfs = forms.ChoiceField(
        label="提前还款方式",
        choices=MODE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择提前还款方式。",
            "invalid_choice": "请选择提前还款方式。",
        },
    )
    tqhkje = _text("提前还款金额（元）", required=False, placeholder="提前结清时不填")
    tqhkrq = forms.DateField(
        label="提前还款日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "请输入正确的日期，例如 2026-01-20。"},
    )

    def __init__(self, data=None, *, contracts, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["jkhtbh"].choices = [(c.jkhtbh, c.jkhtbh) for c in contracts]

    def clean(self):
        data = super().clean()
        if data.get("tqhkfs") in (engine.SHORTEN_TERM, engine.REDUCE_INSTALLMENT):
            _clean_amount(self, data, "提前还款金额")
        return data
