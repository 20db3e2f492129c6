"""Who may apply for a provident fund loan (贷款申请), from the person's data: pure functions.

Each condition answers with what the depositor reads: met, or why not. The facts (account
state, the months with a deposit, open loans, an application in progress) are gathered by the
page's selector; the thresholds come from the center's LoanPolicy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from gjj.loans import plan as engine


@dataclass(frozen=True)
class Condition:
    name: str
    ok: bool
    detail: str


def continuous_months(months: Iterable[tuple[int, int]], today: dt.date) -> int:
    """Months in a row with a deposit (汇缴/补缴), ending this month or, when this month's has not
    arrived yet, last month."""
    have = set(months)
    current = (today.year, today.month)
    if current not in have:
        current = engine.add_months(*current, -1)
    count = 0
    while current in have:
        count += 1
        current = engine.add_months(*current, -1)
    return count


def loan_conditions(
    *,
    policy,
    account_state: str | None,
    account_normal: bool,
    months: int,
    open_loan: str,
    application_open: bool,
) -> list[Condition]:
    """The four conditions of a loan application, in the order the center checks them.

    `account_state` is the label of the person's account state (None without an account),
    `open_loan` the contract number of a loan not yet settled ("" when none)."""
    need = policy.min_deposit_months
    if account_state is None:
        account = Condition("账户状态正常", False, "您在本中心没有公积金账户。")
    elif account_normal:
        account = Condition("账户状态正常", True, "个人账户状态：正常。")
    else:
        account = Condition(
            "账户状态正常", False, f"个人账户状态为“{account_state}”，正常缴存的账户才能申请贷款。"
        )
    return [
        account,
        Condition(
            f"连续缴存满 {need} 个月",
            months >= need,
            f"已连续缴存 {months} 个月。"
            if months >= need
            else f"已连续缴存 {months} 个月，还差 {need - months} 个月。",
        ),
        Condition(
            "没有未结清的公积金贷款",
            not open_loan,
            f"借款合同【{open_loan}】的贷款尚未结清。" if open_loan else "没有未结清的贷款。",
        ),
        Condition(
            "没有办理中的贷款申请",
            not application_open,
            "您有一笔贷款申请正在办理，请在“我发起的”中查看进度。"
            if application_open
            else "没有办理中的贷款申请。",
        ),
    ]
