"""import_core: load an interchange folder (interchange.md) into the hall's tables.

Order: persons → accounts → ledger → loans → loan transactions → messages → applications →
steps. Each record is stored whole or not at all; a rejected record does not stop the others,
and records whose parent was rejected are rejected too, saying why.

Large files (ledger, loan transactions) are read twice: the first pass validates rows, checks
existing keys a batch at a time and sums the new amounts per account / loan into a spool on disk;
the balance cross-checks then decide which accounts / loans are accepted; the second pass writes
the accepted rows in batches (one transaction a batch) with their running balances.
"""

from __future__ import annotations

import datetime as dt
import time
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from django.db import connection, transaction
from django.db.models import CharField, Count, Max, Q, Sum
from django.db.models.functions import Concat
from django.utils import timezone

from gjj.applications.models import Application, ApplicationStep
from gjj.core import pii
from gjj.core.codes import LoanState
from gjj.core.money import format_amount, round_fen
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.identity.models import Person
from gjj.inbox.models import Message
from gjj.interchange import rows as R
from gjj.interchange import specs
from gjj.interchange.reader import FileStats, Progress, Report, read_rows
from gjj.interchange.spool import Spool
from gjj.loans.models import LoanContract, LoanTxn

try:  # the loan engine (gjj/loans/plan.py) owns the due-date rule
    from gjj.loans.plan import add_months, due_date
except ImportError:  # pragma: no cover - only while plan.py did not exist
    import calendar

    def add_months(year: int, month: int, count: int) -> tuple[int, int]:
        index = year * 12 + (month - 1) + count
        return index // 12, index % 12 + 1

    def due_date(year: int, month: int, day: int) -> dt.date:
        return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


BATCH = 5000
ZERO = Decimal("0.00")
PAID_MONTH_TYPES = ("02", "04", "05")
LEDGER_COLUMNS = ("ywlsh", "account_id", *R.LEDGER_FIELDS, "balance")


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


date_of = dt.date.fromisoformat


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


def loan_state(*, dkffrq, dkye, dkqs, ydhkr, scyhny, paid_months: set[str], today: dt.date) -> str:
    """未发放 / 结清 / 逾期 (a due date before today whose month no repayment covers) / 正常还款."""
    if dkffrq is None:
        return LoanState.NOT_DISBURSED
    if dkye == 0:
        return LoanState.SETTLED
    if scyhny:
        year, month = int(scyhny[:4]), int(scyhny[4:])
    else:
        year, month = add_months(dkffrq.year, dkffrq.month, 1)
    for i in range(dkqs):
        y, m = add_months(year, month, i)
        if due_date(y, m, ydhkr) >= today:
            break
        if f"{y:04d}{m:02d}" not in paid_months:
            return LoanState.OVERDUE
    return LoanState.REPAYING


