"""export_applications: the approved applications not handed over before, one row each, in
`applications_out.csv` (interchange.md / README). Rows are appended to the file when the core
system has not collected the previous one yet; the file is readable by its owner only.

Safe from cron while depositors submit: the rows are chosen and marked in one transaction
(PostgreSQL: rows locked with SKIP LOCKED, so two runs never take the same application), and a
lock file keeps two runs on one folder apart. The file is flushed to disk before the marks are
committed: a crash between the two exports the rows again next time (the core system keys on
sqid), never loses them.

The same rows are the service API's outbox items (`gjj/interchange/outbox.py`): both ways out
take from `pending_exports()` and mark with `application_mark_exported`, so an application
goes out by one of them only.
"""

from __future__ import annotations

import csv
import fcntl
import os
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from gjj.applications.handover import application_mark_exported
from gjj.applications.models import Application, State
from gjj.applications.registry import export_for
from gjj.core.audit import audit
from gjj.core.money import format_amount

FILE = "applications_out.csv"
# One file for every business (a row leaves the other businesses' columns empty). The first 13
# columns are the withdrawal's, in the order the file has had from the start; `ywdm` names the
# business (Business.code); a business's own columns come from its `BusinessHooks.export`
# (gjj/applications/registry.py).
WITHDRAWAL = ("ywlx", "tqyy", "tqfs", "tqje", "lxje", "skzh", "skyhmc")
PREPAYMENT = ("jkhtbh", "tqhkfs", "tqhkje", "tqhkrq", "zjly", "gjjchje")
LOAN = (
    "dkje", "dkqx", "dkhkfs", "fwzl", "fwmj", "fwzj", "fwxz", "gfts", "gtjkrxm", "gtjkrzjhm",
)  # fmt: skip
COLUMNS = (
    "sqid", "grzh", "zjhm", "xingming", *WITHDRAWAL, "spjd", "spsj",
    "ywdm", *PREPAYMENT, *LOAN,
)  # fmt: skip


@dataclass
class ExportResult:
    path: Path
    rows: int


def plain_amount(value) -> str:
    """An amount as the core system reads it: two decimals, no thousands separator."""
    return format_amount(value).replace(",", "")


def export_row(app: Application) -> dict[str, str]:
    """One approved application as the core system receives it (the CSV row and the outbox's
    JSON item are this dict); needs `person` and `steps` loaded."""
    nodes = "；".join(
        f"{s.jdmc}:{s.blr}:{timezone.localtime(s.blsj):%Y-%m-%d %H:%M:%S}"
        for s in app.steps.all()
        if s.blsj is not None and s.kind in ("staff", "auto")
    )
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        sqid=app.sqid,
        ywdm=app.business,
        grzh=app.detail.get("grzh", ""),
        zjhm=app.person.zjhm,
        xingming=app.person.xingming,
        spjd=nodes,
        spsj=f"{timezone.localtime(app.approved_at):%Y-%m-%d %H:%M:%S}" if app.approved_at else "",
    )
    row.update({k: v for k, v in export_for(app).items() if k in row})
    return row


def pending_exports():
    """The approved applications not handed to the core system yet: what the next
    export_applications writes and what the service API's outbox lists (one state for both:
    `application_mark_exported` takes an application out of both)."""
    return Application.objects.filter(
        business__gt="", state=State.APPROVED, exported_at__isnull=True
    )


def export_applications(folder: Path | str, *, again: str | None = None) -> ExportResult:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE
    with open(folder / ".export.lock", "w") as lock:  # noqa: SIM117
        fcntl.flock(lock, fcntl.LOCK_EX)
        with transaction.atomic():
            if again:
                qs = Application.objects.filter(
                    business__gt="", sqid=again, state__in=(State.APPROVED, State.EXPORTED)
                )
            else:
                qs = pending_exports()
            if connection.vendor == "postgresql":
                qs = qs.select_for_update(skip_locked=True, of=("self",))
            apps = list(qs.select_related("person").prefetch_related("steps").order_by("id"))
            if not apps:
                return ExportResult(path=path, rows=0)
            new = not path.exists()
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                if new:
                    writer.writerow(COLUMNS)
                for app in apps:
                    row = export_row(app)
                    writer.writerow([row[c] for c in COLUMNS])
                fh.flush()
                os.fsync(fh.fileno())
            now = timezone.now()
            application_mark_exported(ids=[a.pk for a in apps], now=now)
            audit("export_applications", rows=len(apps), file=str(path), again=again or "")
    return ExportResult(path=path, rows=len(apps))
