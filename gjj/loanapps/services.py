"""贷款申请 on the generic machinery: build the facts, run the rules, hand the application to
gjj.applications.services (which stores nodes, materials, messages and the history)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gjj.applications import services as apps
from gjj.applications.models import Application, Draft, Material
from gjj.applications.workflow import Check
from gjj.core import pii
from gjj.core.masking import mask_id_number
from gjj.core.money import format_amount
from gjj.loanapps import rules, selectors
from gjj.loans import limits
from gjj.loans import plan as engine

YWXX = "个人住房公积金贷款申请"
METHODS = {engine.EQUAL_INSTALLMENT: "等额本息", engine.EQUAL_PRINCIPAL: "等额本金"}


@dataclass(frozen=True)
class Preview:
    """The plan a loan would give (the engine's): the first installment and the totals."""

    amount: Decimal
    months: int
    rate: Decimal
    method: str
    first: Decimal
    decrease: Decimal | None  # 等额本金: how much less each month pays
    total_interest: Decimal
    last_due: dt.date

    @property
    def total_repaid(self) -> Decimal:
        return self.amount + self.total_interest

    @property
    def method_label(self) -> str:
        return METHODS.get(self.method, "")


def first_due(today: dt.date) -> dt.date:
    """A loan disbursed today: the first installment a month later, on the same day."""
    return engine.due_date(*engine.add_months(today.year, today.month, 1), today.day)


def preview(f: rules.Facts) -> Preview | None:
    if f.amount is None or f.amount <= 0 or f.rate is None or not f.years:
        return None
    months = f.years * 12
    plan = engine.build_plan(
        principal=f.amount,
        annual_rate=f.rate,
        months=months,
        method=f.method,
        first_due=first_due(f.today),
    )
    decrease = None
    if f.method == engine.EQUAL_PRINCIPAL and len(plan) > 1:
        decrease = plan[0].total - plan[1].total
    return Preview(
        amount=f.amount,
        months=months,
        rate=f.rate,
        method=f.method,
        first=plan[0].total,
        decrease=decrease,
        total_interest=engine.total_interest(plan),
        last_due=plan[-1].due_date,
    )


def draft_facts(*, person, draft: Draft, today: dt.date, exclude_pk=None):
    """(facts, checks, apply facts) for a draft's current content."""
    names = frozenset(
        Material.objects.filter(draft=draft).values_list("name", flat=True).distinct()
    )
    f, apply = selectors.facts(
        person=person, data=draft.data, today=today, materials=names, exclude_pk=exclude_pk
    )
    return f, rules.run(f), apply


def _plain(value) -> str:
    return "" if value is None else str(value)


@transaction.atomic
def loan_submit(*, person, draft: Draft, request=None) -> Application:
    """确认提交 of a loan draft; a refusal (apps.Refused) stores nothing."""
    existing = Application.objects.filter(submit_token=draft.token).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    f, checks, apply = draft_facts(person=person, draft=draft, today=today)
    result = rules.limit_result(f)
    plan = preview(f)
    detail = {
        "grzh": apply.account.grzh if apply.account else "",
        "balance": _plain(f.balance),
        "deposit_months": f.deposit_months,
        "age": f.age,
        "ysr": _plain(f.income),
        "yzw": _plain(f.debt),
        "fj": _plain(f.price),
        "tflx": rules.SECOND_HOME if f.second_home else rules.FIRST_HOME,
        "fwxz": f.house_kind,
        "fwzl": f.address.strip(),
        "fwmj": _plain(f.area),
        "qx": f.years,
        "dkqx": f.months,
        "hkfs": f.method,
        "dkll": _plain(f.rate),
        "po": f.spouse is not None,
        "poxm": f.spouse.name.strip() if f.spouse else "",
        "pozjhm": pii.encrypt(pii.normalize_id(f.spouse.id_number)) if f.spouse else "",
        "pojc": bool(f.spouse and f.spouse.deposits),
        "spouse_balance": _plain(f.spouse_balance if f.couple else None),
        "limit": _plain(result.amount if result else None),
        "limits": {limit.code: str(limit.amount) for limit in result.limits} if result else {},
        "binding": list(result.binding) if result else [],
        "first_installment": _plain(plan.first if plan else None),
        "total_interest": _plain(plan.total_interest if plan else None),
        "day": today.isoformat(),
        "materials": [m["name"] for m in rules.MATERIALS],
    }
    return apps.application_submit(
        person=person,
        business=selectors.business(),
        ywxx=YWXX,
        amount=f.amount,
        detail=detail,
        checks=checks,
        draft=draft,
        request=request,
    )


def _data_of(application: Application) -> dict:
    """The application's figures in the draft's shape (for the rules)."""
    d = application.detail
    return {**d, "dkje": str(application.amount) if application.amount is not None else ""}


def application_checks(application: Application, *, today: dt.date) -> list[Check]:
    """The rules re-run for an application in progress (the staff detail page, 补正)."""
    names = frozenset(application.materials.values_list("name", flat=True).distinct())
    f, _ = selectors.facts(
        person=application.person,
        data=_data_of(application),
        today=today,
        materials=names,
        exclude_pk=application.pk,
    )
    return rules.run(f)


def plain(value) -> str:
    """An amount as the core system reads it: two decimals, no thousands separator."""
    return format_amount(value).replace(",", "")


def spouse_id(application: Application) -> str:
    return pii.decrypt(application.detail.get("pozjhm", ""))


def application_export(application: Application) -> dict[str, str]:
    """The loan's columns of applications_out.csv (interchange/export.py, README)."""
    d = application.detail
    return {
        "dkje": plain(application.amount),
        "dkqx": str(d.get("dkqx") or ""),
        "dkhkfs": d.get("hkfs", ""),
        "fwzl": d.get("fwzl", ""),
        "fwmj": plain(d["fwmj"]) if d.get("fwmj") else "",
        "fwzj": plain(d["fj"]) if d.get("fj") else "",
        "fwxz": d.get("fwxz", ""),
        "gfts": d.get("tflx", ""),
        "gtjkrxm": d.get("poxm", "") if d.get("po") else "",
        "gtjkrzjhm": spouse_id(application) if d.get("po") else "",
    }


def application_summary(application: Application) -> list[tuple[str, str]]:
    """(label, value) rows describing a loan application (depositor and staff pages)."""
    d = application.detail
    rows = [
        ("贷款金额", f"{format_amount(application.amount)} 元"),
        ("贷款期限", f"{d.get('qx')} 年（{d.get('dkqx')} 个月）"),
        ("还款方式", METHODS.get(d.get("hkfs", ""), "")),
    ]
    if d.get("dkll"):
        rows.append(("年利率", f"{Decimal(d['dkll']).normalize():f}%（申请日执行利率）"))
    if d.get("first_installment"):
        rows.append(("首期还款额", f"{format_amount(d['first_installment'])} 元"))
        rows.append(("利息总额", f"{format_amount(d['total_interest'])} 元"))
    if d.get("limit"):
        binding = "、".join(limits.LABELS[c] for c in d.get("binding", []) if c in limits.LABELS)
        rows.append(("可贷额度", f"{format_amount(d['limit'])} 元（决定额度：{binding}）"))
    rows += [
        ("房屋坐落", d.get("fwzl", "")),
        ("建筑面积", f"{d.get('fwmj', '')} ㎡"),
        ("房屋总价", f"{format_amount(d.get('fj'))} 元"),
        (
            "房屋性质",
            f"{rules.HOUSE_KINDS.get(d.get('fwxz', ''), '')}，"
            f"{rules.HOMES.get(d.get('tflx', ''), '')}",
        ),
        ("家庭月收入", f"{format_amount(d.get('ysr'))} 元"),
        ("每月已有债务还款", f"{format_amount(d.get('yzw') or '0')} 元"),
    ]
    if d.get("po"):
        who = f"{d.get('poxm', '')}（{mask_id_number(spouse_id(application))}）"
        if d.get("pojc"):
            who += f"，在本中心缴存，余额 {format_amount(d.get('spouse_balance'))} 元"
        rows.append(("共同借款人（配偶）", who))
    else:
        rows.append(("共同借款人（配偶）", "无"))
    rows.append(("个人账号", d.get("grzh", "")))
    return rows
