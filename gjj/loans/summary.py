"""A loan's summary, kept between requests: the engine runs when a contract's figures change.

The home page, 还款指南 and 贷款信息 show where each loan stands (state, periods paid and left,
the installment, overdue months and amount, penalty). Deriving that means reading every
transaction of the contract and running the plan engine (`selectors._position`), which took
about 40 % of the home page's time. The summary is that result without the plan itself, stored in
the cache (Redis in production) under a key made of everything the result depends on:

- the contract's own fields that the engine reads (balance, state, rate, term, dates, method…);
- an aggregate of its transactions, read with one indexed query for all the person's contracts
  (how many, the last id, the principal repaid, the latest date): a transaction added, removed
  or changed by an import changes the key (transactions are append-only);
- the penalty multiplier (a setting), and the day (overdue periods and the penalty move with it).

So the figures are always those of a fresh engine run (tests/loans/test_summary.py compares them
for every contract of a demo population); a stale entry is never read, it only expires.

The plan pages need the unpaid plan itself: `kept_position` keeps a contract's whole position
under the same key (and a suffix) for half an hour, so paging through 还款计划 or downloading it
does not read the transactions and rebuild the whole-term plan each time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, IntegerField, Max, Sum
from django.db.models.expressions import RawSQL

from gjj.core.codes import LoanState, PrepaymentMode
from gjj.loans.models import LoanContract, LoanTxn

KEY_PREFIX = "gjj:loan-summary:v1"
# A day and a bit: the key holds the day, so yesterday's entries are never read again.
TIMEOUT_SECONDS = 26 * 3600
# A whole position (its unpaid plan: up to 360 rows, some tens of KB) is kept only for the
# contracts looked at lately: 还款计划, its download and print view, page after page.
PLAN_SUFFIX = ":plan"
PLAN_TIMEOUT_SECONDS = 30 * 60
# The contract fields `_position` reads.
CONTRACT_FIELDS = (
    "jkhtbh",
    "dkffrq",
    "jkhtqdrq",
    "scyhny",
    "dkqs",
    "dkll",
    "dkhkfs",
    "ydhkr",
    "dkye",
    "dkzt",
)


def months_text(months: list[str] | tuple[str, ...]) -> str:
    """`202504、202505` or, for a long unbroken run, `202504至202610`."""
    if len(months) <= 3:
        return "、".join(months)
    first, last = months[0], months[-1]
    span = (int(last[:4]) - int(first[:4])) * 12 + int(last[4:]) - int(first[4:])
    if span == len(months) - 1:
        return f"{first}至{last}"
    return "、".join(months[:3]) + "等"


class Labels:
    """The display labels a position and a summary share."""

    state: str
    prepayment_mode: str

    @property
    def state_label(self) -> str:
        return LoanState(self.state).label

    @property
    def prepayment_mode_label(self) -> str:
        return dict(PrepaymentMode.choices).get(self.prepayment_mode, "")


@dataclass(frozen=True)
class LoanSummary(Labels):
    """Where a loan stands on a day: a LoanPosition's figures without its plan rows."""

    state: str
    paid_periods: int
    remaining_periods: int
    monthly_payment: Decimal | None
    maturity: dt.date
    prepayment_mode: str
    overdue_periods: int  # unpaid periods of the plan due before the day
    overdue_amount: Decimal
    overdue_months: tuple[str, ...]
    penalty: Decimal
    next_due: dt.date | None  # the next unpaid period's due date
    contract: LoanContract | None = field(default=None, compare=False)

    @classmethod
    def from_position(cls, position) -> LoanSummary:
        return cls(
            state=position.state,
            paid_periods=position.paid_periods,
            remaining_periods=position.remaining_periods,
            monthly_payment=position.monthly_payment,
            maturity=position.maturity,
            prepayment_mode=position.prepayment_mode,
            overdue_periods=len(position.overdue),
            overdue_amount=position.overdue_amount,
            overdue_months=tuple(position.overdue_months),
            penalty=position.penalty,
            next_due=position.plan[0].due_date if position.plan else None,
            contract=position.contract,
        )

    @property
    def overdue(self) -> bool:
        """Whether installments of the plan are overdue (what `position.overdue` tells)."""
        return self.overdue_periods > 0

    @property
    def overdue_months_text(self) -> str:
        return months_text(self.overdue_months)


# The transactions' part of the key: how many, the last id, the principal repaid, the latest day.
STAMP = (
    ("n", Count, "id"),
    ("last", Max, "id"),
    ("principal", Sum, "bjje"),
    ("day", Max, "ywfsrq"),
)
STAMP_ATTR = "txn_stamp_"


