"""Reads a loan application needs: the person's conditions (account, deposit months, loans, an
application in progress), the spouse's account, the policy and the rate table — a fixed number of
queries whatever the length of the ledger."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from gjj.applications.models import IN_PROGRESS, Application, Business
from gjj.core import pii
from gjj.core.codes import AccountState, LedgerType
from gjj.core.idcard import birth_date, id_number_error
from gjj.core.money import ZERO
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.fund.selectors import account_default, account_list
from gjj.loanapps import rules
from gjj.loans import rates
from gjj.loans import selectors as loan_selectors
from gjj.loans.eligibility import continuous_months
from gjj.loans.models import LoanContract
from gjj.people.models import Person

BUSINESS = "loan"
# Looking back this far is enough to count a run of deposits for a loan application.
DEPOSIT_LOOKBACK_YEARS = 10


def business() -> Business:
    return Business.objects.get(code=BUSINESS)


@dataclass
class ApplyFacts:
    """What the conditions and the limit check read from the person's data."""

    account: FundAccount | None
    months: int  # 连续缴存月数
    open_loan: str  # the contract number of a loan not settled, "" when none
    in_progress: Application | None
    age: int | None

    @property
    def application_open(self) -> bool:
        return self.in_progress is not None


def age_on(zjhm: str, today: dt.date) -> int | None:
    try:
        born = birth_date(zjhm)
    except (ValueError, TypeError):
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def apply_facts(*, person, today: dt.date, exclude_pk: int | None = None) -> ApplyFacts:
    """Four queries: the accounts, the months with a deposit, the loans, the application in
    progress (the write path's: business "loan", a state in progress)."""
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
            if not loan_selectors.is_settled(c)
        ),
        "",
    )
    pending = Application.objects.filter(person=person, business=BUSINESS, state__in=IN_PROGRESS)
    if exclude_pk is not None:
        pending = pending.exclude(pk=exclude_pk)
    in_progress = pending.only("pk", "sqid", "state", "ywxx").first()
    return ApplyFacts(account, months, open_loan, in_progress, age_on(person.zjhm, today))


def spouse_balance(id_number: str) -> Decimal | None:
    """The balance of the spouse's normal account at this center (None when not found)."""
    if not id_number or id_number_error(id_number):
        return None
    digest = pii.digest(pii.normalize_id(id_number))
    return (
        FundAccount.objects.filter(
            person__in=Person.objects.filter(zjhm_digest=digest), grzhzt=AccountState.NORMAL
        )
        .order_by("-khrq", "-id")
        .values_list("grzhye", flat=True)
        .first()
    )


def _decimal(text) -> Decimal | None:
    if text in (None, ""):
        return None
    try:
        value = Decimal(str(text))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _int(text) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def spouse_of(data: dict) -> rules.Spouse | None:
    """The co-borrower of a draft or an application (the ID number is stored encrypted)."""
    if not data.get("po"):
        return None
    return rules.Spouse(
        name=data.get("poxm", ""),
        id_number=pii.decrypt(data.get("pozjhm", "")),
        deposits=bool(data.get("pojc")),
    )


def facts(
    *,
    person,
    data: dict,
    today: dt.date,
    materials: frozenset[str] = frozenset(),
    exclude_pk: int | None = None,
    apply: ApplyFacts | None = None,
    policy=None,
    table=None,
) -> tuple[rules.Facts, ApplyFacts]:
    """The rules' facts for the person and the figures of `data` (a draft's or an
    application's). `apply`, `policy` and `table` may be passed when already read."""
    apply = apply or apply_facts(person=person, today=today, exclude_pk=exclude_pk)
    policy = policy if policy is not None else loan_selectors.loan_policy()
    table = table if table is not None else loan_selectors.rate_table()
    spouse = spouse_of(data)
    spouse_bal = spouse_balance(spouse.id_number) if spouse and spouse.deposits else None
    years = _int(data.get("qx"))
    second = data.get("tflx") == rules.SECOND_HOME
    rate = None
    try:
        row = rates.row_in_force(table, today)
    except LookupError:
        row = None
    if row is not None:
        months = years * 12 if years else limits_months(policy, apply.age)
        rate = row.rate(months or 360, second)
    account = apply.account
    f = rules.Facts(
        today=today,
        policy=policy,
        applicant_id=person.zjhm,
        account_state=account.get_grzhzt_display() if account is not None else None,
        account_normal=account is not None and account.grzhzt == AccountState.NORMAL,
        deposit_months=apply.months,
        open_loan=apply.open_loan,
        in_progress=apply.application_open,
        age=apply.age,
        balance=account.grzhye if account is not None else ZERO,
        spouse=spouse,
        spouse_balance=spouse_bal,
        income=_decimal(data.get("ysr")),
        debt=_decimal(data.get("yzw")) or ZERO,
        price=_decimal(data.get("fj")),
        second_home=second,
        house_kind=data.get("fwxz", ""),
        address=data.get("fwzl", ""),
        area=_decimal(data.get("fwmj")),
        years=years,
        method=data.get("hkfs") or rules.engine.EQUAL_INSTALLMENT,
        amount=_decimal(data.get("dkje")),
        rate=rate,
        materials=materials,
    )
    return f, apply


def limits_months(policy, age: int | None) -> int:
    """The longest term in whole years for `age` (0 when unknown)."""
    if age is None:
        return 0
    months = rules.limits.max_term_months(policy, age)
    return months - months % 12
