"""Reads for the loan information pages, always scoped to one depositor.

The plan figures come from the pure engine in gjj.loans.plan; this module only gathers the
contract's state (balance, rate, periods paid, next due month) and hands it to the engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Q, Sum
from django.http import Http404

from gjj.applications.models import Application
from gjj.core.codes import LoanState, LoanTxnType
from gjj.core.money import ZERO
from gjj.fund.selectors import KeysetPage, keyset_page
from gjj.identity.models import Person
from gjj.loans import plan as engine
from gjj.loans.models import LoanContract, LoanTxn

REPAYMENT_PAGE_SIZE = 10

# Transactions that pay an installment of the plan (a prepayment pays principal ahead of it).
INSTALLMENT_TYPES = (LoanTxnType.NORMAL, LoanTxnType.OVERDUE, LoanTxnType.FUND_WITHDRAWAL)
ACTIVE_STATES = (LoanState.REPAYING, LoanState.OVERDUE)


def contract_list(*, person: Person) -> list[LoanContract]:
    """The person's contracts, newest first (the drop-down's order)."""
    return list(LoanContract.objects.filter(person=person).order_by("-jkhtqdrq", "-id"))


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


# --- plan ---------------------------------------------------------------------------------------


def _month_of(hkny: str | None) -> tuple[int, int] | None:
    if not hkny or len(hkny) != 6 or not hkny.isdigit():
        return None
    year, month = int(hkny[:4]), int(hkny[4:])
    return (year, month) if 1 <= month <= 12 else None


def _months_between(a: tuple[int, int], b: tuple[int, int]) -> int:
    return (b[0] - a[0]) * 12 + (b[1] - a[1])


@dataclass
class PlanState:
    """Where a disbursed loan stands: what the engine needs to plan the unpaid periods."""

    first_due: tuple[int, int]  # 首次应还年月
    next_due: tuple[int, int]  # the month after the last installment paid
    paid_periods: int  # 已还期数
    remaining_periods: int  # 剩余期数
    maturity: dt.date  # 到期日期: the due date of the contract's last period


def plan_state(contract: LoanContract, last_paid_hkny: str | None) -> PlanState:
    first = _month_of(contract.scyhny) or engine.add_months(
        contract.dkffrq.year, contract.dkffrq.month, 1
    )
    last = _month_of(last_paid_hkny)
    nxt = engine.add_months(*last, 1) if last else first
    if _months_between(first, nxt) < 0:
        nxt = first
    paid = min(_months_between(first, nxt), contract.dkqs)
    remaining = contract.dkqs - paid
    if is_settled(contract):
        remaining = 0
    elif remaining < 1:  # past the term with a balance left: all of it is due next
        remaining = 1
    maturity = engine.due_date(*engine.add_months(*first, contract.dkqs - 1), contract.ydhkr)
    return PlanState(first, nxt, paid, remaining, maturity)


def last_paid_hkny(contract: LoanContract) -> str | None:
    return LoanTxn.objects.filter(contract=contract, dkywmxlx__in=INSTALLMENT_TYPES).aggregate(
        m=Max("hkny")
    )["m"]


def unpaid_plan(contract: LoanContract, state: PlanState) -> list[engine.Installment]:
    """The unpaid periods, recomputed from the current balance, rate and periods left."""
    if not contract.is_disbursed or state.remaining_periods < 1 or contract.dkye <= 0:
        return []
    return engine.build_plan(
        principal=contract.dkye,
        annual_rate=contract.dkll,
        months=state.remaining_periods,
        method=contract.dkhkfs,
        first_due=state.next_due,
        repay_day=contract.ydhkr,
        start_period=state.paid_periods + 1,
    )


@dataclass
class PlanRow:
    xh: int
    row: engine.Installment


def plan_rows(*, contract: LoanContract, start: dt.date, end: dt.date) -> list[PlanRow]:
    """The unpaid plan's rows due from `start` to `end`, numbered 1.. as the manual shows."""
    state = plan_state(contract, last_paid_hkny(contract))
    rows = [r for r in unpaid_plan(contract, state) if start <= r.due_date <= end]
    return [PlanRow(xh=i + 1, row=r) for i, r in enumerate(rows)]


# --- 贷款信息 -----------------------------------------------------------------------------------


@dataclass
class LoanInfo:
    contract: LoanContract
    monthly_payment: Decimal | None
    maturity: dt.date
    paid_periods: int
    remaining_periods: int


def loan_info(contract: LoanContract) -> LoanInfo:
    state = plan_state(contract, last_paid_hkny(contract))
    plan = unpaid_plan(contract, state)
    return LoanInfo(
        contract=contract,
        # The current installment of the plan (for 等额本金 the next one).
        monthly_payment=plan[0].total if plan else None,
        maturity=state.maturity,
        paid_periods=state.paid_periods,
        remaining_periods=state.remaining_periods,
    )


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
) -> KeysetPage:
    """The contract's transactions from `start` to `end`, one keyset page, with running columns.

    The running 已还本金 / 已还利息 / 贷款余额 start from one aggregate over every transaction
    before the page (also those before `start`), so they are right on any page of any range.
    """
    qs = LoanTxn.objects.filter(contract=contract, ywfsrq__gte=start, ywfsrq__lte=end)
    page = keyset_page(
        qs, date_field="ywfsrq", key_field="ywlsh", after=after, before=before, size=size
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


# --- 贷款进度 -----------------------------------------------------------------------------------


@dataclass
class ProgressNode:
    xh: int
    name: str
    handler: str
    opinion: str
    handled_at: dt.datetime | None
    state: str  # "done", "current" or "todo"

    @property
    def state_label(self) -> str:
        return {"done": "已完成", "current": "当前节点", "todo": "未开始"}[self.state]


def progress_nodes(contract: LoanContract) -> tuple[Application | None, list[ProgressNode]]:
    """The nodes of the contract's (latest) loan application: done, current and to do."""
    application = (
        Application.objects.filter(contract=contract)
        .order_by("-fqsj", "-id")
        .prefetch_related("steps")
        .first()
    )
    if application is None:
        return None, []
    nodes = []
    current_given = False
    for step in sorted(application.steps.all(), key=lambda s: s.xh):
        if step.blsj is not None:
            state = "done"
        elif not current_given and not application.is_done:
            state, current_given = "current", True
        else:
            state = "todo"
        nodes.append(ProgressNode(step.xh, step.jdmc, step.blr, step.spyj, step.blsj, state))
    return application, nodes
