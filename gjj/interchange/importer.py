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
from pathlib import Path
from typing import TextIO

from django.db import connection
from django.utils import timezone

from gjj.applications.handover import application_settle
from gjj.applications.models import Application, ApplicationStep, State
from gjj.core import kept, pii
from gjj.fund.models import LedgerEntry
from gjj.inbox.models import Message
from gjj.interchange import rows as R
from gjj.interchange import specs
from gjj.interchange.fund_files import FundFiles
from gjj.interchange.keyed import Rejected, with_cells
from gjj.interchange.loan_files import LoanFiles, loan_state
from gjj.interchange.reader import FileStats, Report
from gjj.interchange.store import copy_changes, save_batch, upsert
from gjj.interchange.summary import summary_table
from gjj.loans.models import LoanContract
from gjj.people.models import Person

__all__ = ["BATCH", "Importer", "loan_state", "summary_table"]

# Rows a batch of the keyed files (persons … application steps; the ledger is staged). Measured
# on the 10,000-person folder: 5,000 a batch peaked at 198.4 MiB (SQLite) and 186 MiB
# (PostgreSQL), 1,000 at 177.1 and 170.6 MiB, and the import was not slower (31.0 s against
# 32.8 s on SQLite, 43.9 against 45.0 on PostgreSQL): a batch's parsed rows are the import's
# largest transient.
BATCH = 1000
SQLITE_CACHE_KIB = 8192
PERSON_FIELDS = specs.PERSONS.other("zjhm", "sjhm")
MESSAGE_FIELDS = ("person_id", *specs.MESSAGES.other("xxid", "zjhm"))
APPLICATION_FIELDS = (
    "person_id",
    "contract_id",
    *specs.APPLICATIONS.other("sqid", "zjhm", "jkhtbh"),
)
STEP_FIELDS = specs.APPLICATION_STEPS.other("sqid", "xh")
HALL_ANSWERS = ("办结", "驳回")


def parse_person(values: dict[str, str]) -> tuple[dict | None, list]:
    cells = R.Cells(values)
    row = R.parse_person(cells)
    if row is not None:
        row["zjhm_digest"] = pii.digest(row["zjhm"])
        row["sjhm_digest"] = pii.digest(row["sjhm"])
    return row, cells.errors


