"""The passes every file shares: parse and de-duplicate rows, find each record's person or parent,
and the two shapes of file that own others: keyed parents (accounts, loans, messages,
applications) and append-only children (ledger, loan transactions).
"""

from __future__ import annotations

import ctypes
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from django.db import transaction

from gjj.interchange import rows as R
from gjj.interchange.reader import FileStats, Progress, Report, read_rows, record_rows
from gjj.interchange.specs import Spec
from gjj.interchange.spool import Spool
from gjj.interchange.store import batched, raw_insert, same, shown, upsert
from gjj.people.models import Person

Errors = list[tuple[str | None, str]]


def with_cells(parse: Callable[[R.Cells], dict | None]) -> Callable[[dict], tuple]:
    """A `parse_*` of rows.py as (row or None, errors) of the raw cells."""

    def run(values: dict[str, str]) -> tuple[dict | None, Errors]:
        cells = R.Cells(values)
        return parse(cells), cells.errors

    return run


def _malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc
    except (AttributeError, OSError):
        return None


_TRIM = _malloc_trim()


def release_memory() -> None:
    """Give the memory a finished phase freed back to the system: glibc keeps freed blocks for
    reuse, so without this the import's resident size is the sum of its phases' high-water
    marks instead of the largest one."""
    if _TRIM is not None:
        _TRIM(0)


class Rejected(dict):
    """Key -> the sentence that says why a parent record is missing, for its children's errors."""

    def __init__(self, noun: str, spec: Spec):
        super().__init__()
        self.noun, self.file = noun, spec.name

    def at(self, key: str, line: int, *, first: bool = False) -> None:
        sentence = f"{self.noun} {key} 在 {self.file} 第 {line} 行被拒绝"
        if first:
            self.setdefault(key, sentence)
        else:
            self[key] = sentence

    def missing(self, key: str) -> str:
        return f"{self.noun} {key} 不存在（{self.file} 和系统中都没有）"

    def because(self, key: str, tail: str = "本条随之不导入") -> str:
        return f"{self[key]}，{tail}"


@dataclass(frozen=True)
class Children:
    """An append-only child file and how it refers to its parent."""

    spec: Spec
    parent: str  # the column naming the parent record
    model: type
    parent_path: str  # the parent's key seen from the model, for the stored copy of an entry
    fields: tuple[str, ...]  # the compared and stored columns but the key and the parent
    parent_id: str  # the model's column of the parent's id
    computed: tuple[str, ...] = ()  # stored columns the import computes, after `fields`


CHILD_TAIL = "本条明细随之不导入"


