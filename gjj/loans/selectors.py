"""Reads for the loan information pages, always scoped to one depositor.

The plan figures come from the pure engine in gjj.loans.plan; this module only gathers the
contract's state from its transactions (balance, periods paid, the latest prepayment's mode)
and hands it to the engine: `loan_position` is that one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Sum
from django.http import Http404

from gjj.core.codes import LoanState, LoanTxnType, PrepaymentMode
from gjj.core.money import FEN, ZERO
from gjj.core.pagination import Page, keyset_page
from gjj.loans import plan as engine
from gjj.loans import rates
from gjj.loans.models import Holiday, LoanContract, LoanPolicy, LoanRate, LoanTxn
from gjj.loans.state import (
    INSTALLMENT_TYPES,
    first_due_month,
    loan_state,
    month_of,
    unpaid_months,
)
from gjj.loans.summary import Labels, LoanSummary, months_text, summaries
from gjj.people.models import Person

REPAYMENT_PAGE_SIZE = 10

ACTIVE_STATES = (LoanState.REPAYING, LoanState.OVERDUE)


def contract_list(*, person: Person) -> list[LoanContract]:
    """The person's contracts, newest first (the drop-down's order)."""
    return list(LoanContract.objects.filter(person=person).order_by("-jkhtqdrq", "-id"))


def has_loans(*, person: Person) -> bool:
    """Whether the person has or had a loan (the loan tabs exist only then)."""
    return LoanContract.objects.filter(person=person).exists()


def contract_default(contracts: list[LoanContract]) -> LoanContract | None:
    """A loan being repaid, else the newest contract."""
    for contract in contracts:
        if contract.dkzt in ACTIVE_STATES:
            return contract
    return contracts[0] if contracts else None


def contract_pick(contracts: list[LoanContract], jkhtbh: str | None) -> LoanContract | None:
    """The contract named by ?jkhtbh= among the person's own; anything else is a 404."""
    if not jkhtbh:
        return contract_default(contracts)
    for contract in contracts:
        if contract.jkhtbh == jkhtbh:
            return contract
    raise Http404("借款合同不存在")


def is_settled(contract: LoanContract) -> bool:
    return contract.dkzt == LoanState.SETTLED or (contract.is_disbursed and contract.dkye <= 0)


def partial_prepayments_in_year(contract: LoanContract, year: int) -> int:
    """部分提前还款 (01/02) of the contract booked in `year` (one query)."""
    return LoanTxn.objects.filter(
        contract=contract,
        dkywmxlx=LoanTxnType.PREPAYMENT,
        tqhkfs__in=(PrepaymentMode.SHORTEN_TERM, PrepaymentMode.REDUCE_INSTALLMENT),
        ywfsrq__year=year,
    ).count()


def last_due_before(position: LoanPosition, first: engine.Installment) -> dt.date:
    """The due date before the plan row `first` (the disbursement date before period 1)."""
    contract = position.contract
    if first.period <= 1:
        return contract.dkffrq or contract.jkhtqdrq
    month = engine.add_months(first.due_date.year, first.due_date.month, -1)
    return engine.due_date(*month, contract.ydhkr)


# --- policy and rates ---------------------------------------------------------------------------


def loan_policy() -> LoanPolicy:
    """The center's loan policy (one query); the seeded defaults when staff removed the row."""
    return LoanPolicy.objects.order_by("pk").first() or LoanPolicy()


