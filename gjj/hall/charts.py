"""The data behind the charts of 我的公积金 and 我的贷款 (drawn by gjj.core.charts).

Each builder reads one account's or one loan's history in a constant number of queries and
returns `Chart`s: the same object gives the SVG and the table view.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gjj.core.charts import BAR, LINE, Chart, Series
from gjj.core.codes import LedgerType, LoanTxnType
from gjj.core.money import ZERO, format_amount
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.loans.models import LoanContract, LoanTxn
from gjj.loans.selectors import loan_position_kept

DEPOSITS = (LedgerType.REMIT, LedgerType.BACK_PAY)


def _year_label(year: int, today: dt.date) -> str:
    return f"{year}（至今）" if year == today.year else str(year)


def fund_charts(account: FundAccount, *, today: dt.date) -> list[Chart]:
    """Balance at each year's end and deposits per year over the account's life (one query)."""
    rows = list(
        LedgerEntry.objects.filter(account=account)
        .order_by("jzrq", "ywlsh")
        .values_list("jzrq", "gjhtqywlx", "fse", "balance")
    )
    first = min([account.khrq.year, *(r[0].year for r in rows[:1])])
    last = today.year
    if account.is_closed and rows:
        last = rows[-1][0].year
    years = list(range(first, last + 1))
    year_end: dict[int, Decimal] = {}
    deposits = dict.fromkeys(years, ZERO)
    for day, kind, fse, balance in rows:
        year_end[day.year] = balance
        if kind in DEPOSITS and day.year in deposits:
            deposits[day.year] += fse
    balances, carried = [], ZERO
    for y in years:
        carried = year_end.get(y, carried)
        balances.append(carried)
    labels = [_year_label(y, today) for y in years]
    peak = max(balances) if balances else ZERO
    total = sum(deposits.values(), ZERO)
    return [
        Chart(
            slug="balance",
            title=f"账户{account.grzh}每年年末余额",
            description=(
                f"{years[0]}年至{years[-1]}年每年年末的账户余额（元），柱状图。"
                f"最高{format_amount(peak)}元，目前{format_amount(account.grzhye)}元。"
            ),
            categories=labels,
            series=[Series("年末余额", balances, kind=BAR, css="s1")],
            category_head="年份",
        ),
        Chart(
            slug="deposits",
            title=f"账户{account.grzh}每年缴存额",
            description=(
                f"{years[0]}年至{years[-1]}年每年汇缴和补缴的合计（元），柱状图；"
                f"合计{format_amount(total)}元。"
            ),
            categories=labels,
            series=[Series("缴存额", [deposits[y] for y in years], kind=BAR, css="s3")],
            category_head="年份",
        ),
    ]


def loan_charts(contract: LoanContract, *, today: dt.date) -> list[Chart]:
    """Principal repaid vs remaining at each year's end, and interest per year; the plan's
    future part dashed (two queries: the transactions, and the position's)."""
    if not contract.is_disbursed:
        return []
    position = loan_position_kept(contract, today=today)
    txns = LoanTxn.objects.filter(contract=contract).values_list(
        "ywfsrq", "dkywmxlx", "ffje", "bjje", "lxje"
    )
    paid_p: dict[int, Decimal] = {}
    paid_i: dict[int, Decimal] = {}
    for day, kind, _ffje, bjje, lxje in txns:
        if kind == LoanTxnType.DISBURSEMENT:
            continue
        paid_p[day.year] = paid_p.get(day.year, ZERO) + bjje
        paid_i[day.year] = paid_i.get(day.year, ZERO) + lxje
    plan_p: dict[int, Decimal] = {}
    plan_i: dict[int, Decimal] = {}
    for row in position.plan:
        y = row.due_date.year
        plan_p[y] = plan_p.get(y, ZERO) + row.principal
        plan_i[y] = plan_i.get(y, ZERO) + row.interest
    start = contract.dkffrq.year
    last_paid = max([today.year if position.plan else start, *paid_p])
    end = max([last_paid, *plan_p]) if plan_p else max([start, *paid_p])
    years = list(range(start, end + 1))
    amount = contract.htdkje
    repaid, remaining, interest = [], [], []
    cum = ZERO
    for y in years:
        cum += paid_p.get(y, ZERO) + plan_p.get(y, ZERO)
        repaid.append(cum)
        remaining.append(max(amount - cum, ZERO))
        interest.append(paid_i.get(y, ZERO) + plan_i.get(y, ZERO))
    planned_years = [i for i, y in enumerate(years) if y in plan_p]
    future_from = planned_years[0] if planned_years else None
    labels = [str(y) for y in years]
    plan_note = "虚线部分为按还款计划的预计数。" if future_from is not None else "贷款已结清。"
    return [
        Chart(
            slug="principal",
            title=f"合同{contract.jkhtbh}已还本金与剩余本金",
            description=(
                f"贷款金额{format_amount(amount)}元，{years[0]}年至{years[-1]}年每年年末的"
                f"累计已还本金和剩余本金（元），折线图。目前贷款余额"
                f"{format_amount(contract.dkye)}元。{plan_note}"
            ),
            categories=labels,
            series=[
                Series("累计已还本金", repaid, kind=LINE, css="s1", future_from=future_from),
                Series("剩余本金", remaining, kind=LINE, css="s2", future_from=future_from),
            ],
            category_head="年份",
        ),
        Chart(
            slug="interest",
            title=f"合同{contract.jkhtbh}每年利息",
            description=(
                f"{years[0]}年至{years[-1]}年每年偿还的利息（元），柱状图。"
                f"合计{format_amount(sum(interest, ZERO))}元。{plan_note}"
            ),
            categories=labels,
            series=[Series("利息", interest, kind=BAR, css="s2", future_from=future_from)],
            category_head="年份",
        ),
    ]
