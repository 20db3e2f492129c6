"""提前还款 on the generic machinery: gather the facts, run the rules, hand the application to
gjj.applications.services (nodes, messages, history, audit). A refusal stores nothing."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gjj.applications import services as apps
from gjj.applications.models import Application, Draft
from gjj.applications.workflow import Check
from gjj.core.codes import LedgerType, PrepaymentMode, WithdrawalMethod
from gjj.core.money import ZERO, format_amount
from gjj.loans.models import LoanContract
from gjj.prepayments import rules, selectors
from gjj.withdrawals.selectors import FUND_HOLD


def new_token(person) -> str:
    """The confirm page's one-time token: a second post of the same page returns the first
    application. It names the person, so nobody reaches another person's application by it."""
    return f"P{person.pk}-{secrets.token_urlsafe(18)}"


def token_is_mine(person, token: str) -> bool:
    return bool(re.fullmatch(rf"P{person.pk}-[A-Za-z0-9_-]{{24}}", token or ""))


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def detail_for(facts: rules.Facts, *, contract: LoanContract, account) -> dict:
    """What the application stores (and the export and the staff read)."""
    w = facts.whatif
    fund = facts.fund_amount if facts.source != rules.CARD else ZERO
    d = {
        "jkhtbh": contract.jkhtbh,
        "mode": facts.mode,
        "mode_label": PrepaymentMode(facts.mode).label,
        "date": facts.on.isoformat(),
        "source": facts.source,
        "source_label": rules.SOURCES[facts.source],
        "bank": contract.swtyhmc,
        "amount": _money(w.prepaid),  # principal prepaid (03: the whole balance)
        "balance": _money(w.balance),  # the balance on the day, before the prepayment
        "accrued": _money(w.accrued),  # interest from `since` to the day, days / 360
        "since": w.since.isoformat() if w.since else "",
        "days": w.accrued_days,
        "overdue": _money(w.overdue),
        "penalty": _money(w.penalty),
        "pay_now": _money(w.pay_now),  # 本次应付 (03: 结清金额)
        "fund_amount": _money(fund),
        "card_amount": _money(w.pay_now - fund),
        "rate": str(contract.dkll),
        "before": {
            "installment": _money(w.before.installment),
            "periods": w.before.periods,
            "last_month": w.before.last_month,
            "interest": _money(w.before.interest),
        },
        "after": {
            "installment": _money(w.after.installment),
            "periods": w.after.periods,
            "last_month": w.after.last_month,
            "interest": _money(w.after.interest),
        },
        "saved": _money(w.interest_saved),
    }
    if fund > 0 and account is not None:
        # The part of the fund balance this application holds until the core system books it
        # (the withdrawal rules leave it out of what may be withdrawn).
        d.update(grzh=account.grzh, card=account.grckzhhm, **{FUND_HOLD: _money(fund)})
    return d


def ywxx_for(mode: str) -> str:
    return f"借款人{PrepaymentMode(mode).label.split('（')[0]}申请"


@transaction.atomic
def prepayment_submit(
    *,
    person,
    contract: LoanContract,
    mode: str,
    amount: Decimal | None,
    on: dt.date | None,
    source: str,
    fund_amount: Decimal | None,
    token: str,
    request=None,
) -> Application:
    """确认提交: re-run every rule and store the application (apps.Refused stores nothing).

    `contract` must be the person's (the views look it up among the person's own)."""
    if contract.person_id != person.pk or not token_is_mine(person, token):
        raise apps.WorkflowError("页面已过期，请重新试算后再提交。")
    existing = Application.objects.filter(submit_token=token).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    facts, account = selectors.facts(
        person=person,
        contract=contract,
        mode=mode,
        amount=amount,
        on=on,
        source=source,
        fund_amount=fund_amount,
        today=today,
    )
    checks = rules.run(facts)
    if any(not c.passed for c in checks) or facts.whatif is None:
        raise apps.Refused([c for c in checks if not c.passed])
    detail = detail_for(facts, contract=contract, account=account)
    Draft.objects.filter(person=person, business=selectors.BUSINESS).delete()
    draft = Draft.objects.create(
        person=person, business=selectors.BUSINESS, token=token, data={"jkhtbh": contract.jkhtbh}
    )
    return apps.application_submit(
        person=person,
        business=selectors.business(),
        ywxx=ywxx_for(mode),
        amount=facts.whatif.pay_now,
        detail=detail,
        checks=checks,
        draft=draft,
        request=request,
        contract=contract,
    )


