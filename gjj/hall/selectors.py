"""Reads for the home page: a constant number of queries whatever the history length."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, FilteredRelation, OuterRef, Q, Subquery
from django.utils import timezone

from gjj.applications.models import Application
from gjj.core.codes import LedgerType, LoanTxnType
from gjj.core.idcard import birth_date
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.fund.selectors import account_default, account_list
from gjj.loans.eligibility import continuous_months
from gjj.loans.models import LoanContract, LoanRate, LoanTxn
from gjj.loans.selectors import is_settled, loan_summaries
from gjj.loans.summary import with_stamps

LEDGER_ROWS = 4
LOAN_ROWS = 3


@dataclass
class Line:
    """One line of a card: `汇缴:662.00元 2007-07-02`."""

    label: str
    amount: Decimal
    day: object


def _with_lines(queryset, relation: str, latest, **columns):
    """`queryset` with `relation`'s latest rows joined (`latest`: their ids, a correlated
    subquery over the relation's index), each row's `columns` as `line_<name>` attributes, in
    the queryset's order then the rows' `order` — one query, one result row per (object, line),
    an object without rows once with the line's columns None."""
    return queryset.annotate(
        line=FilteredRelation(relation, condition=Q(**{f"{relation}__pk__in": Subquery(latest)}))
    ).annotate(**{f"line_{name}": F(f"line__{column}") for name, column in columns.items()})


def _grouped(rows, has_line, make_line) -> list:
    """The objects of `_with_lines`' rows, once each in order, each with `.lines`."""
    objects: list = []
    for row in rows:
        if not objects or objects[-1].pk != row.pk:
            row.lines = []
            objects.append(row)
        if has_line(row):
            objects[-1].lines.append(make_line(row))
    return objects


LEDGER_LABELS = dict(LedgerEntry._meta.get_field("gjhtqywlx").flatchoices)


def account_cards(*, person) -> list[FundAccount]:
    """The person's fund accounts, each with `.lines`: its latest four ledger rows, oldest first.

    One query: the accounts, each joined with its latest rows (their ids from the ledger's
    (account, jzrq, ywlsh) index, so the cost does not grow with the history).
    """
    latest = LedgerEntry.objects.filter(account=OuterRef("pk")).order_by("-jzrq", "-ywlsh")
    rows = _with_lines(
        FundAccount.objects.filter(person=person),
        "entries",
        latest.values("pk")[:LEDGER_ROWS],
        day="jzrq",
        fse="fse",
        type="gjhtqywlx",
    ).order_by("khrq", "id", "line__jzrq", "line__ywlsh")
    accounts = _grouped(
        rows,
        lambda row: row.line_day is not None,
        # The amount without its sign, as the manual prints it (withdrawals are negative).
        lambda row: Line(
            LEDGER_LABELS.get(row.line_type, row.line_type), abs(row.line_fse), row.line_day
        ),
    )
    # Open accounts first, the closed ones after them (collapsed on the page).
    accounts.sort(key=lambda a: a.is_closed)
    return accounts


def loan_txn_amount(txn: LoanTxn) -> Decimal:
    """放款金额 for a disbursement; otherwise 本金 + 利息 + 罚息 (本息合计)."""
    if txn.dkywmxlx == LoanTxnType.DISBURSEMENT:
        return txn.ffje
    return txn.bjje + txn.lxje + txn.fxje


LOAN_TXN_LABELS = dict(LoanTxn._meta.get_field("dkywmxlx").flatchoices)
LOAN_LINE_COLUMNS = ("dkywmxlx", "ffje", "bjje", "lxje", "fxje")


def _loan_line(row) -> Line:
    txn = LoanTxn(**{name: getattr(row, f"line_{name}") for name in LOAN_LINE_COLUMNS})
    return Line(LOAN_TXN_LABELS.get(txn.dkywmxlx, txn.dkywmxlx), loan_txn_amount(txn), row.line_day)


def loan_cards(*, person, today=None) -> list[LoanContract]:
    """The person's loans, each with `.lines`: its latest three transactions, oldest first,
    and `.state_label`: 贷款状态 on `today` from the plan and the repayments (逾期 as soon as an
    installment is overdue, even if the stored state from the last import still says 正常还款).

    One query: the loans with their summaries' keys (gjj/loans/summary.py) and their latest
    rows joined; all their transactions are read only when a summary must be computed again
    (its figures changed, or a new day).
    """
    today = today or timezone.localdate()
    latest = LoanTxn.objects.filter(contract=OuterRef("pk")).order_by("-ywfsrq", "-ywlsh")
    rows = _with_lines(
        with_stamps(LoanContract.objects.filter(person=person)),
        "txns",
        latest.values("pk")[:LOAN_ROWS],
        day="ywfsrq",
        **{name: name for name in LOAN_LINE_COLUMNS},
    ).order_by("-jkhtqdrq", "-id", "line__ywfsrq", "line__ywlsh")
    loans = _grouped(rows, lambda row: row.line_day is not None, _loan_line)
    summaries = loan_summaries(loans, today=today)
    for loan in loans:
        loan.state_label = summaries[loan.pk].state_label
    return loans


def current_loan_rate() -> LoanRate | None:
    """The rate row in force today (a row staff added for a future date is not yet)."""
    return (
        LoanRate.objects.filter(effective__lte=timezone.localdate()).order_by("-effective").first()
    )


# Looking back this far is enough to count a run of deposits for a loan application.
DEPOSIT_LOOKBACK_YEARS = 10
LOAN_APPLICATION_TYPE = "个人贷款业务"


@dataclass
class LoanApplyFacts:
    """What the loan application's conditions and the limit check read from the person's data."""

    account: FundAccount | None
    months: int  # 连续缴存月数
    open_loan: str  # the contract number of a loan not settled, "" when none
    application_open: bool
    age: int | None


def loan_apply_facts(*, person, today) -> LoanApplyFacts:
    """Four queries: the accounts, the months with a deposit, the loans, the applications."""
    account = account_default(account_list(person=person))
    months = 0
    if account is not None:
        since = today.replace(year=today.year - DEPOSIT_LOOKBACK_YEARS, day=1)
        days = LedgerEntry.objects.filter(
            account=account,
            gjhtqywlx__in=(LedgerType.REMIT, LedgerType.BACK_PAY),
            jzrq__gte=since,
            jzrq__lte=today,
        ).dates("jzrq", "month")
        months = continuous_months(((d.year, d.month) for d in days), today)
    open_loan = next(
        (
            c.jkhtbh
            for c in LoanContract.objects.filter(person=person).order_by("-jkhtqdrq")
            if not is_settled(c)
        ),
        "",
    )
    application_open = Application.objects.filter(
        person=person, ywlx=LOAN_APPLICATION_TYPE, wcsj__isnull=True
    ).exists()
    try:
        born = birth_date(person.zjhm)
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    except (ValueError, TypeError):
        age = None
    return LoanApplyFacts(account, months, open_loan, application_open, age)
