"""还款明细: a contract's transactions, one keyset page at a time, with the running columns
(已还本金, 已还利息, 贷款余额) right on any page of any range."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from gjj.core.money import ZERO
from gjj.core.pagination import Page, keyset_page
from gjj.loans.models import LoanContract, LoanTxn

REPAYMENT_PAGE_SIZE = 10


@dataclass
class RepaymentRow:
    xh: int
    txn: LoanTxn
    total: Decimal  # 本息合计 = 本金 + 利息 + 罚息
    repaid_principal: Decimal  # 已还本金 (running, over all transactions)
    repaid_interest: Decimal  # 已还利息 (running)
    balance: Decimal  # 贷款余额 (running: disbursed − principal repaid)


def repayment_page(
    *,
    contract: LoanContract,
    start: dt.date,
    end: dt.date,
    after: str | None = None,
    before: str | None = None,
    size: int = REPAYMENT_PAGE_SIZE,
    query: str = "",
) -> Page:
    """The contract's transactions from `start` to `end`, one keyset page, with running columns.

    The running 已还本金 / 已还利息 / 贷款余额 start from one aggregate over every transaction
    before the page (also those before `start`), so they are right on any page of any range.
    """
    qs = LoanTxn.objects.filter(contract=contract, ywfsrq__gte=start, ywfsrq__lte=end)
    page = keyset_page(
        qs, order=("ywfsrq", "ywlsh"), after=after, before=before, size=size, query=query
    )
    opening = _sums_before(contract, page.rows[0]) if page.rows else {}
    disbursed = opening.get("ffje", ZERO)
    principal = opening.get("bjje", ZERO)
    interest = opening.get("lxje", ZERO)
    rows = []
    for i, txn in enumerate(page.rows):
        disbursed += txn.ffje
        principal += txn.bjje
        interest += txn.lxje
        rows.append(
            RepaymentRow(
                xh=page.before + i + 1,
                txn=txn,
                total=txn.bjje + txn.lxje + txn.fxje,
                repaid_principal=principal,
                repaid_interest=interest,
                balance=disbursed - principal,
            )
        )
    page.rows = rows
    return page


def _sums_before(contract: LoanContract, first: LoanTxn) -> dict[str, Decimal]:
    before = Q(ywfsrq__lt=first.ywfsrq) | Q(ywfsrq=first.ywfsrq, ywlsh__lt=first.ywlsh)
    sums = LoanTxn.objects.filter(before, contract=contract).aggregate(
        ffje=Sum("ffje"), bjje=Sum("bjje"), lxje=Sum("lxje")
    )
    return {k: v or ZERO for k, v in sums.items()}
