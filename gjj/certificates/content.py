"""What each certificate states, read from the person's own data (a constant number of queries).

Each builder returns a `Document`; the page previews it, the PDF prints it, the verify page shows
its `key` figures. Figures are formatted here once, so page and paper cannot differ.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Max

from gjj.certificates.documents import Document, Table
from gjj.certificates.models import Certificate
from gjj.core.codes import WITHDRAWAL_LEDGER_TYPES, LedgerType
from gjj.core.masking import mask_id_number
from gjj.core.money import ZERO, format_amount, format_ratio
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.fund.statement import AnnualStatement
from gjj.loans.models import LoanContract, LoanTxn
from gjj.loans.selectors import is_settled

DEPOSIT_TYPES = (LedgerType.REMIT, LedgerType.BACK_PAY)
Kind = Certificate.Kind


def day_text(day: dt.date | None) -> str:
    return f"{day:%Y年%m月%d日}" if day else "—"


def yuan(value: Decimal | None) -> str:
    return f"{format_amount(value or ZERO)}元"


def _month(day: dt.date) -> str:
    return f"{day:%Y-%m}"


def _months_back(today: dt.date, count: int) -> list[str]:
    """The `count` calendar months ending with today's, oldest first: ['2025-12', … '2026-11']."""
    index = today.year * 12 + today.month - 1
    return [f"{k // 12:04d}-{k % 12 + 1:02d}" for k in range(index - count + 1, index + 1)]