def _stamp_sql(agg, column: str) -> RawSQL:
    """One part of the stamp as a correlated subquery over the contract's transactions (their
    contract index), written out from the models' own table and column names (no input goes
    into it) rather than as a Subquery() the ORM resolves and compiles on every request: four
    of those cost the loan pages more Python time than the separate query they replace."""
    qn = connection.ops.quote_name
    txn, contract = LoanTxn._meta, LoanContract._meta
    field = txn.get_field(column)
    fk = qn(txn.get_field("contract").column)
    outer = f"{qn(contract.db_table)}.{qn(contract.pk.column)}"
    # Names from the models' _meta only.
    sql = f"SELECT {agg.function}({qn(field.column)}) FROM {qn(txn.db_table)} WHERE {fk} = {outer}"  # noqa: S608
    output = IntegerField() if agg is Count else field
    return RawSQL(sql, (), output_field=output)  # noqa: S611 - no input in `sql`


def stamp_columns() -> list[tuple[str, RawSQL]]:
    """The stamp's columns: (attribute, its correlated subquery over the contracts' table)."""
    return [(STAMP_ATTR + name, _stamp_sql(agg, column)) for name, agg, column in STAMP]


def with_stamps(contracts):
    """The contracts queryset with each one's transaction stamp, so that `summaries` needs no
    query of its own: correlated subqueries in the same query, without a GROUP BY of the
    contracts, so other joins can go with it. The values equal `_transaction_stamps`' own
    query's (tests/loans/test_summary.py finds the same entries both ways)."""
    return contracts.annotate(**dict(stamp_columns()))


def _stamp(values) -> tuple | None:
    stamp = tuple(values)
    return stamp if stamp[0] else None


def _transaction_stamps(contracts: list[LoanContract]) -> dict[int, tuple | None]:
    names = [name for name, _, _ in STAMP]
    if all(hasattr(c, STAMP_ATTR + "n") for c in contracts):
        return {c.pk: _stamp(getattr(c, STAMP_ATTR + name) for name in names) for c in contracts}
    disbursed = [c.pk for c in contracts if c.is_disbursed]
    if not disbursed:
        return {}
    rows = (
        LoanTxn.objects.filter(contract_id__in=disbursed)
        .values("contract_id")
        .annotate(**{name: agg(column) for name, agg, column in STAMP})
        .order_by()
    )
    return {r["contract_id"]: _stamp(r[name] for name in names) for r in rows}


def _key(contract: LoanContract, stamp: tuple | None, today: dt.date) -> str:
    parts = (
        *(getattr(contract, name) for name in CONTRACT_FIELDS),
        stamp,
        settings.LOAN_PENALTY_MULTIPLIER,
        today,
    )
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"{KEY_PREFIX}:{contract.pk}:{digest}"


def summaries(contracts: list[LoanContract], *, today: dt.date, compute) -> dict[int, LoanSummary]:
    """The summary of each contract on `today`, by contract id: one query for the keys, one
    cache read, and `compute(contracts)` (the engine: {id: LoanPosition}) only for those whose
    figures changed since they were last stored."""
    if not contracts:
        return {}
    stamps = _transaction_stamps(contracts)
    keys = {c.pk: _key(c, stamps.get(c.pk), today) for c in contracts}
    found = cache.get_many(list(keys.values()))
    missing = [c for c in contracts if keys[c.pk] not in found]
    fresh: dict[int, LoanSummary] = {}
    if missing:
        fresh = {pk: LoanSummary.from_position(p) for pk, p in compute(missing).items()}
        cache.set_many(
            {keys[pk]: replace(s, contract=None) for pk, s in fresh.items()}, TIMEOUT_SECONDS
        )
    return {c.pk: fresh.get(c.pk) or replace(found[keys[c.pk]], contract=c) for c in contracts}


def kept_position(contract: LoanContract, *, today: dt.date, compute):
    """The contract's position on `today` (`compute()`: the engine, a LoanPosition), kept under
    the summary's key: read back while nothing it depends on changed; its summary is stored on
    the way. No query when the contract came with its stamp (`with_stamps`)."""
    key = _key(contract, _transaction_stamps([contract]).get(contract.pk), today)
    found = cache.get(key + PLAN_SUFFIX)
    if found is not None:
        return replace(found, contract=contract)
    position = compute()
    kept = replace(position, contract=None)
    cache.set(key + PLAN_SUFFIX, kept, PLAN_TIMEOUT_SECONDS)
    cache.set(key, LoanSummary.from_position(kept), TIMEOUT_SECONDS)
    return position