class KeyedFiles:
    """State and passes shared by the files of one import (see importer.Importer)."""

    folder: Path | None
    records: dict[str, list[dict[str, str]]] | None
    encoding: str
    batch: int
    rows_per_transaction: int
    report: Report
    rejected_persons: dict[str, str]

    def rows(self, spec: Spec) -> Iterator[tuple[int, dict[str, str]]]:
        progress = Progress(self.report, spec.name)
        if self.records is not None:
            source = record_rows(spec, self.records.get(spec.name, []), self.report)
        else:
            source = read_rows(self.folder, spec, self.encoding, self.report)
        for item in source:
            progress.tick()
            yield item

    def reject(self, stats: FileStats, line: int, errors: Errors) -> None:
        for column, reason in errors:
            self.report.error(stats.name, line, column, reason)
        stats.rejected += 1

    def timed(self, name: str):
        importer = self

        class _Timer:
            def __enter__(self):
                self.t0 = time.monotonic()

            def __exit__(self, *exc):
                release_memory()
                importer.report.file(name).seconds += time.monotonic() - self.t0

        return _Timer()

    def parsed(
        self,
        spec: Spec,
        parse: Callable[[dict], tuple],
        duplicate: Callable[[int], tuple[str, str]],
        *,
        key: tuple[str, ...] | None = None,
        invalid: Callable[[int, dict], None] | None = None,
    ) -> Iterator[list[dict]]:
        """Valid rows (with their `line`) a batch at a time. Rows that do not parse, or repeat a
        key of an earlier line, are rejected here; `invalid(line, cells)` hears of the first."""
        stats = self.report.file(spec.name)
        key_of = itemgetter(*(key or spec.key))
        seen: dict = {}
        for batch in batched(self.rows(spec), self.batch):
            good = []
            for line, values in batch:
                row, errors = parse(values)
                if row is None:
                    self.reject(stats, line, errors)
                    if invalid is not None:
                        invalid(line, values)
                    continue
                k = key_of(row)
                if k in seen:
                    self.reject(stats, line, [duplicate(seen[k])])
                    continue
                seen[k] = line
                row["line"] = line
                good.append(row)
            yield good

    # --- records owned by a person ----------------------------------------------------------

    def person_ids(self, digests: Iterable[str]) -> dict[str, int]:
        wanted = {d for d in digests if d}
        if not wanted:
            return {}
        return dict(Person.objects.filter(zjhm_digest__in=wanted).values_list("zjhm_digest", "id"))

    def person_problem(self, digest: str | None) -> str:
        if digest in self.rejected_persons:
            return f"{self.rejected_persons[digest]}，本条随之不导入"
        return "证件号码对应的缴存人不存在（persons.csv 和系统中都没有）"

    def owned_rows(
        self, spec: Spec, parse, label: str, rejected: Rejected | None = None
    ) -> Iterator[list[dict]]:
        """Validated rows of a keyed, person-owned file, a batch at a time, with person_id set.
        `label` names the key in the duplicate error; `rejected` collects the records refused."""
        stats = self.report.file(spec.name)
        (key,) = spec.key

        def invalid(line: int, values: dict) -> None:
            if rejected is not None and values.get(key):
                rejected.at(values[key], line, first=True)

        def duplicate(line: int) -> tuple[str, str]:
            return key, f"{label}与第 {line} 行重复"

        for parsed in self.parsed(spec, with_cells(parse), duplicate, invalid=invalid):
            ids = self.person_ids(r["person_digest"] for r in parsed)
            good = []
            for row in parsed:
                digest = row.pop("person_digest")
                person_id = None if digest in self.rejected_persons else ids.get(digest)
                if person_id is None:
                    self.reject(stats, row["line"], [("zjhm", self.person_problem(digest))])
                    if rejected is not None:
                        rejected.at(row[key], row["line"])
                    continue
                row["person_id"] = person_id
                good.append(row)
            yield good

    def write_parents(
        self, model, spec: Spec, spool: Spool, in_file: dict, fields, prepare=None, keep=()
    ):
        """Upsert the spooled rows still accepted (`in_file`); returns key -> id. `keep`: fields
        whose stored value an empty cell leaves as it is."""
        stats = self.report.file(spec.name)
        (key,) = spec.key
        ids: dict[str, int] = {}
        for chunk in spool:
            rows = [r for r in chunk if r[key] in in_file]
            if prepare is not None:
                for row in rows:
                    prepare(row)
            if rows:
                ids.update(
                    upsert(model, key, rows, fields, stats, batch=self.batch, keep_if_blank=keep)
                )
        spool.close()
        return ids

    # --- append-only children ---------------------------------------------------------------

    def validate_children(
        self,
        kind: Children,
        parse,
        *,
        in_file: dict,
        rejected: Rejected,
        lookup: Callable[[set[str]], Iterable[tuple[str, object]]],
        add: Callable[[str, dict], None],
        spooled: Callable[[dict], tuple],
    ) -> dict:
        """First pass over a child file: rows are checked against their parent (in the parent
        file, stored, or rejected) and against an entry stored under the same key; new ones are
        summed per parent (`add`) and spooled (`spooled`) for the write after the balance checks.
        `lookup(keys)` gives (key, facts) of stored parents not in the parent file."""
        stats = self.report.file(kind.spec.name)
        db_parents: dict[str, object] = {}
        spool = Spool()
        had_entries = kind.model.objects.exists()  # a first import has no keys to look up

        def duplicate(line: int) -> tuple[str, str]:
            return "ywlsh", "业务流水号在本文件中重复出现"

        for parsed in self.parsed(kind.spec, parse, duplicate):
            unknown = {
                r[kind.parent]
                for r in parsed
                if r[kind.parent] not in in_file
                and r[kind.parent] not in db_parents
                and r[kind.parent] not in rejected
            }
            if unknown:
                db_parents.update(lookup(unknown))
            existing = (
                {
                    e["ywlsh"]: e
                    for e in kind.model.objects.filter(
                        ywlsh__in=[r["ywlsh"] for r in parsed]
                    ).values("ywlsh", kind.parent_path, *kind.fields)
                }
                if had_entries
                else {}
            )
            chunk = []
            for row in parsed:
                key, line = row[kind.parent], row["line"]
                if key in rejected:
                    self.reject(stats, line, [(kind.parent, rejected.because(key, CHILD_TAIL))])
                    continue
                if key not in in_file and key not in db_parents:
                    self.reject(stats, line, [(kind.parent, rejected.missing(key))])
                    continue
                old = existing.get(row["ywlsh"])
                if old is not None:
                    problem = changed_entry(old, row, kind.parent_path, kind.parent)
                    if problem:
                        self.reject(stats, line, [problem])
                    continue  # the same entry again: nothing to do
                add(key, row)
                chunk.append(spooled(row))
            spool.write(chunk)
        return {"db": db_parents, "spool": spool}

    def write_children(
        self, kind: Children, spool: Spool, rejected: Rejected, build: Callable[[tuple], tuple]
    ) -> None:
        """Second pass: insert the spooled entries (line, ywlsh, parent key, ...) of parents
        still accepted, `build` making each the tuple of (ywlsh, parent id, *fields ...)."""
        stats = self.report.file(kind.spec.name)
        progress = Progress(self.report, stats.name, label="已写入")
        columns = ("ywlsh", kind.parent_id, *kind.fields, *kind.computed)
        objs: list[tuple] = []

        def flush():
            with transaction.atomic():
                raw_insert(kind.model, columns, objs)
            stats.stored += len(objs)
            progress.tick(len(objs))
            objs.clear()

        for chunk in spool:
            for item in chunk:
                key = item[2]
                if key in rejected:
                    self.reject(stats, item[0], [(kind.parent, rejected.because(key, CHILD_TAIL))])
                    continue
                objs.append(build(item))
            if len(objs) >= self.rows_per_transaction:
                flush()
        flush()
        spool.close()


def changed_entry(old: dict, row: dict, parent_old: str, parent_new: str):
    """(column, reason) when an append-only record comes back with another value."""
    pairs = [(parent_new, old[parent_old], row[parent_new])]
    pairs += [(f, old[f], row[f]) for f in row if f in old and f not in (parent_new,)]
    for column, was, now in pairs:
        if column in ("ywlsh", "line"):
            continue
        if not same(was, now):
            return (
                column,
                f"业务流水号 {row['ywlsh']} 已导入过，{column} 不同（已有 {shown(was)}，"
                f"本次 {shown(now)}）：明细只能追加、不能修改，更正请另发冲账记录",
            )
    return None