class Importer:
    def __init__(
        self,
        folder: Path | str,
        *,
        out: TextIO,
        encoding: str = "utf-8",
        errors_file: TextIO | None = None,
        batch_size: int = BATCH,
        today: dt.date | None = None,
    ):
        self.folder = Path(folder)
        self.encoding = encoding
        self.batch = batch_size
        # SQLite writes every index page a transaction touched to its WAL at commit; with rows
        # of many accounts interleaved, a 5,000-row commit touches ~5,000 pages. Fewer, larger
        # commits keep its write rate flat as the table grows. PostgreSQL: one batch each.
        self.rows_per_transaction = batch_size * (10 if connection.vendor == "sqlite" else 1)
        self.today = today or timezone.localdate()
        self.report = Report(out=out, errors_file=errors_file)
        for spec in specs.ALL:
            self.report.file(spec.name)
        # Why a parent is missing: key -> sentence naming the rejected record.
        self.rejected_persons: dict[str, str] = {}
        self.rejected_accounts: dict[str, str] = {}
        self.rejected_loans: dict[str, str] = {}
        self.rejected_apps: dict[str, str] = {}

    # --- helpers ----------------------------------------------------------------------------

    def rows(self, spec) -> Iterator[tuple[int, dict[str, str]]]:
        progress = Progress(self.report, spec.name)
        for item in read_rows(self.folder, spec, self.encoding, self.report):
            progress.tick()
            yield item

    def reject(self, stats: FileStats, line: int, errors: list[tuple[str | None, str]]) -> None:
        for column, reason in errors:
            self.report.error(stats.name, line, column, reason)
        stats.rejected += 1

    def person_ids(self, digests: Iterable[str]) -> dict[str, int]:
        wanted = {d for d in digests if d}
        if not wanted:
            return {}
        return dict(Person.objects.filter(zjhm_digest__in=wanted).values_list("zjhm_digest", "id"))

    def person_problem(self, digest: str | None) -> str:
        if digest in self.rejected_persons:
            return f"{self.rejected_persons[digest]}，本条随之不导入"
        return "证件号码对应的缴存人不存在（persons.csv 和系统中都没有）"

    def upsert(
        self,
        model,
        key: str,
        rows: list[dict],
        compare: tuple[str, ...],
        stats: FileStats,
        *,
        build=None,
    ) -> dict:
        """Create new records and update changed ones (one transaction); returns key -> id."""
        existing = {
            getattr(o, key): o
            for o in model.objects.filter(**{f"{key}__in": [r[key] for r in rows]}).only(
                key, *compare
            )
        }
        new, changed = [], []
        now = timezone.now()
        has_updated_at = any(f.name == "updated_at" for f in model._meta.fields)
        for row in rows:
            obj = existing.get(row[key])
            if obj is None:
                values = {f: row[f] for f in compare}
                new.append(build(row) if build else model(**{key: row[key]}, **values))
                continue
            diff = False
            for f in compare:
                if not same(getattr(obj, f), row[f]):
                    setattr(obj, f, row[f])
                    diff = True
            if diff:
                if has_updated_at:
                    obj.updated_at = now
                changed.append(obj)
        with transaction.atomic():
            model.objects.bulk_create(new, batch_size=self.batch)
            if changed:
                fields = list(compare) + (["updated_at"] if has_updated_at else [])
                model.objects.bulk_update(changed, fields, batch_size=500)
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

    def timed(self, name: str):
        importer = self

        class _Timer:
            def __enter__(self):
                self.t0 = time.monotonic()

            def __exit__(self, *exc):
                importer.report.file(name).seconds += time.monotonic() - self.t0

        return _Timer()

    # --- the whole run ----------------------------------------------------------------------

    def run(self) -> Report:
        started = time.monotonic()
        if connection.vendor == "sqlite":
            # A larger page cache keeps the ledger's indexes in memory while millions of rows
            # arrive (SQLite's default is 2 MB); this connection only.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")
        with self.timed(specs.PERSONS.name):
            self.import_persons()
        with self.timed(specs.ACCOUNTS.name):
            accounts = self.validate_accounts()
        with self.timed(specs.LEDGER.name):
            ledger = self.validate_ledger(accounts)
        with self.timed(specs.ACCOUNTS.name):
            self.check_account_balances(accounts, ledger)
            self.write_accounts(accounts)
        with self.timed(specs.LEDGER.name):
            self.write_ledger(accounts, ledger)
        with self.timed(specs.LOANS.name):
            loans = self.validate_loans()
        with self.timed(specs.LOAN_TXNS.name):
            txns = self.validate_txns(loans)
        with self.timed(specs.LOANS.name):
            self.check_loan_balances(loans, txns)
            self.write_loans(loans, txns)
        with self.timed(specs.LOAN_TXNS.name):
            self.write_txns(loans, txns)
        with self.timed(specs.MESSAGES.name):
            self.import_messages()
        with self.timed(specs.APPLICATIONS.name):
            self.import_applications()
        with self.timed(specs.APPLICATION_STEPS.name):
            self.import_steps()
        self.report.total_seconds = time.monotonic() - started
        return self.report

    # --- persons ----------------------------------------------------------------------------

    def import_persons(self) -> None:
        spec = specs.PERSONS
        stats = self.report.file(spec.name)
        seen: dict[str, int] = {}
        for batch in batched(self.rows(spec), self.batch):
            valid = []
            for line, values in batch:
                cells = R.Cells(values)
                row = R.parse_person(cells)
                raw_id = pii.normalize_id(values.get("zjhm", ""))
                digest = pii.digest(raw_id) if raw_id else None
                if row is None:
                    self.reject(stats, line, cells.errors)
                    if digest:
                        self.rejected_persons.setdefault(
                            digest, f"该证件号码的缴存人在 persons.csv 第 {line} 行被拒绝"
                        )
                    continue
                if digest in seen:
                    self.reject(stats, line, [("zjhm", f"证件号码与第 {seen[digest]} 行重复")])
                    continue
                seen[digest] = line
                row["zjhm_digest"] = digest
                row["sjhm_digest"] = pii.digest(row["sjhm"])
                valid.append(row)
            if valid:
                self._write_persons(valid, stats)

    def _write_persons(self, rows: list[dict], stats: FileStats) -> None:
        compare = ("zjlx", "xingming", "xingbie", "jtzz")
        existing = {
            p.zjhm_digest: p
            for p in Person.objects.filter(zjhm_digest__in=[r["zjhm_digest"] for r in rows]).only(
                "zjhm_digest", "sjhm_digest", *compare
            )
        }
        new, changed = [], []
        now = timezone.now()
        for row in rows:
            person = existing.get(row["zjhm_digest"])
            if person is None:
                person = Person(**{f: row[f] for f in compare})
                person.zjhm = row["zjhm"]
                person.sjhm = row["sjhm"]
                new.append(person)
                continue
            diff = False
            for f in compare:
                if getattr(person, f) != row[f]:
                    setattr(person, f, row[f])
                    diff = True
            if person.sjhm_digest != row["sjhm_digest"]:
                person.sjhm = row["sjhm"]
                diff = True
            if diff:
                person.updated_at = now
                changed.append(person)
        with transaction.atomic():
            Person.objects.bulk_create(new, batch_size=self.batch)
            if changed:
                Person.objects.bulk_update(
                    changed, [*compare, "sjhm_enc", "sjhm_digest", "updated_at"], batch_size=500
                )
        stats.stored += len(new)
        stats.updated += len(changed)

    # --- accounts and ledger ----------------------------------------------------------------

    ACCOUNT_FIELDS = (
        "person_id",
        "dwzh",
        "dwmc",
        "grzhzt",
        "khrq",
        "grjcjs",
        "dwjcbl",
        "grjcbl",
        "dwyjce",
        "gryjce",
        "jzny",
        "grzhye",
        "grckzhhm",
        "grckzhkhyhmc",
    )

    def validate_accounts(self) -> dict:
        """Pass over accounts.csv: rows are checked and spooled, written after the ledger check."""
        spec = specs.ACCOUNTS
        stats = self.report.file(spec.name)
        state = {"file": {}, "spool": Spool()}  # file: grzh -> (line, grzhye)
        seen: dict[str, int] = {}
        for batch in batched(self.rows(spec), self.batch):
            parsed = []
            for line, values in batch:
                cells = R.Cells(values)
                row = R.parse_account(cells)
                grzh = values.get("grzh", "")
                if row is None:
                    self.reject(stats, line, cells.errors)
                    if grzh:
                        self.rejected_accounts.setdefault(
                            grzh, f"个人账户 {grzh} 在 accounts.csv 第 {line} 行被拒绝"
                        )
                    continue
                if grzh in seen:
                    self.reject(stats, line, [("grzh", f"个人账号与第 {seen[grzh]} 行重复")])
                    continue
                seen[grzh] = line
                row["line"] = line
                parsed.append(row)
            ids = self.person_ids(r["person_digest"] for r in parsed)
            chunk = []
            for row in parsed:
                digest = row.pop("person_digest")
                person_id = None if digest in self.rejected_persons else ids.get(digest)
                if person_id is None:
                    self.reject(stats, row["line"], [("zjhm", self.person_problem(digest))])
                    self.rejected_accounts[row["grzh"]] = (
                        f"个人账户 {row['grzh']} 在 accounts.csv 第 {row['line']} 行被拒绝"
                    )
                    continue
                row["person_id"] = person_id
                state["file"][row["grzh"]] = (row["line"], row["grzhye"])
                chunk.append(row)
            state["spool"].write(chunk)
        return state

    def validate_ledger(self, accounts: dict) -> dict:
        spec = specs.LEDGER
        stats = self.report.file(spec.name)
        in_file = accounts["file"]
        db_accounts: dict[str, tuple[int, Decimal]] = {}  # grzh -> (id, grzhye), not in file
        agg: dict[str, list] = {}  # grzh -> [new sum, earliest new date, new rows]
        seen: set[str] = set()
        spool = Spool()
        had_entries = LedgerEntry.objects.exists()  # a first import has no keys to look up
        for batch in batched(self.rows(spec), self.batch):
            parsed = []
            for line, values in batch:
                row = R.parse_ledger_fast(values)
                if row is None:
                    cells = R.Cells(values)
                    row = R.parse_ledger(cells)
                    if row is None:
                        self.reject(stats, line, cells.errors)
                        continue
                if row["ywlsh"] in seen:
                    self.reject(stats, line, [("ywlsh", "业务流水号在本文件中重复出现")])
                    continue
                seen.add(row["ywlsh"])
                row["line"] = line
                parsed.append(row)
            unknown = {
                r["grzh"]
                for r in parsed
                if r["grzh"] not in in_file
                and r["grzh"] not in db_accounts
                and r["grzh"] not in self.rejected_accounts
            }
            if unknown:
                for grzh, pk, grzhye in FundAccount.objects.filter(grzh__in=unknown).values_list(
                    "grzh", "id", "grzhye"
                ):
                    db_accounts[grzh] = (pk, grzhye)
            existing = (
                {
                    e["ywlsh"]: e
                    for e in LedgerEntry.objects.filter(
                        ywlsh__in=[r["ywlsh"] for r in parsed]
                    ).values("ywlsh", "account__grzh", *R.LEDGER_FIELDS)
                }
                if had_entries
                else {}
            )
            chunk = []
            for row in parsed:
                grzh, line = row["grzh"], row["line"]
                if grzh in self.rejected_accounts:
                    reason = f"{self.rejected_accounts[grzh]}，本条明细随之不导入"
                    self.reject(stats, line, [("grzh", reason)])
                    continue
                if grzh not in in_file and grzh not in db_accounts:
                    reason = f"个人账户 {grzh} 不存在（accounts.csv 和系统中都没有）"
                    self.reject(stats, line, [("grzh", reason)])
                    continue
                old = existing.get(row["ywlsh"])
                if old is not None:
                    problem = self._changed_entry(old, row, "account__grzh", "grzh")
                    if problem:
                        self.reject(stats, line, [problem])
                    continue  # the same entry again: nothing to do
                a = agg.get(grzh)
                if a is None:
                    agg[grzh] = [row["fse"], row["jzrq"], 1]
                else:
                    a[0] += row["fse"]
                    a[1] = min(a[1], row["jzrq"])
                    a[2] += 1
                # Spooled as text (validated above): pickling text is far cheaper than objects.
                chunk.append(
                    (
                        line,
                        row["ywlsh"],
                        grzh,
                        row["jzrq"].isoformat(),
                        row["gjhtqywlx"],
                        str(row["fse"]),
                        str(row["fslxe"]),
                        row["tqyy"],
                        row["tqfs"],
                        row["ywzy"],
                        row["czbz"],
                    )
                )
            spool.write(chunk)
        return {"db_accounts": db_accounts, "agg": agg, "spool": spool}

    @staticmethod
    def _changed_entry(old: dict, row: dict, parent_old: str, parent_new: str):
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

    def check_account_balances(self, accounts: dict, ledger: dict) -> None:
        """grzhye must equal the running balance of the whole ledger (stored + new entries)."""
        stats = self.report.file(specs.ACCOUNTS.name)
        in_file, agg, db_accounts = accounts["file"], ledger["agg"], ledger["db_accounts"]
        ids: dict[str, int] = {g: v[0] for g, v in db_accounts.items()}
        for chunk in batched(list(in_file), self.batch):
            ids.update(FundAccount.objects.filter(grzh__in=chunk).values_list("grzh", "id"))
        stored: dict[int, tuple[Decimal, int, str]] = {}  # id -> (sum, count, last key)
        for chunk in batched(list(ids.values()), self.batch):
            for row in (
                LedgerEntry.objects.filter(account_id__in=chunk)
                .values("account_id")
                .annotate(
                    total=Sum("fse"),
                    n=Count("id"),
                    last=Max(Concat("jzrq", "ywlsh", output_field=CharField())),
                )
                .order_by()
            ):
                # SQLite sums decimals as binary floats: back to the fen (exact for sums of
                # two-decimal amounts far below 2**53 fen).
                stored[row["account_id"]] = (round_fen(row["total"]), row["n"], row["last"])
        state: dict[str, list] = {}
        for grzh in set(in_file) | set(agg):
            pk = ids.get(grzh)
            total, n, last = stored.get(pk, (ZERO, 0, ""))
            new_sum, _, new_n = agg.get(grzh, (ZERO, None, 0))
            expected = Decimal(total) + new_sum
            if grzh in in_file:
                line, grzhye = in_file[grzh]
                if grzhye != expected:
                    reason = (
                        f"个人账户余额 {fmt(grzhye)} 与业务明细的累计余额 {fmt(expected)} 不一致"
                        f"（系统已有明细 {n} 条、合计 {fmt(total)}，本次新增 {new_n} 条、合计 "
                        f"{fmt(new_sum)}）；该账户及其本次明细均未导入"
                    )
                    self.reject(stats, line, [("grzhye", reason)])
                    self.rejected_accounts[grzh] = (
                        f"个人账户 {grzh} 未通过余额核对（accounts.csv 第 {line} 行）"
                    )
                    del in_file[grzh]
                    continue
            else:
                grzhye = db_accounts[grzh][1]
                if grzhye != expected:
                    self.rejected_accounts[grzh] = (
                        f"个人账户 {grzh} 加上本次明细后累计余额为 {fmt(expected)}，与系统中的"
                        f"账户余额 {fmt(grzhye)} 不一致（accounts.csv 中没有该账户的新余额）"
                    )
                    continue
            if grzh in agg:
                state[grzh] = [last or "", Decimal(total)]
        ledger["state"] = state
        ledger["ids"] = ids

    def write_accounts(self, accounts: dict) -> None:
        stats = self.report.file(specs.ACCOUNTS.name)
        in_file = accounts["file"]
        ids: dict[str, int] = {}
        for chunk in accounts["spool"]:
            rows = [r for r in chunk if r["grzh"] in in_file]
            if rows:
                ids.update(self.upsert(FundAccount, "grzh", rows, self.ACCOUNT_FIELDS, stats))
        accounts["spool"].close()
        accounts["ids"] = ids

    def write_ledger(self, accounts: dict, ledger: dict) -> None:
        stats = self.report.file(specs.LEDGER.name)
        ids = {**ledger["ids"], **accounts["ids"]}
        state = ledger["state"]
        recompute: dict[int, str] = {}
        progress = Progress(self.report, stats.name, label="已写入")
        objs: list[tuple] = []

        def flush():
            with transaction.atomic():
                raw_insert(LedgerEntry, LEDGER_COLUMNS, objs)
            stats.stored += len(objs)
            progress.tick(len(objs))
            objs.clear()

        for chunk in ledger["spool"]:
            for line, ywlsh, grzh, jzrq, kind, fse, fslxe, tqyy, tqfs, ywzy, czbz in chunk:
                if grzh in self.rejected_accounts:
                    reason = f"{self.rejected_accounts[grzh]}，本条明细随之不导入"
                    self.reject(stats, line, [("grzh", reason)])
                    continue
                pk = ids[grzh]
                st = state[grzh]
                key = jzrq + ywlsh  # ISO date text + key: sorts as (jzrq, ywlsh)
                fse = Decimal(fse)
                if key < st[0]:
                    old = recompute.get(pk)
                    recompute[pk] = jzrq if old is None else min(old, jzrq)  # ISO text
                else:
                    st[0] = key
                st[1] += fse
                day, interest = date_of(jzrq), Decimal(fslxe)
                objs.append((ywlsh, pk, day, kind, fse, interest, tqyy, tqfs, ywzy, czbz, st[1]))
            if len(objs) >= self.rows_per_transaction:
                flush()
        flush()
        ledger["spool"].close()
        for pk, since in recompute.items():
            self.recompute_balances(pk, date_of(since))

    @transaction.atomic
    def recompute_balances(self, account_id: int, since: dt.date) -> None:
        """Running balances of one account from `since` on, after entries arrived out of order."""
        base = (
            LedgerEntry.objects.filter(account_id=account_id, jzrq__lt=since)
            .order_by("-jzrq", "-ywlsh")
            .values_list("balance", flat=True)
            .first()
        )
        running = Decimal(base) if base is not None else ZERO
        changed = []
        for entry in (
            LedgerEntry.objects.filter(account_id=account_id, jzrq__gte=since)
            .order_by("jzrq", "ywlsh")
            .only("id", "fse", "balance")
        ):
            running += entry.fse
            if entry.balance != running:
                entry.balance = running
                changed.append(entry)
        LedgerEntry.objects.bulk_update(changed, ["balance"], batch_size=1000)

    # --- loans and their transactions -------------------------------------------------------

    LOAN_FIELDS = (
        "dkzh",
        "person_id",
        "htdkje",
        "dkqs",
        "dkll",
        "dkhkfs",
        "swtyhmc",
        "jkhtqdrq",
        "dkffrq",
        "ydhkr",
        "scyhny",
        "dkye",
        "fwzl",
        "fwjzmj",
        "fwzj",
        "dkzt",
    )
    LOAN_STATE_FIELDS = ("dkffrq", "dkye", "dkqs", "ydhkr", "scyhny")

    def validate_loans(self) -> dict:
        spec = specs.LOANS
        stats = self.report.file(spec.name)
        state = {"file": {}, "spool": Spool()}  # file: jkhtbh -> {line, dkffrq, dkye, ...}
        seen: dict[str, int] = {}
        for batch in batched(self.rows(spec), self.batch):
            parsed = []
            for line, values in batch:
                cells = R.Cells(values)
                row = R.parse_loan(cells)
                key = values.get("jkhtbh", "")
                if row is None:
                    self.reject(stats, line, cells.errors)
                    if key:
                        self.rejected_loans.setdefault(
                            key, f"借款合同 {key} 在 loans.csv 第 {line} 行被拒绝"
                        )
                    continue
                if key in seen:
                    self.reject(stats, line, [("jkhtbh", f"借款合同编号与第 {seen[key]} 行重复")])
                    continue
                seen[key] = line
                row["line"] = line
                parsed.append(row)
            ids = self.person_ids(r["person_digest"] for r in parsed)
            chunk = []
            for row in parsed:
                digest = row.pop("person_digest")
                person_id = None if digest in self.rejected_persons else ids.get(digest)
                if person_id is None:
                    self.reject(stats, row["line"], [("zjhm", self.person_problem(digest))])
                    self.rejected_loans[row["jkhtbh"]] = (
                        f"借款合同 {row['jkhtbh']} 在 loans.csv 第 {row['line']} 行被拒绝"
                    )
                    continue
                row["person_id"] = person_id
                state["file"][row["jkhtbh"]] = {
                    "line": row["line"],
                    **{f: row[f] for f in self.LOAN_STATE_FIELDS},
                }
                chunk.append(row)
            state["spool"].write(chunk)
        return state

    def validate_txns(self, loans: dict) -> dict:
        spec = specs.LOAN_TXNS
        stats = self.report.file(spec.name)
        in_file = loans["file"]
        db_loans: dict[str, dict] = {}
        agg: dict[str, list] = {}  # jkhtbh -> [ffje sum, bjje sum, new rows, paid months]
        seen: set[str] = set()
        had_txns = LoanTxn.objects.exists()
        spool = Spool()
        for batch in batched(self.rows(spec), self.batch):
            parsed = []
            for line, values in batch:
                cells = R.Cells(values)
                row = R.parse_txn(cells)
                if row is None:
                    self.reject(stats, line, cells.errors)
                    continue
                if row["ywlsh"] in seen:
                    self.reject(stats, line, [("ywlsh", "业务流水号在本文件中重复出现")])
                    continue
                seen.add(row["ywlsh"])
                row["line"] = line
                parsed.append(row)
            unknown = {
                r["jkhtbh"]
                for r in parsed
                if r["jkhtbh"] not in in_file
                and r["jkhtbh"] not in db_loans
                and r["jkhtbh"] not in self.rejected_loans
            }
            if unknown:
                for loan in LoanContract.objects.filter(jkhtbh__in=unknown).values(
                    "id", "jkhtbh", *self.LOAN_STATE_FIELDS
                ):
                    db_loans[loan["jkhtbh"]] = loan
            existing = (
                {
                    e["ywlsh"]: e
                    for e in LoanTxn.objects.filter(ywlsh__in=[r["ywlsh"] for r in parsed]).values(
                        "ywlsh", "contract__jkhtbh", *R.TXN_FIELDS
                    )
                }
                if had_txns
                else {}
            )
            chunk = []
            for row in parsed:
                key, line = row["jkhtbh"], row["line"]
                if key in self.rejected_loans:
                    reason = f"{self.rejected_loans[key]}，本条明细随之不导入"
                    self.reject(stats, line, [("jkhtbh", reason)])
                    continue
                if key not in in_file and key not in db_loans:
                    reason = f"借款合同 {key} 不存在（loans.csv 和系统中都没有）"
                    self.reject(stats, line, [("jkhtbh", reason)])
                    continue
                old = existing.get(row["ywlsh"])
                if old is not None:
                    problem = self._changed_entry(old, row, "contract__jkhtbh", "jkhtbh")
                    if problem:
                        self.reject(stats, line, [problem])
                    continue
                a = agg.setdefault(key, [ZERO, ZERO, 0, set()])
                a[0] += row["ffje"] if row["dkywmxlx"] == "01" else ZERO
                a[1] += row["bjje"] if row["dkywmxlx"] != "01" else ZERO
                a[2] += 1
                if row["dkywmxlx"] in PAID_MONTH_TYPES and row["hkny"]:
                    a[3].add(row["hkny"])
                chunk.append((line, row["ywlsh"], key, *(row[f] for f in R.TXN_FIELDS)))
            spool.write(chunk)
        return {"db_loans": db_loans, "agg": agg, "spool": spool}

    def check_loan_balances(self, loans: dict, txns: dict) -> None:
        """dkye of a disbursed loan = disbursed (01 ffje) − principal repaid (bjje), all txns."""
        stats = self.report.file(specs.LOANS.name)
        in_file, agg, db_loans = loans["file"], txns["agg"], txns["db_loans"]
        ids: dict[str, int] = {k: v["id"] for k, v in db_loans.items()}
        for chunk in batched(list(in_file), self.batch):
            ids.update(LoanContract.objects.filter(jkhtbh__in=chunk).values_list("jkhtbh", "id"))
        stored: dict[int, tuple[Decimal, Decimal, int]] = {}
        paid: dict[int, set[str]] = {}
        for chunk in batched(list(ids.values()), self.batch):
            for row in (
                LoanTxn.objects.filter(contract_id__in=chunk)
                .values("contract_id")
                .annotate(
                    ff=Sum("ffje", filter=Q(dkywmxlx="01")),
                    bj=Sum("bjje", filter=~Q(dkywmxlx="01")),
                    n=Count("id"),
                )
                .order_by()
            ):
                stored[row["contract_id"]] = (
                    round_fen(row["ff"] or ZERO),
                    round_fen(row["bj"] or ZERO),
                    row["n"],
                )
            for pk, hkny in (
                LoanTxn.objects.filter(contract_id__in=chunk, dkywmxlx__in=PAID_MONTH_TYPES)
                .values_list("contract_id", "hkny")
                .distinct()
            ):
                paid.setdefault(pk, set()).add(hkny)
        states: dict[str, str] = {}
        for key in set(in_file) | set(agg):
            pk = ids.get(key)
            ff, bj, n = stored.get(pk, (ZERO, ZERO, 0))
            new_ff, new_bj, new_n, new_paid = agg.get(key, (ZERO, ZERO, 0, set()))
            facts = in_file[key] if key in in_file else db_loans[key]
            if facts["dkffrq"] is not None:
                expected = Decimal(ff) + new_ff - Decimal(bj) - new_bj
                if facts["dkye"] != expected:
                    reason = (
                        f"贷款余额 {fmt(facts['dkye'])} 与贷款明细不符：放款 {fmt(ff + new_ff)} − "
                        f"已还本金 {fmt(bj + new_bj)} = {fmt(expected)}（系统已有明细 {n} 条，"
                        f"本次新增 {new_n} 条）"
                    )
                    if key in in_file:
                        self.reject(stats, facts["line"], [("dkye", reason + "；该合同未导入")])
                        self.rejected_loans[key] = (
                            f"借款合同 {key} 未通过贷款余额核对（loans.csv 第 {facts['line']} 行）"
                        )
                        del in_file[key]
                    else:
                        self.rejected_loans[key] = f"借款合同 {key} 的{reason}"
                    continue
            states[key] = loan_state(
                dkffrq=facts["dkffrq"],
                dkye=facts["dkye"],
                dkqs=facts["dkqs"],
                ydhkr=facts["ydhkr"],
                scyhny=facts["scyhny"],
                paid_months=paid.get(pk, set()) | new_paid,
                today=self.today,
            )
        txns["states"] = states
        txns["ids"] = ids

    def write_loans(self, loans: dict, txns: dict) -> None:
        stats = self.report.file(specs.LOANS.name)
        in_file, states = loans["file"], txns["states"]
        ids: dict[str, int] = {}
        for chunk in loans["spool"]:
            rows = [r for r in chunk if r["jkhtbh"] in in_file]
            for row in rows:
                row["dkzt"] = states[row["jkhtbh"]]
            if rows:
                ids.update(self.upsert(LoanContract, "jkhtbh", rows, self.LOAN_FIELDS, stats))
        loans["spool"].close()
        loans["ids"] = ids
        # Loans not in loans.csv whose state moves with the new transactions.
        for key, loan in txns["db_loans"].items():
            if key in states and key not in in_file:
                LoanContract.objects.filter(pk=loan["id"]).exclude(dkzt=states[key]).update(
                    dkzt=states[key]
                )

    def write_txns(self, loans: dict, txns: dict) -> None:
        stats = self.report.file(specs.LOAN_TXNS.name)
        ids = {**txns["ids"], **loans["ids"]}
        progress = Progress(self.report, stats.name, label="已写入")
        for chunk in txns["spool"]:
            objs = []
            for line, ywlsh, key, *values in chunk:
                if key in self.rejected_loans:
                    reason = f"{self.rejected_loans[key]}，本条明细随之不导入"
                    self.reject(stats, line, [("jkhtbh", reason)])
                    continue
                objs.append((ywlsh, ids[key], *values))
            with transaction.atomic():
                raw_insert(LoanTxn, ("ywlsh", "contract_id", *R.TXN_FIELDS), objs)
            stats.stored += len(objs)
            progress.tick(len(objs))
        txns["spool"].close()

    # --- messages, applications, steps ------------------------------------------------------

    def _rows_with_person(self, spec, parse, key: str) -> Iterator[list[dict]]:
        """Validated rows of a person-owned file, a batch at a time, with person_id set."""
        stats = self.report.file(spec.name)
        seen: dict[str, int] = {}
        for batch in batched(self.rows(spec), self.batch):
            parsed = []
            for line, values in batch:
                cells = R.Cells(values)
                row = parse(cells)
                if row is None:
                    self.reject(stats, line, cells.errors)
                    if key == "sqid" and values.get("sqid"):
                        self.rejected_apps.setdefault(
                            values["sqid"],
                            f"业务申请 {values['sqid']} 在 applications.csv 第 {line} 行被拒绝",
                        )
                    continue
                if row[key] in seen:
                    self.reject(stats, line, [(key, f"编号与第 {seen[row[key]]} 行重复")])
                    continue
                seen[row[key]] = line
                row["line"] = line
                parsed.append(row)
            ids = self.person_ids(r["person_digest"] for r in parsed)
            good = []
            for row in parsed:
                digest = row.pop("person_digest")
                person_id = None if digest in self.rejected_persons else ids.get(digest)
                if person_id is None:
                    self.reject(stats, row["line"], [("zjhm", self.person_problem(digest))])
                    if key == "sqid":
                        self.rejected_apps[row["sqid"]] = (
                            f"业务申请 {row['sqid']} 在 applications.csv 第 {row['line']} 行被拒绝"
                        )
                    continue
                row["person_id"] = person_id
                good.append(row)
            yield good

    def import_messages(self) -> None:
        """Upsert by xxid; the depositor's read / deleted state is never touched here."""
        spec = specs.MESSAGES
        stats = self.report.file(spec.name)
        compare = ("person_id", "ywmc", "xxnr", "tsqd", "tssj")
        for rows in self._rows_with_person(spec, R.parse_message, "xxid"):
            if rows:
                self.upsert(Message, "xxid", rows, compare, stats)

    def import_applications(self) -> None:
        spec = specs.APPLICATIONS
        stats = self.report.file(spec.name)
        compare = ("person_id", "ywlx", "ywxx", "contract_id", "fqsj", "wcsj")
        for rows in self._rows_with_person(spec, R.parse_application, "sqid"):
            wanted = {r["jkhtbh"] for r in rows if r["jkhtbh"]}
            contracts = dict(
                LoanContract.objects.filter(jkhtbh__in=wanted).values_list("jkhtbh", "id")
            )
            good = []
            for row in rows:
                key = row.pop("jkhtbh")
                row["contract_id"] = None
                if key:
                    if key in self.rejected_loans:
                        problem = f"{self.rejected_loans[key]}，本条随之不导入"
                    elif key not in contracts:
                        problem = f"借款合同 {key} 不存在（loans.csv 和系统中都没有）"
                    else:
                        problem = None
                        row["contract_id"] = contracts[key]
                    if problem:
                        self.reject(stats, row["line"], [("jkhtbh", problem)])
                        self.rejected_apps[row["sqid"]] = (
                            f"业务申请 {row['sqid']} 在 applications.csv 第 {row['line']} 行被拒绝"
                        )
                        continue
                good.append(row)
            if good:
                self.upsert(Application, "sqid", good, compare, stats)

    def import_steps(self) -> None:
        spec = specs.APPLICATION_STEPS
        stats = self.report.file(spec.name)
        compare = ("jdmc", "blr", "spyj", "blsj")
        seen: dict[tuple[str, int], int] = {}
        for batch in batched(self.rows(spec), self.batch):
            parsed = []
            for line, values in batch:
                cells = R.Cells(values)
                row = R.parse_step(cells)
                if row is None:
                    self.reject(stats, line, cells.errors)
                    continue
                pair = (row["sqid"], row["xh"])
                if pair in seen:
                    self.reject(stats, line, [("xh", f"同一申请的序号与第 {seen[pair]} 行重复")])
                    continue
                seen[pair] = line
                row["line"] = line
                parsed.append(row)
            apps = dict(
                Application.objects.filter(sqid__in={r["sqid"] for r in parsed}).values_list(
                    "sqid", "id"
                )
            )
            existing = {
                (s.application_id, s.xh): s
                for s in ApplicationStep.objects.filter(application_id__in=apps.values())
            }
            new, changed = [], []
            for row in parsed:
                sqid = row["sqid"]
                if sqid in self.rejected_apps:
                    reason = f"{self.rejected_apps[sqid]}，本节点随之不导入"
                    self.reject(stats, row["line"], [("sqid", reason)])
                    continue
                if sqid not in apps:
                    reason = f"业务申请 {sqid} 不存在（applications.csv 和系统中都没有）"
                    self.reject(stats, row["line"], [("sqid", reason)])
                    continue
                step = existing.get((apps[sqid], row["xh"]))
                if step is None:
                    new.append(
                        ApplicationStep(
                            application_id=apps[sqid],
                            xh=row["xh"],
                            **{f: row[f] for f in compare},
                        )
                    )
                    continue
                diff = False
                for f in compare:
                    if not same(getattr(step, f), row[f]):
                        setattr(step, f, row[f])
                        diff = True
                if diff:
                    changed.append(step)
            with transaction.atomic():
                ApplicationStep.objects.bulk_create(new, batch_size=self.batch)
                if changed:
                    ApplicationStep.objects.bulk_update(changed, list(compare), batch_size=500)
            stats.stored += len(new)
            stats.updated += len(changed)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cells(values: list[str]) -> str:
    widths = (26, 12, 14, 14, 16, 10)
    out = []
    for i, (value, width) in enumerate(zip(values, widths, strict=True)):
        gap = " " * max(width - _width(value), 1)
        out.append(value + gap if i == 0 else gap + value)
    return "".join(out)


def summary_table(report: Report) -> str:
    """The per-file table printed at the end of an import."""
    lines = [
        _cells(["文件 file", "读取 read", "新增 stored", "更新 updated", "拒绝 rejected", "秒 s"])
    ]
    total = FileStats("合计 total")
    for spec in specs.ALL:
        s = report.stats[spec.name]
        name = s.name if s.present else f"{s.name}（无）"
        lines.append(
            _cells(
                [
                    name,
                    f"{s.read:,}",
                    f"{s.stored:,}",
                    f"{s.updated:,}",
                    f"{s.rejected:,}",
                    f"{s.seconds:.2f}",
                ]
            )
        )
        for f in ("read", "stored", "updated", "rejected"):
            setattr(total, f, getattr(total, f) + getattr(s, f))
    lines.append(
        _cells(
            [
                total.name,
                f"{total.read:,}",
                f"{total.stored:,}",
                f"{total.updated:,}",
                f"{total.rejected:,}",
                f"{report.total_seconds:.2f}",
            ]
        )
    )
    return "\n".join(lines)