class Importer(FundFiles, LoanFiles):
    def __init__(
        self,
        folder: Path | str | None = None,
        *,
        out: TextIO,
        records: dict[str, list[dict[str, str]]] | None = None,
        encoding: str = "utf-8",
        errors_file: TextIO | None = None,
        batch_size: int = BATCH,
        today: dt.date | None = None,
    ):
        # A folder of CSV files, or `records`: file name -> rows as data (the service API).
        self.folder = Path(folder) if folder is not None else None
        self.records = records
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
        self.rejected_persons: dict[str, str] = {}  # by ID digest
        self.rejected_accounts = Rejected("个人账户", specs.ACCOUNTS)
        self.rejected_loans = Rejected("借款合同", specs.LOANS)
        self.rejected_apps = Rejected("业务申请", specs.APPLICATIONS)
        # The core system's answers to applications written in the hall: sqid -> step row.
        self.hall_answers: dict[str, dict] = {}
        # Contracts of loans.csv that answer a 贷款申请 of the hall: sqid -> jkhtbh.
        self.loan_answers: dict[str, str] = {}

    def run(self) -> Report:
        started = time.monotonic()
        if connection.vendor == "sqlite":
            # The page cache (SQLite's default is 2 MB; this connection only) also bounds each
            # sort: SQLite's sorter takes up to the cache size before it spills to disk, so the
            # cache is counted twice in the import's memory. With 256 MB a 10,000-person folder
            # peaked at 620 MB; with 8 MB at 197 MiB, and the ledger's rate did not drop
            # measurably (its index writes are in account order, see staged.py).
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
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
        with self.timed(specs.APPLICATION_STEPS.name):
            self.settle_hall_applications()
        if self.records is None:  # a bulk load; not after each small batch of the service API
            self.refresh_statistics()
        # The pages kept with the core's data before this batch are not served again.
        kept.core_changed()
        self.report.total_seconds = time.monotonic() - started
        return self.report

    # Tables a bulk load changes; their planner statistics must follow the new row counts.
    STAT_TABLES = (
        "identity_person",
        "fund_fundaccount",
        "fund_ledgerentry",
        "loans_loancontract",
        "loans_loantxn",
        "inbox_message",
        "applications_application",
        "applications_applicationstep",
    )

    def refresh_statistics(self) -> None:
        """Update the query planner's statistics after the load.

        Without it PostgreSQL plans a depositor's pages on the row estimates of an empty table
        until autovacuum catches up (measured: the home page's latest-four-entries query took
        31 ms instead of 0.3 ms on a 100,000-person database right after import).
        """
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE " + ", ".join(self.STAT_TABLES))
            elif connection.vendor == "sqlite":
                # Bounded: samples about 1,000 rows an index however large the table.
                cursor.execute("PRAGMA analysis_limit = 1000")
                cursor.execute("ANALYZE")

    # --- persons ----------------------------------------------------------------------------

    def import_persons(self) -> None:
        stats = self.report.file(specs.PERSONS.name)

        def invalid(line: int, values: dict) -> None:
            raw_id = pii.normalize_id(values.get("zjhm", ""))
            if raw_id:
                self.rejected_persons.setdefault(
                    pii.digest(raw_id), f"该证件号码的缴存人在 persons.csv 第 {line} 行被拒绝"
                )

        def duplicate(line: int) -> tuple[str, str]:
            return "zjhm", f"证件号码与第 {line} 行重复"

        for rows in self.parsed(
            specs.PERSONS, parse_person, duplicate, key=("zjhm_digest",), invalid=invalid
        ):
            if rows:
                self._write_persons(rows, stats)

    def _write_persons(self, rows: list[dict], stats: FileStats) -> None:
        existing = {
            p.zjhm_digest: p
            for p in Person.objects.filter(zjhm_digest__in=[r["zjhm_digest"] for r in rows]).only(
                "zjhm_digest", "sjhm_digest", *PERSON_FIELDS
            )
        }
        new, changed = [], []
        now = timezone.now()
        for row in rows:
            person = existing.get(row["zjhm_digest"])
            if person is None:
                person = Person(**{f: row[f] for f in PERSON_FIELDS})
                person.zjhm = row["zjhm"]
                person.sjhm = row["sjhm"]
                new.append(person)
                continue
            diff = copy_changes(person, row, PERSON_FIELDS)
            if person.sjhm_digest != row["sjhm_digest"]:
                person.sjhm = row["sjhm"]
                diff = True
            if diff:
                person.updated_at = now
                changed.append(person)
        fields = [*PERSON_FIELDS, "sjhm_enc", "sjhm_digest", "updated_at"]
        save_batch(Person, new, changed, fields, batch=self.batch)
        stats.stored += len(new)
        stats.updated += len(changed)

    # --- messages, applications, steps ------------------------------------------------------

    def import_messages(self) -> None:
        """Upsert by xxid; the depositor's read / deleted state is never touched here."""
        stats = self.report.file(specs.MESSAGES.name)
        for rows in self.owned_rows(specs.MESSAGES, R.parse_message, "编号"):
            if rows:
                upsert(Message, "xxid", rows, MESSAGE_FIELDS, stats, batch=self.batch)

    def import_applications(self) -> None:
        stats = self.report.file(specs.APPLICATIONS.name)
        for rows in self.owned_rows(
            specs.APPLICATIONS, R.parse_application, "编号", self.rejected_apps
        ):
            # Applications written in the hall keep their own record; the core system answers
            # them through application_steps.csv (办结 / 驳回) and ledger.csv (sqid).
            hall = set(
                Application.objects.filter(
                    sqid__in=[r["sqid"] for r in rows], business__gt=""
                ).values_list("sqid", flat=True)
            )
            rows = [r for r in rows if r["sqid"] not in hall]
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
                        problem = self.rejected_loans.because(key)
                    elif key not in contracts:
                        problem = self.rejected_loans.missing(key)
                    else:
                        problem = None
                        row["contract_id"] = contracts[key]
                    if problem:
                        self.reject(stats, row["line"], [("jkhtbh", problem)])
                        self.rejected_apps.at(row["sqid"], row["line"])
                        continue
                good.append(row)
            if good:
                upsert(Application, "sqid", good, APPLICATION_FIELDS, stats, batch=self.batch)

    def import_steps(self) -> None:
        spec = specs.APPLICATION_STEPS
        stats = self.report.file(spec.name)

        def duplicate(line: int) -> tuple[str, str]:
            return "xh", f"同一申请的序号与第 {line} 行重复"

        for parsed in self.parsed(spec, with_cells(R.parse_step), duplicate):
            apps, hall = {}, set()
            for sqid, pk, business in Application.objects.filter(
                sqid__in={r["sqid"] for r in parsed}
            ).values_list("sqid", "id", "business"):
                apps[sqid] = pk
                if business:
                    hall.add(sqid)
            existing = {
                (s.application_id, s.xh): s
                for s in ApplicationStep.objects.filter(application_id__in=apps.values())
            }
            new, changed = [], []
            for row in parsed:
                sqid = row["sqid"]
                if sqid in self.rejected_apps:
                    reason = self.rejected_apps.because(sqid, "本节点随之不导入")
                    self.reject(stats, row["line"], [("sqid", reason)])
                    continue
                if sqid not in apps:
                    self.reject(stats, row["line"], [("sqid", self.rejected_apps.missing(sqid))])
                    continue
                if sqid in hall:
                    if row["jdmc"] not in HALL_ANSWERS:
                        reason = "网厅受理的申请只接受核心系统的“办结”或“驳回”节点"
                        self.reject(stats, row["line"], [("jdmc", reason)])
                    else:
                        self.hall_answers[sqid] = row
                    continue
                step = existing.get((apps[sqid], row["xh"]))
                if step is None:
                    values = {f: row[f] for f in STEP_FIELDS}
                    new.append(ApplicationStep(application_id=apps[sqid], xh=row["xh"], **values))
                elif copy_changes(step, row, STEP_FIELDS):
                    changed.append(step)
            save_batch(ApplicationStep, new, changed, list(STEP_FIELDS), batch=self.batch)
            stats.stored += len(new)
            stats.updated += len(changed)

    def link_hall_loans(self) -> dict[str, str]:
        """A contract of loans.csv with the sqid of a 贷款申请 written in the hall: the
        application points to it (贷款进度查询 shows its nodes). Returns the sqids of those still
        waiting for the core system, with the contract number."""
        if not self.loan_answers:
            return {}
        contracts = dict(
            LoanContract.objects.filter(jkhtbh__in=self.loan_answers.values()).values_list(
                "jkhtbh", "id"
            )
        )
        waiting = {}
        for sqid, state, pk, contract_id in Application.objects.filter(
            sqid__in=list(self.loan_answers), business__gt=""
        ).values_list("sqid", "state", "pk", "contract_id"):
            jkhtbh = self.loan_answers[sqid]
            if contracts.get(jkhtbh) is None:
                continue
            if contract_id != contracts[jkhtbh]:
                Application.objects.filter(pk=pk).update(contract_id=contracts[jkhtbh])
            if state in (State.APPROVED, State.EXPORTED):
                waiting[sqid] = jkhtbh
        return waiting

    def settle_hall_applications(self) -> None:
        """Finish the hall's applications the core system answered: a 办结 / 驳回 step, a
        withdrawal on the ledger carrying the application's sqid, or a contract in loans.csv
        carrying it (贷款申请: linked to the contract). Each sends its message."""
        stats = self.report.file(specs.APPLICATION_STEPS.name)
        contracts = self.link_hall_loans()
        open_apps = {
            a.sqid: a
            for a in Application.objects.filter(
                business__gt="", state__in=(State.APPROVED, State.EXPORTED)
            ).select_related("person")
        }
        if not open_apps:
            return
        answers = {s: r for s, r in self.hall_answers.items() if s in open_apps}
        for sqid, jkhtbh in contracts.items():
            answers.setdefault(
                sqid,
                {
                    "jdmc": "办结",
                    "blr": "核心系统",
                    "spyj": f"已签订借款合同 {jkhtbh} 并放款",
                    "blsj": timezone.now(),
                },
            )
        booked = (
            LedgerEntry.objects.filter(sqid__in=[s for s in open_apps if s not in answers])
            .order_by("jzrq", "ywlsh")
            .values_list("sqid", "jzrq")
        )
        for sqid, day in booked:
            answers.setdefault(
                sqid,
                {
                    "jdmc": "办结",
                    "blr": "核心系统",
                    "spyj": "已入账",
                    "blsj": timezone.make_aware(dt.datetime.combine(day, dt.time(12))),
                },
            )
        for sqid, row in answers.items():
            if application_settle(
                application=open_apps[sqid],
                done=row["jdmc"] == "办结",
                blr=row.get("blr") or "核心系统",
                spyj=row.get("spyj") or "",
                blsj=row.get("blsj") or timezone.now(),
            ):
                stats.updated += 1
