"""Reads for the home page: a constant number of queries whatever the history length."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Field
from django.db.models.expressions import Col
from django.utils import timezone

from gjj.core.codes import LoanTxnType
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.loans.models import LoanContract, LoanRate, LoanTxn
from gjj.loans.selectors import loan_summaries
from gjj.loans.summary import stamp_columns

LEDGER_ROWS = 4
LOAN_ROWS = 3


@dataclass
class Line:
    """One line of a card: `汇缴:662.00元 2007-07-02`."""

    label: str
    amount: Decimal
    day: object


def _converter(source):
    """What the ORM does to a value read from the database (SQLite's dates and decimals come as
    text and numbers), for the extra columns of a raw query: `source` is a model field (a
    column, converted as a column) or the expression the ORM would select."""
    if isinstance(source, Field):
        source = Col(source.model._meta.db_table, source)
    steps = [*connection.ops.get_db_converters(source), *source.get_db_converters(connection)]

    def convert(value):
        for step in steps:
            value = step(value, source, connection)
        return value

    return convert


@dataclass(frozen=True)
class Extra:
    """An extra column of `_with_lines`: its SQL over the parent's table, converted as the ORM
    converts `expression` (the same SQL as an annotation gives the same value)."""

    name: str
    sql: str
    expression: object


def _with_lines(parent, child, *, fk: str, person, order: tuple[str, ...],
                latest: tuple[str, ...], limit: int, lines: dict[str, str],
                extra: tuple[Extra, ...] = ()):  # fmt: skip
    """The person's `parent` objects with their latest `limit` `child` rows joined, in one
    query: one result row per (object, line) — an object without rows once, its line columns
    None — each row's `lines` columns as `line_<name>` attributes (and the `extra` columns),
    converted as the ORM would; ordered by the parent's `order` fields ("-name": descending),
    then the lines oldest first. The latest rows' ids come from a correlated subquery newest
    first by the child's `latest` fields, over its (parent, …) index, so the cost does not
    grow with the history.

    SQL written from the models' names: the same query built by the ORM (a FilteredRelation
    on a Subquery) cost five times the Python calls of the whole rest of the card."""
    qn = connection.ops.quote_name
    p, c = parent._meta, child._meta
    pt, ct = qn(p.db_table), qn(c.db_table)
    fk_col, child_pk = qn(c.get_field(fk).column), qn(c.pk.column)
    outer = f"{pt}.{qn(p.pk.column)}"
    line_fields = {name: c.get_field(column) for name, column in lines.items()}
    select = [f"{pt}.{qn(f.column)}" for f in p.concrete_fields]
    select += [f"line.{qn(f.column)} AS line_{name}" for name, f in line_fields.items()]
    select += [f"({e.sql}) AS {e.name}" for e in extra]

    def column(meta, name, table):
        field = meta.get_field(name.lstrip("-"))
        return f"{table}.{qn(field.column)}{' DESC' if name.startswith('-') else ''}"

    newest = ", ".join(f"{column(c, name, ct)} DESC" for name in latest)
    oldest = [column(c, name, "line") for name in latest]
    ordering = ", ".join([*(column(p, name, pt) for name in order), *oldest])
    sql = (
        f"SELECT {', '.join(select)} FROM {pt} LEFT OUTER JOIN {ct} line "  # noqa: S608
        f"ON line.{fk_col} = {outer} AND line.{child_pk} IN ("
        f"SELECT {ct}.{child_pk} FROM {ct} WHERE {ct}.{fk_col} = {outer} "
        f"ORDER BY {newest} LIMIT {limit:d}) "
        f"WHERE {pt}.{qn(p.get_field('person').column)} = %s ORDER BY {ordering}"
    )
    convert = {f"line_{name}": _converter(f) for name, f in line_fields.items()}
    convert |= {e.name: _converter(e.expression) for e in extra}
    for row in parent.objects.raw(sql, [person.pk]):
        for name, step in convert.items():
            setattr(row, name, step(getattr(row, name)))
        yield row


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
    rows = _with_lines(
        FundAccount,
        LedgerEntry,
        fk="account",
        person=person,
        order=("khrq", "id"),
        latest=("jzrq", "ywlsh"),
        limit=LEDGER_ROWS,
        lines={"day": "jzrq", "fse": "fse", "type": "gjhtqywlx"},
    )
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
    rows = _with_lines(
        LoanContract,
        LoanTxn,
        fk="contract",
        person=person,
        order=("-jkhtqdrq", "-id"),
        latest=("ywfsrq", "ywlsh"),
        limit=LOAN_ROWS,
        lines={"day": "ywfsrq", **{name: name for name in LOAN_LINE_COLUMNS}},
        extra=tuple(Extra(name, raw.sql, raw) for name, raw in stamp_columns()),
    )
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