# --- hooks (gjj.applications.registry) ----------------------------------------------------------


def application_checks(application: Application, *, today: dt.date) -> list[Check]:
    """The rules again on an application in progress (the staff detail page): the same
    contract, mode, amount, day and source, on today's data, this application left out."""
    d = application.detail
    contract = application.contract
    if contract is None:
        contract = LoanContract.objects.filter(jkhtbh=d.get("jkhtbh")).first()
    if contract is None:
        return [Check("contract", "借款合同", False, "借款合同不存在。")]
    amount = Decimal(d["amount"]) if d.get("amount") and d.get("mode") != "03" else None
    facts, _ = selectors.facts(
        person=application.person,
        contract=contract,
        mode=d.get("mode", ""),
        amount=amount,
        on=dt.date.fromisoformat(d["date"]) if d.get("date") else None,
        source=d.get("source", ""),
        fund_amount=Decimal(d["fund_amount"]) if d.get("fund_amount") else None,
        today=today,
        exclude_pk=application.pk,
    )
    return rules.run(facts)


def application_summary(application: Application) -> list[tuple[str, str]]:
    """(label, value) rows describing a prepayment (depositor and staff pages)."""
    d = application.detail

    def yuan(key: str) -> str:
        return f"{format_amount(d.get(key) or '0')} 元"

    rows = [
        ("借款合同编号", d.get("jkhtbh", "")),
        ("提前还款方式", d.get("mode_label", "")),
        ("提前还款日期", d.get("date", "")),
    ]
    if d.get("mode") == "03":
        rows += [
            ("剩余本金", yuan("balance")),
            (f"应计利息（{d.get('since', '')} 起 {d.get('days', 0)} 天）", yuan("accrued")),
        ]
        if Decimal(d.get("overdue") or "0") or Decimal(d.get("penalty") or "0"):
            rows += [("逾期本息", yuan("overdue")), ("罚息", yuan("penalty"))]
        rows.append(("结清金额", yuan("pay_now")))
    else:
        before, after = d.get("before", {}), d.get("after", {})
        rows += [
            ("提前还款本金", yuan("amount")),
            (f"应计利息（{d.get('since', '')} 起 {d.get('days', 0)} 天）", yuan("accrued")),
            ("本次应付", yuan("pay_now")),
            (
                "月还款额（下一期）",
                f"{format_amount(before.get('installment'))} → "
                f"{format_amount(after.get('installment'))} 元",
            ),
            ("剩余期数", f"{before.get('periods', '')} → {after.get('periods', '')}"),
            ("节省利息", yuan("saved")),
        ]
    rows.append(("还款资金来源", d.get("source_label", "")))
    if d.get("source") in (rules.FUND, rules.BOTH):
        rows += [("公积金冲还金额", yuan("fund_amount")), ("个人账号", d.get("grzh", ""))]
    if d.get("source") in (rules.CARD, rules.BOTH):
        rows.append(("银行卡还款金额", f"{yuan('card_amount')}（{d.get('bank', '')}还款账户）"))
    return rows


def application_export(application: Application) -> dict[str, str]:
    """The prepayment's columns of applications_out.csv (interchange/export.py). The 公积金冲还
    part is a withdrawal of reason 70 and also fills the withdrawal's columns."""
    d = application.detail
    out = {
        "jkhtbh": d.get("jkhtbh", ""),
        "tqhkfs": d.get("mode", ""),
        "tqhkje": d.get("amount", ""),
        "tqhkrq": d.get("date", ""),
        "zjly": d.get("source", ""),
        "gjjchje": d.get("fund_amount", "") if d.get("source") != rules.CARD else "",
    }
    if d.get("source") in (rules.FUND, rules.BOTH):
        out.update(
            ywlx=LedgerType.LOAN_REPAYMENT_WITHDRAWAL.value,
            tqyy="06",
            tqfs=WithdrawalMethod.TRANSFER.value,  # transferred to the loan account
            tqje=d.get("fund_amount", ""),
        )
    return out
