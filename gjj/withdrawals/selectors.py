"""Reads a withdrawal needs: the policy rows offered online, the person's account, and the
facts the rules look at (a fixed number of queries whatever the length of the ledger)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Max, Q, Sum

from gjj.applications.models import IN_PROGRESS, Application, Business
from gjj.core.codes import WITHDRAWAL_LEDGER_TYPES, AccountState, LedgerType, LoanState
from gjj.core.money import ZERO, round_fen
from gjj.fund.interest import accrued_interest_to
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.loans.models import LoanContract
from gjj.withdrawals import rules
from gjj.withdrawals.models import WithdrawalPolicy

BUSINESS = "withdrawal"
# The key of an application's `detail` (of another business) that holds part of the person's fund
# balance until the core system books it: the withdrawal rules leave it out of what is available.
FUND_HOLD = "fund_hold"


def business() -> Business:
    return Business.objects.get(code=BUSINESS)


def policies_online() -> list[WithdrawalPolicy]:
    return list(WithdrawalPolicy.objects.filter(online=True))


def policy_online(code: str | None) -> WithdrawalPolicy | None:
    if not code:
        return None
    return WithdrawalPolicy.objects.filter(online=True, code=code).first()


def withdrawal_account(*, person) -> FundAccount | None:
    """The account a withdrawal draws on: the normal one, else the newest not closed."""
    accounts = list(FundAccount.objects.filter(person=person).order_by("khrq", "id"))
    normal = [a for a in accounts if a.grzhzt == AccountState.NORMAL]
    if normal:
        return normal[-1]
    open_ = [a for a in accounts if not a.is_closed]
    return open_[-1] if open_ else (accounts[-1] if accounts else None)


def interest_year_start(day: dt.date) -> dt.date:
    return dt.date(day.year if day.month >= 7 else day.year - 1, 7, 1)


def accrued_interest(account: FundAccount, today: dt.date) -> Decimal:
    """Interest from 1 July to yesterday (domain.md §4), credited before a closing withdrawal."""
    start = interest_year_start(today)
    opening = (
        LedgerEntry.objects.filter(account=account, jzrq__lt=start)
        .order_by("-jzrq", "-ywlsh")
        .values_list("balance", flat=True)
        .first()
    )
    entries = LedgerEntry.objects.filter(account=account, jzrq__gte=start, jzrq__lt=today)
    return accrued_interest_to(
        opening or ZERO, list(entries.values_list("jzrq", "fse")), start, today
    )


def _reason_filter(policy: WithdrawalPolicy) -> Q:
    if policy.ledger_type == LedgerType.LOAN_REPAYMENT_WITHDRAWAL:
        return Q(gjhtqywlx=LedgerType.LOAN_REPAYMENT_WITHDRAWAL)
    return Q(gjhtqywlx__in=WITHDRAWAL_LEDGER_TYPES, tqyy=policy.tqyy) & ~Q(
        gjhtqywlx=LedgerType.LOAN_REPAYMENT_WITHDRAWAL
    )


def _booked(account: FundAccount | None, policy, today: dt.date) -> tuple:
    """This reason's withdrawals on the ledger that the rules need: the last one (interval) and
    the sums of this month and this year (caps), as (date, amount) rows; one query."""
    if account is None:
        return ()
    year_start = today.replace(month=1, day=1)
    month_start = today.replace(day=1)
    agg = (
        LedgerEntry.objects.filter(_reason_filter(policy), account=account, czbz="01")
        .order_by()
        .aggregate(
            last=Max("jzrq"),
            month=Sum("fse", filter=Q(jzrq__gte=month_start, jzrq__lte=today)),
            year=Sum("fse", filter=Q(jzrq__gte=year_start, jzrq__lt=month_start)),
        )
    )
    rows = []
    if agg["month"]:
        rows.append((month_start, -round_fen(agg["month"])))
    if agg["year"]:
        rows.append((year_start, -round_fen(agg["year"])))
    if agg["last"]:
        rows.append((agg["last"], ZERO))
    return tuple(rows)


def facts(
    *,
    person,
    policy: WithdrawalPolicy,
    today: dt.date,
    amount: Decimal | None,
    whole: bool = False,
    materials: frozenset[str] = frozenset(),
    exclude_pk: int | None = None,
) -> tuple[rules.Facts, FundAccount | None]:
    account = withdrawal_account(person=person)
    interest = ZERO
    if account is not None and policy.closes_account and not account.is_closed:
        interest = accrued_interest(account, today)
    balance = account.grzhye if account is not None else ZERO
    if whole:
        amount = balance + (interest if policy.closes_account else ZERO)
    # The person's applications in progress (one query): this business's, and the other
    # businesses' that hold part of the fund balance (detail["fund_hold"], e.g. 公积金冲还).
    pending_qs = Application.objects.filter(person=person, state__in=IN_PROGRESS).exclude(
        business=""
    )
    if exclude_pk is not None:
        pending_qs = pending_qs.exclude(pk=exclude_pk)
    pending = []
    other = False
    held = ZERO
    for business, fqsj, amt, detail in pending_qs.values_list(
        "business", "fqsj", "amount", "detail"
    ):
        detail = detail or {}
        if business != BUSINESS:
            held += Decimal(str(detail.get(FUND_HOLD) or "0"))
            continue
        other = True
        if detail.get("code") == policy.code:
            pending.append((fqsj.date(), amt or ZERO))
    loan_balance = None
    if policy.needs_loan:
        loan_balance = (
            LoanContract.objects.filter(
                person=person, dkzt__in=(LoanState.REPAYING, LoanState.OVERDUE), dkye__gt=0
            )
            .order_by("-jkhtqdrq")
            .values_list("dkye", flat=True)
            .first()
        )
    f = rules.Facts(
        today=today,
        policy=rules.Policy(
            code=policy.code,
            label=policy.label,
            account_states=tuple(policy.account_states),
            required_materials=tuple(policy.required_materials),
            cap_month=policy.cap_month,
            cap_year=policy.cap_year,
            min_interval_days=policy.min_interval_days,
            closes_account=policy.closes_account,
            needs_loan=policy.needs_loan,
        ),
        account_state=account.grzhzt if account is not None else None,
        account_state_label=account.get_grzhzt_display() if account is not None else "",
        balance=balance,
        card=account.grckzhhm if account is not None else "",
        amount=amount,
        interest=interest,
        booked=_booked(account, policy, today),
        pending=tuple(pending),
        other_in_progress=other,
        held=held,
        loan_balance=loan_balance,
        materials=materials,
    )
    return f, account
