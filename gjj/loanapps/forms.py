"""The loan application's inputs: the limit check's (income, price, home, term, method, the
spouse) and the form's (amount, the house). Each refused with a Chinese message that says what is
allowed; the policy's rules (limit, term, conditions) are checked in gjj.loanapps.rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from gjj.core import pii
from gjj.core.idcard import id_number_error
from gjj.loanapps import rules
from gjj.loans import plan as engine
from gjj.loans.forms import parse_decimal, parse_int

AMOUNT_MIN, AMOUNT_MAX = Decimal("1"), Decimal("10000000")
PRICE_MAX = Decimal("100000000")
AREA_MAX = Decimal("10000")
YEARS_MAX = 50  # the policy's longest term is checked by the rules
METHOD_CHOICES = [(engine.EQUAL_INSTALLMENT, "等额本息"), (engine.EQUAL_PRINCIPAL, "等额本金")]


def _text(label: str, *, required: bool = True, mode: str = "decimal", max_length=20, **attrs):
    widget = forms.TextInput(attrs={"inputmode": mode, "autocomplete": "off", **attrs})
    name = label.split("（", 1)[0]
    return forms.CharField(
        label=label,
        required=required,
        widget=widget,
        max_length=max_length,
        error_messages={
            "required": f"请填写{name}。",
            "max_length": f"{name}最多 {max_length} 个字符。",
        },
    )


def _radio(label: str, choices, initial):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        initial=initial,
        widget=forms.RadioSelect,
        error_messages={"required": f"请选择{label}。", "invalid_choice": f"请选择{label}。"},
    )


class LimitForm(forms.Form):
    """额度试算 with the person's data: what the limit depends on besides the balance."""

    ysr = _text("家庭月收入（元）", placeholder="例如 15000")
    yzw = _text("每月已有债务还款（元）", required=False, placeholder="没有填 0")
    fj = _text("房屋总价（元）", placeholder="例如 1200000")
    tflx = _radio("住房套数", list(rules.HOMES.items()), rules.FIRST_HOME)
    qx = _text("贷款期限（年）", mode="numeric", placeholder="例如 20")
    hkfs = _radio("还款方式", METHOD_CHOICES, engine.EQUAL_INSTALLMENT)
    po = forms.BooleanField(label="配偶作为共同借款人", required=False)
    poxm = _text("配偶姓名", required=False, mode="text", max_length=30)
    pozjhm = _text("配偶身份证号码", required=False, mode="text", max_length=20)
    pojc = forms.BooleanField(
        label="配偶也在本中心缴存公积金（余额合并计算，适用夫妻双方缴存的最高额度）",
        required=False,
    )

    def _money(self, name, label, *, low=Decimal(0), high=AMOUNT_MAX):
        return parse_decimal(
            self.cleaned_data.get(name), label=label, low=low, high=high, places=2, unit="元"
        )

    def clean_ysr(self):
        return self._money("ysr", "家庭月收入", low=AMOUNT_MIN)

    def clean_yzw(self):
        if not self.cleaned_data.get("yzw"):
            return Decimal(0)
        return self._money("yzw", "每月已有债务还款")

    def clean_fj(self):
        return self._money("fj", "房屋总价", low=AMOUNT_MIN, high=PRICE_MAX)

    def clean_qx(self):
        return parse_int(
            self.cleaned_data["qx"], label="贷款期限", low=1, high=YEARS_MAX, unit="年"
        )

    def clean(self):
        data = super().clean()
        if data.get("po"):
            if not (data.get("poxm") or "").strip():
                self.add_error("poxm", "请填写配偶姓名。")
            number = pii.normalize_id(data.get("pozjhm") or "")
            if not number:
                self.add_error("pozjhm", "请填写配偶身份证号码。")
            else:
                reason = id_number_error(number)
                if reason:
                    self.add_error("pozjhm", f"配偶身份证号码有误：{reason}。")
                data["pozjhm"] = number
        elif data.get("pojc"):
            self.add_error("po", "选择“配偶也在本中心缴存”时，请同时填写配偶作为共同借款人。")
        return data

    def to_data(self) -> dict:
        """The draft's content (text; the spouse's ID number encrypted)."""
        d = self.cleaned_data
        po = bool(d.get("po"))
        return {
            "ysr": str(d["ysr"]),
            "yzw": str(d.get("yzw") or 0),
            "fj": str(d["fj"]),
            "tflx": d["tflx"],
            "qx": d["qx"],
            "hkfs": d["hkfs"],
            "po": po,
            "poxm": (d.get("poxm") or "").strip() if po else "",
            "pozjhm": pii.encrypt(d.get("pozjhm") or "") if po else "",
            "pojc": bool(d.get("pojc")) if po else False,
        }

    @classmethod
    def initial_from(cls, data: dict) -> dict:
        initial = {name: data[name] for name in cls.base_fields if name in data}
        if data.get("pozjhm"):
            initial["pozjhm"] = pii.decrypt(data["pozjhm"])
        return initial


class ApplyForm(LimitForm):
    """The application itself: the limit's inputs again, the amount and the house."""

    dkje = _text("贷款金额（元）", placeholder="不超过可贷额度")
    fwzl = _text("房屋坐落", mode="text", max_length=200, placeholder="例如 薛城区某某路 1 号")
    fwmj = _text("建筑面积（㎡）", placeholder="例如 89.50")
    fwxz = _radio("房屋性质", list(rules.HOUSE_KINDS.items()), rules.NEW_HOUSE)

    field_order = [
        "dkje", "qx", "hkfs", "fwzl", "fwmj", "fj", "fwxz", "tflx", "ysr", "yzw",
        "po", "poxm", "pozjhm", "pojc",
    ]  # fmt: skip

    def clean_dkje(self):
        return self._money("dkje", "贷款金额", low=AMOUNT_MIN)

    def clean_fwzl(self):
        return (self.cleaned_data.get("fwzl") or "").strip()

    def clean_fwmj(self):
        return parse_decimal(
            self.cleaned_data.get("fwmj"),
            label="建筑面积",
            low=Decimal("1"),
            high=AREA_MAX,
            places=2,
            unit="㎡",
        )

    def to_data(self) -> dict:
        d = self.cleaned_data
        return {
            **super().to_data(),
            "dkje": str(d["dkje"]),
            "fwzl": d["fwzl"],
            "fwmj": str(d["fwmj"]),
            "fwxz": d["fwxz"],
        }
