"""Writing imported rows: batches, the raw insert of the two large append-only tables, and the
keyed upsert of the other records; how a value is shown in an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from gjj.core.money import format_amount

date_of = dt.date.fromisoformat


def batched(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def raw_insert(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert many rows without the ORM's per-object work, for the two large append-only tables:
    COPY on PostgreSQL, one prepared INSERT run many times on SQLite."""
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    names = ", ".join(qn(model._meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


def fmt(value) -> str:
    return format_amount(value) if value is not None else "（空）"


def shown(value) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def same(a, b) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return a is not None and b is not None and Decimal(a) == Decimal(b)
    return a == b


def copy_changes(obj, row: dict, fields: Iterable[str], compare=same) -> bool:
    """Set the fields of `obj` that differ in `row`; True when any did."""
    diff = False
    for f in fields:
        if not compare(getattr(obj, f), row[f]):
            setattr(obj, f, row[f])
            diff = True
    return diff


def save_batch(model, new: list, changed: list, fields: list[str], *, batch: int) -> None:
    """Create `new` and update `fields` of `changed` in one transaction."""
    with transaction.atomic():
        model.objects.bulk_create(new, batch_size=batch)
        if changed:
            model.objects.bulk_update(changed, fields, batch_size=500)


def _kept(obj, row: dict, fields: tuple[str, ...]) -> dict:
    blank = [f for f in fields if not row[f] and getattr(obj, f)]
    return {**row, **{f: getattr(obj, f) for f in blank}} if blank else row


def upsert(
    model,
    key: str,
    rows: list[dict],
    compare: tuple[str, ...],
    stats,
    *,
    batch: int,
    keep_if_blank: tuple[str, ...] = (),
) -> dict:
    """Create new records and update changed ones (one transaction); returns key -> id.
    A field of `keep_if_blank` keeps its stored value when the row leaves it empty (an optional
    column that a later export may not carry, such as loans.csv's sqid)."""
    existing = {
        getattr(o, key): o
        for o in model.objects.filter(**{f"{key}__in": [r[key] for r in rows]}).only(key, *compare)
    }
    new, changed = [], []
    now = timezone.now()
    has_updated_at = any(f.name == "updated_at" for f in model._meta.fields)
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            new.append(model(**{key: row[key]}, **{f: row[f] for f in compare}))
        elif copy_changes(obj, _kept(obj, row, keep_if_blank), compare):
            if has_updated_at:
                obj.updated_at = now
            changed.append(obj)
    fields = list(compare) + (["updated_at"] if has_updated_at else [])
    save_batch(model, new, changed, fields, batch=batch)
    stats.stored += len(new)
    stats.updated += len(changed)
    ids = {getattr(o, key): o.pk for o in existing.values()}
    if any(o.pk is None for o in new):  # backends that do not return ids
        ids.update(
            model.objects.filter(**{f"{key}__in": [getattr(o, key) for o in new]}).values_list(
                key, "pk"
            )
        )
    else:
        ids.update({getattr(o, key): o.pk for o in new})
    return ids