def _since(today: dt.date, months: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - months + 1
    return dt.date(index // 12, index % 12 + 1, 1)


def _holder(person) -> list[list[str]]:
    return [["姓名", person.xingming], ["证件号码", mask_id_number(person.zjhm)]]


def _account_facts(account: FundAccount, closed_on: dt.date | None, center: str) -> list:
    facts = [
        ["缴存中心", center],
        ["个人账号", account.grzh],
        ["单位名称", account.dwmc],
        ["账户状态", account.get_grzhzt_display()],
        ["开户日期", day_text(account.khrq)],
    ]
    if account.is_closed:
        facts.append(["销户日期", day_text(closed_on)])
    facts += [
        ["缴存基数", yuan(account.grjcjs)],
        ["缴存比例", f"单位{format_ratio(account.dwjcbl)},个人{format_ratio(account.grjcbl)}"],
        ["月缴存额", yuan(account.dwyjce + account.gryjce)],
        ["缴至年月", account.jzny or "—"],
    ]
    return facts


def _entries_since(account: FundAccount, since: dt.date) -> list[tuple]:
    return list(
        LedgerEntry.objects.filter(account=account, jzrq__gte=since)
        .order_by("jzrq", "ywlsh")
        .values_list("jzrq", "gjhtqywlx", "fse", "tqyy")
    )


def _closed_on(account: FundAccount) -> dt.date | None:
    if not account.is_closed:
        return None
    return LedgerEntry.objects.filter(account=account).aggregate(d=Max("jzrq"))["d"]


def deposit_certificate(*, person, account: FundAccount, today: dt.date, center: str) -> Document:
    """个人住房公积金缴存证明 for one account (closed ones too, with their closing date)."""
    rows = _entries_since(account, _since(today, 12))
    by_month = dict.fromkeys(_months_back(today, 12), ZERO)
    for day, kind, fse, _ in rows:
        if kind in DEPOSIT_TYPES and _month(day) in by_month:
            by_month[_month(day)] += fse
    balance = yuan(account.grzhye)
    facts = _holder(person) + _account_facts(account, _closed_on(account), center)
    facts.append([f"账户余额（截至{day_text(today)}）", balance])
    return Document(
        kind=Kind.DEPOSIT,
        title=Kind.DEPOSIT.label,
        subject=account.grzh,
        facts=facts,
        tables=[
            Table(
                "近12个月缴存情况",
                ["月份", "缴存额（元）"],
                [[m, format_amount(v)] for m, v in by_month.items()],
                numeric=[1],
            )
        ],
        sentences=[f"兹证明{person.xingming}在本中心缴存住房公积金，情况如上。"],
        key=[
            ["个人账号", account.grzh],
            ["账户状态", account.get_grzhzt_display()],
            ["缴至年月", account.jzny or "—"],
            [f"账户余额（截至{day_text(today)}）", balance],
        ],
    )


def settled_contracts(contracts: list[LoanContract]) -> list[LoanContract]:
    return [c for c in contracts if is_settled(c)]


def settlement_certificate(*, person, contract: LoanContract, center: str) -> Document:
    """贷款结清证明 of a settled contract (the caller checks it is settled)."""
    settled_on = LoanTxn.objects.filter(contract=contract).aggregate(d=Max("ywfsrq"))["d"]
    sentence = f"借款人{person.xingming}借款合同编号{contract.jkhtbh}的住房公积金贷款，" + (
        f"已于{day_text(settled_on)}结清全部贷款本息。"
    )
    return Document(
        kind=Kind.SETTLEMENT,
        title=Kind.SETTLEMENT.label,
        subject=contract.jkhtbh,
        facts=_holder(person)
        + [
            ["贷款中心", center],
            ["借款合同编号", contract.jkhtbh],
            ["贷款编号", contract.dkzh],
            ["贷款金额", yuan(contract.htdkje)],
            ["贷款期限", f"{contract.dkqs}个月"],
            ["发放日期", day_text(contract.dkffrq)],
            ["结清日期", day_text(settled_on)],
            ["受委托银行", contract.swtyhmc],
        ],
        sentences=[sentence],
        key=[
            ["借款合同编号", contract.jkhtbh],
            ["贷款金额", yuan(contract.htdkje)],
            ["发放日期", day_text(contract.dkffrq)],
            ["结清日期", day_text(settled_on)],
        ],
    )


def continuous_months(months: set[str], today: dt.date) -> int:
    """Months in a row with a deposit, ending with the latest month that had one (≤ today)."""
    if not months:
        return 0
    latest = (
        max(m for m in months if m <= _month(today))
        if any(m <= _month(today) for m in months)
        else None
    )
    if latest is None:
        return 0
    year, month = int(latest[:4]), int(latest[5:])
    count = 0
    while f"{year:04d}-{month:02d}" in months:
        count += 1
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return count


def usage_certificate(
    *,
    person,
    account: FundAccount,
    contracts: list[LoanContract],
    today: dt.date,
    center: str,
) -> Document:
    """异地贷款职工住房公积金缴存使用证明 (the national template's content)."""
    since = _since(today, 24)
    # Continuous months need the history before the 24 months too: one query over the account.
    deposit_months = {
        _month(d)
        for d in LedgerEntry.objects.filter(
            account=account, gjhtqywlx__in=DEPOSIT_TYPES
        ).values_list("jzrq", flat=True)
    }
    rows = _entries_since(account, since)
    deposited = sum((f for d, k, f, _ in rows if k in DEPOSIT_TYPES), ZERO)
    withdrawals = [
        [
            f"{d:%Y-%m-%d}",
            LedgerType(k).label,
            _reason_label(tqyy),
            format_amount(abs(f)),
        ]
        for d, k, f, tqyy in rows
        if k in WITHDRAWAL_LEDGER_TYPES
    ]
    settled = [c for c in contracts if is_settled(c)]
    outstanding = [c for c in contracts if c.is_disbursed and not is_settled(c)]
    if outstanding:
        loan_state = "有，未结清"
    elif settled:
        loan_state = "有，已结清"
    else:
        loan_state = "无"
    months = continuous_months(deposit_months, today)
    facts = _holder(person) + _account_facts(account, _closed_on(account), center)
    facts += [
        [f"账户余额（截至{day_text(today)}）", yuan(account.grzhye)],
        ["连续缴存月数", f"{months}个月"],
        ["近24个月缴存总额", yuan(deposited)],
        ["在本中心住房公积金贷款", loan_state],
    ]
    loan_rows = [
        [
            c.jkhtbh,
            format_amount(c.htdkje),
            format_amount(c.dkye),
            f"{c.dkffrq:%Y-%m-%d}" if c.dkffrq else "未发放",
            "已结清" if is_settled(c) else ("未结清" if c.is_disbursed else "未发放"),
        ]
        for c in contracts
    ]
    return Document(
        kind=Kind.USAGE,
        title=Kind.USAGE.label,
        subject=account.grzh,
        facts=facts,
        tables=[
            Table(
                "住房公积金贷款情况",
                ["借款合同编号", "贷款金额（元）", "贷款余额（元）", "发放日期", "状态"],
                loan_rows,
                empty="无住房公积金贷款记录",
                numeric=[1, 2],
            ),
            Table(
                "近24个月提取情况",
                ["日期", "业务类型", "提取原因", "金额（元）"],
                withdrawals,
                empty="近24个月无提取记录",
                numeric=[3],
            ),
        ],
        sentences=[
            f"兹证明{person.xingming}在本中心缴存住房公积金，缴存及使用情况如上，"
            "供异地申请住房公积金贷款使用。"
        ],
        key=[
            ["个人账号", account.grzh],
            ["账户状态", account.get_grzhzt_display()],
            ["连续缴存月数", f"{months}个月"],
            ["近24个月缴存总额", yuan(deposited)],
            ["在本中心住房公积金贷款", loan_state],
        ],
    )


def _reason_label(tqyy: str) -> str:
    from gjj.core.codes import WithdrawalReason

    return dict(WithdrawalReason.choices).get(tqyy, "—") if tqyy else "—"


def statement_document(*, person, st: AnnualStatement, center: str) -> Document:
    """年度对账单 of one interest year, with the engine's working of the interest."""
    facts = _holder(person) + [
        ["缴存中心", center],
        ["个人账号", st.account.grzh],
        ["结息年度", f"{day_text(st.start)}至{day_text(st.end)}"],
        ["期初余额", yuan(st.opening)],
        ["期末余额", yuan(st.closing)],
    ]
    sentences = []
    if st.working is not None:
        facts += [
            ["利息积数", f"{format_amount(st.working.product)}元·天"],
            ["年利率", st.rates_text],
            ["计息天数", f"{st.days}天"],
            ["按积数计算的利息", yuan(st.working.interest)],
            ["中心记账利息", yuan(st.interest_stored) if st.interest_stored is not None else "—"],
        ]
        sentences.append(interest_check_text(st))
    elif st.note:
        sentences.append(st.note)
    return Document(
        kind=Kind.STATEMENT,
        title=Kind.STATEMENT.label,
        subject=f"{st.account.grzh}:{st.year}",
        facts=facts,
        tables=[
            Table(
                "本年度业务汇总",
                ["业务类型", "笔数", "发生额合计（元）"],
                [[line.label, str(line.count), format_amount(line.total)] for line in st.lines],
                empty="本年度无业务发生",
                numeric=[1, 2],
            )
        ],
        sentences=sentences,
        key=[
            ["个人账号", st.account.grzh],
            ["结息年度", st.label],
            ["期初余额", yuan(st.opening)],
            ["期末余额", yuan(st.closing)],
            ["本年度利息", yuan(st.interest_stored) if st.interest_stored is not None else "—"],
        ],
    )


def interest_check_text(st: AnnualStatement) -> str:
    if st.interest_stored is None:
        return (
            f"核对结果：中心未记账本年度利息，按积数法计算应为{yuan(st.engine_interest)}，"
            "请联系中心核实。"
        )
    if st.matches:
        return (
            f"核对结果：中心记账利息{yuan(st.interest_stored)}与按积数法计算的利息"
            f"{yuan(st.engine_interest)}相符。"
        )
    return (
        f"核对结果：中心记账利息{yuan(st.interest_stored)}与按积数法计算的利息"
        f"{yuan(st.engine_interest)}不符，请联系中心核实。"
    )