def holiday_calendar(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    """The center's holiday calendar from `start` to `end` (one query): day → True for a 调休上班日,
    False for a 法定节假日 (gjj.loans.rules.is_working_day reads it)."""
    return {
        day: kind == Holiday.Kind.WORK
        for day, kind in Holiday.objects.filter(day__range=(start, end)).values_list("day", "kind")
    }


def rate_table() -> list[rates.RateRow]:
    """The rate table as the engine's rows (one query)."""
    return [
        rates.RateRow(r.effective, r.first_le5, r.first_gt5, r.second_le5, r.second_gt5)
        for r in LoanRate.objects.order_by("effective")
    ]


# --- plan ---------------------------------------------------------------------------------------


def _months_between(a: tuple[int, int], b: tuple[int, int]) -> int:
    return (b[0] - a[0]) * 12 + (b[1] - a[1])


def _hkny(month: tuple[int, int]) -> str:
    return f"{month[0]:04d}{month[1]:02d}"


@dataclass
class LoanPosition(Labels):
    """Where a loan stands, derived from its transactions, with the unpaid part of its plan.

    The one source of the figures of 贷款信息, 还款计划 and the plan's download and print.
    """

    contract: LoanContract
    plan: list[engine.Installment]  # the unpaid periods, from the next one due
    paid_periods: int  # 已还期数: periods from the first due month through the last one paid
    maturity: dt.date  # 到期日期: the last unpaid period's due date (the contract's when none)
    prepayment_mode: str  # 提前还款方式 of the latest prepayment, "" when there was none
    overdue: list[engine.Installment]  # unpaid periods due before today
    missed_months: list[str]  # months before the last one paid that no repayment covers
    penalty: Decimal  # 罚息 accrued to today on `overdue`
    state: str  # LoanState

    @property
    def remaining_periods(self) -> int:  # 剩余期数
        return len(self.plan)

    @property
    def monthly_payment(self) -> Decimal | None:
        """The installment now due (for 等额本金 the next one)."""
        return self.plan[0].total if self.plan else None

    @property
    def overdue_months(self) -> list[str]:
        return sorted({*self.missed_months, *(row.hkny for row in self.overdue)})

    @property
    def overdue_months_text(self) -> str:
        return months_text(self.overdue_months)

    @property
    def overdue_amount(self) -> Decimal:
        return sum((row.total for row in self.overdue), ZERO)


def loan_position(contract: LoanContract, *, today: dt.date) -> LoanPosition:
    """The contract's position on `today` from its transactions (one query).

    - the balance is the contract's dkye (the importer checks it against the transactions);
    - the periods paid are the months from the first due month through the latest 还款年月 of
      an installment repayment (正常还款, 逾期还款, 公积金提取还款);
    - the installment in force is set at disbursement and recomputed by a 02 减少月还款额
      prepayment on the balance over the periods then left; a 01 缩短期限 prepayment keeps it
      and the unpaid periods shrink to the fewest that it pays off (engine.shortened_term).
      Carrying the installment forward, instead of recomputing it from each month's balance,
      keeps the plan equal to what the depositor pays (a recomputation drifts by a fen).
    - a recomputed installment more than a fen away from the one in force means the rate
      changed since (the contract holds only the rate now in force): then the unpaid periods
      are recomputed from the balance, the rate and the periods left (domain.md §5.2).
    """
    txns = []
    if contract.is_disbursed:
        txns = list(
            LoanTxn.objects.filter(contract=contract)
            .order_by("ywfsrq", "ywlsh")
            .values_list(*POSITION_FIELDS)
        )
    return _position(contract, txns, today=today)


def loan_positions(contracts: list[LoanContract], *, today: dt.date) -> dict[int, LoanPosition]:
    """`loan_position` of each contract, by contract id, with one query for all their
    transactions (none when no contract is disbursed): for pages listing a person's loans."""
    by_contract: dict[int, list[tuple]] = {c.pk: [] for c in contracts}
    disbursed = [c.pk for c in contracts if c.is_disbursed]
    if disbursed:
        rows = (
            LoanTxn.objects.filter(contract_id__in=disbursed)
            .order_by("contract_id", "ywfsrq", "ywlsh")
            .values_list("contract_id", *POSITION_FIELDS)
        )
        for contract_id, *row in rows:
            by_contract[contract_id].append(tuple(row))
    return {c.pk: _position(c, by_contract[c.pk], today=today) for c in contracts}


def loan_summaries(contracts: list[LoanContract], *, today: dt.date) -> dict[int, LoanSummary]:
    """What `loan_positions` tells without the plan rows, by contract id, kept between requests
    (gjj/loans/summary.py): the engine runs only for contracts whose figures changed."""
    return summaries(contracts, today=today, compute=lambda cs: loan_positions(cs, today=today))


def loan_summary(contract: LoanContract, *, today: dt.date) -> LoanSummary:
    return loan_summaries([contract], today=today)[contract.pk]


# The transaction columns a position is derived from, in the order `_position` reads them.
POSITION_FIELDS = ("dkywmxlx", "hkny", "bjje", "tqhkfs")


def _position(contract: LoanContract, txns: list[tuple], *, today: dt.date) -> LoanPosition:
    """The position from the contract and its transactions (POSITION_FIELDS tuples, oldest
    first); no queries."""
    first = first_due_month(scyhny=contract.scyhny, start=contract.dkffrq or contract.jkhtqdrq)
    if not contract.is_disbursed:
        return LoanPosition(
            contract, [], 0, _maturity(contract, first), "", [], [], ZERO, LoanState.NOT_DISBURSED
        )
    method = contract.dkhkfs

    def position(last: tuple[int, int] | None) -> tuple[int, int, dict]:
        """(periods paid, periods left, the engine's arguments for the next unpaid period)."""
        nxt = engine.add_months(*last, 1) if last else first
        if _months_between(first, nxt) < 0:
            nxt = first
        paid = min(_months_between(first, nxt), contract.dkqs)
        # Past the term with a balance left: all of it is due next.
        left = max(contract.dkqs - paid, 1)
        args = dict(
            annual_rate=contract.dkll,
            method=method,
            first_due=nxt,
            repay_day=contract.ydhkr,
            start_period=paid + 1,
        )
        return paid, left, args

    def recomputed(balance: Decimal, last) -> engine.Installment:
        _, left, args = position(last)
        return engine.build_plan(principal=balance, months=left, rows=1, **args)[0]

    # Walk the transactions from the amount disbursed (dkye + every principal repaid since).
    balance = contract.dkye + sum((t[2] for t in txns if t[0] != LoanTxnType.DISBURSEMENT), ZERO)
    keep = recomputed(balance, None) if balance > 0 else None  # the installment in force
    last: tuple[int, int] | None = None
    paid_months: set[tuple[int, int]] = set()
    mode = ""
    for kind, hkny, bjje, tqhkfs in txns:
        if kind == LoanTxnType.DISBURSEMENT:
            continue
        balance -= bjje
        if kind == LoanTxnType.PREPAYMENT:
            mode = tqhkfs or ""
            if mode != engine.SHORTEN_TERM and balance > 0:
                keep = recomputed(balance, last)
        month = month_of(hkny)
        if kind in INSTALLMENT_TYPES and month:
            paid_months.add(month)
            last = max(last, month) if last else month

    settled = is_settled(contract)
    paid, left, args = position(last)
    plan: list[engine.Installment] = []
    if not settled and contract.dkye > 0:
        now = engine.build_plan(principal=contract.dkye, months=left, **args)
        if keep is not None and (
            mode == engine.SHORTEN_TERM or abs(_kept(now[0], method) - _kept(keep, method)) <= FEN
        ):
            # Pay the installment in force for the fewest periods that clear the balance.
            plan = engine.replan_after_prepayment(
                balance=contract.dkye,
                remaining_months=left,
                mode=engine.SHORTEN_TERM,
                old_installment=keep,
                **args,
            )
        else:
            plan = now
    overdue = engine.overdue_installments(plan, paid_through_period=paid, today=today)
    paid_hkny = {_hkny(month) for month in paid_months}
    late = unpaid_months(
        first_due=first,
        periods=contract.dkqs,
        repay_day=contract.ydhkr,
        paid_months=paid_hkny,
        today=today,
    )
    # Months before the last one paid that no repayment covers (those after it are `overdue`).
    missed = [hkny for hkny in late if last and month_of(hkny) < last]
    state = loan_state(
        dkffrq=contract.dkffrq,
        dkye=contract.dkye,
        dkqs=contract.dkqs,
        ydhkr=contract.ydhkr,
        scyhny=contract.scyhny,
        paid_months=paid_hkny,
        today=today,
        stored=contract.dkzt,
    )
    return LoanPosition(
        contract=contract,
        plan=plan,
        paid_periods=paid,
        maturity=plan[-1].due_date if plan else _maturity(contract, first),
        prepayment_mode=mode,
        overdue=overdue,
        missed_months=missed,
        penalty=engine.penalty_due(overdue, contract.dkll, today, multiplier=penalty_multiplier()),
        state=state,
    )


def penalty_multiplier() -> Decimal:
    """The one reading of the penalty multiplier: GJJ_LOAN_PENALTY_MULTIPLIER when the center
    set one, else the engine's default (domain.md §5.4)."""
    configured = getattr(settings, "LOAN_PENALTY_MULTIPLIER", "")
    return Decimal(configured) if configured else engine.PENALTY_MULTIPLIER


def _kept(row: engine.Installment, method: str) -> Decimal:
    """What stays from period to period: 等额本息 the installment, 等额本金 the principal."""
    return row.principal if method == engine.EQUAL_PRINCIPAL else row.total


def _maturity(contract: LoanContract, first: tuple[int, int]) -> dt.date:
    """The due date of the contract's last period as signed."""
    return engine.due_date(*engine.add_months(*first, contract.dkqs - 1), contract.ydhkr)


@dataclass
class PlanRow:
    xh: int
    row: engine.Installment
    overdue: bool


def plan_rows(position: LoanPosition, *, start: dt.date, end: dt.date) -> list[PlanRow]:
    """The unpaid plan's rows due from `start` to `end`, numbered 1.. as the manual shows."""
    late = {row.period for row in position.overdue}
    rows = [r for r in position.plan if start <= r.due_date <= end]
    return [PlanRow(xh=i + 1, row=r, overdue=r.period in late) for i, r in enumerate(rows)]


# --- 还款明细 -----------------------------------------------------------------------------------


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
