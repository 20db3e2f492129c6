"""Reads for the home page: a constant number of queries whatever the history length."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from gjj.core.codes import LoanTxnType
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.loans.models import LoanContract, LoanRate, LoanTxn
from gjj.loans.selectors import loan_summaries
from gjj.loans.summary import with_stamps

LEDGER_ROWS = 4
LOAN_ROWS = 3


@dataclass
class Line:
    """One line of a card: `汇缴:662.00元 2007-07-02`."""

    label: str
    amount: Decimal
    day: object


def account_cards(*, person) -> list[FundAccount]:
    """The person's fund accounts, each with `.lines`: its latest four ledger rows, oldest first.

    Two queries: the accounts, and the rows through a sliced prefetch (a window function).
    """
    latest = LedgerEntry.objects.order_by("-jzrq", "-ywlsh")[:LEDGER_ROWS]
    accounts = list(
        FundAccount.objects.filter(person=person)
        .order_by("khrq", "id")
        .prefetch_related(Prefetch("entries", queryset=latest, to_attr="latest_entries"))
    )
    for account in accounts:
        # The amount without its sign, as the manual prints it (withdrawals are negative).
        account.lines = [
            Line(e.get_gjhtqywlx_display(), abs(e.fse), e.jzrq)
            for e in reversed(account.latest_entries)
        ]
    # Open accounts first, the closed ones after them (collapsed on the page).
    accounts.sort(key=lambda a: a.is_closed)
    return accounts


def loan_txn_amount(txn: LoanTxn) -> Decimal:
    """放款金额 for a disbursement; otherwise 本金 + 利息 + 罚息 (本息合计)."""
    if txn.dkywmxlx == LoanTxnType.DISBURSEMENT:
        return txn.ffje
    return txn.bjje + txn.lxje + txn.fxje


def loan_cards(*, person, today=None) -> list[LoanContract]:
    """The person's loans, each with `.lines`: its latest three transactions, oldest first,
    and `.state_label`: 贷款状态 on `today` from the plan and the repayments (逾期 as soon as an
    installment is overdue, even if the stored state from the last import still says 正常还款).

    Two queries: the loans with their summaries' keys (gjj/loans/summary.py), their latest rows
    (a sliced prefetch); and all their transactions only when a summary must be computed again
    (its figures changed, or a new day).
    """
    today = today or timezone.localdate()
    latest = LoanTxn.objects.order_by("-ywfsrq", "-ywlsh")[:LOAN_ROWS]
    loans = list(
        with_stamps(LoanContract.objects.filter(person=person))
        .order_by("-jkhtqdrq", "-id")
        .prefetch_related(Prefetch("txns", queryset=latest, to_attr="latest_txns"))
    )
    summaries = loan_summaries(loans, today=today)
    for loan in loans:
        loan.state_label = summaries[loan.pk].state_label
        loan.lines = [
            Line(t.get_dkywmxlx_display(), loan_txn_amount(t), t.ywfsrq)
            for t in reversed(loan.latest_txns)
        ]
    return loans


def current_loan_rate() -> LoanRate | None:
    """The rate row in force today (a row staff added for a future date is not yet)."""
    return (
        LoanRate.objects.filter(effective__lte=timezone.localdate()).order_by("-effective").first()
    )
