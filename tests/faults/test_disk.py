"""A full or read-only disk under the import's spool (the temporary folder) and under the
Excel export: a clear error, nothing partial stored. The disk is real: a tiny tmpfs mounted
for the test (root only; skipped elsewhere)."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import tempfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from gjj.core.models import AuditEvent
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.interchange.demo import generate
from gjj.loans.models import LoanContract
from gjj.people.models import Person
from tests.factories import make_loan

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

DISK_MESSAGE = "磁盘空间不足或不可写"


def _mount(path, options: str) -> bool:
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0


@pytest.fixture
def small_disk(tmp_path, monkeypatch):
    """A 64 KiB tmpfs as the temporary folder; `.remount(options)` changes it."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if not _mount(mount, "size=64k,mode=1777"):
        pytest.skip("cannot mount a tmpfs here (needs root)")

    class Disk:
        path = mount

        @staticmethod
        def remount(options: str):
            subprocess.run(["mount", "-o", f"remount,{options}", str(mount)], check=True)

        @staticmethod
        def fill():
            fd = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                while True:
                    os.write(fd, b"\0" * 4096)
            except OSError:  # ENOSPC: the disk is full now
                pass
            finally:
                os.close(fd)

    monkeypatch.setattr(tempfile, "tempdir", str(mount))
    yield Disk
    monkeypatch.setattr(tempfile, "tempdir", None)
    subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture
def folder(tmp_path):
    out = tmp_path / "export"
    generate(out, persons=300, seed=5, today=dt.date(2026, 11, 27))
    return out


def ledger_rows(folder) -> int:
    return sum(1 for _ in (folder / "ledger.csv").open(encoding="utf-8-sig")) - 1


def run_import(folder):
    call_command("import_core", str(folder), stdout=io.StringIO())


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_the_import_stops_clearly_and_stores_nothing_partial(small_disk, folder, fault):
    if fault == "read-only":
        small_disk.remount("ro")
    else:
        small_disk.fill()
    with pytest.raises(CommandError) as err:
        run_import(folder)
    assert DISK_MESSAGE in str(err.value) and "重新导入同一文件夹" in str(err.value)
    # Accounts are written only after their whole ledger was spooled and checked.
    assert FundAccount.objects.count() == 0 and LedgerEntry.objects.count() == 0
    assert LoanContract.objects.count() == 0
    persons = Person.objects.count()  # persons come first, each stored whole
    # Space again: the same folder completes the import, without duplicates.
    small_disk.remount("rw,size=64m")
    (small_disk.path / "filler").unlink(missing_ok=True)
    run_import(folder)
    assert LedgerEntry.objects.count() == ledger_rows(folder)
    assert Person.objects.count() >= persons
    run_import(folder)
    assert LedgerEntry.objects.count() == ledger_rows(folder)


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_the_excel_export_needs_no_disk(small_disk, zhangsan, fault):
    """The workbook is written in memory (XlsxWriter, loans/export.py): with the disk full or
    read-only the download still works whole, and its audit row is written."""
    make_loan(
        zhangsan,
        txns=[dict(ywfsrq=dt.date(2017, 2, 9), dkywmxlx="01", ffje=Decimal("1000.00"))],
    )
    client = Client(raise_request_exception=False)
    client.force_login(zhangsan.user)
    if fault == "read-only":
        small_disk.remount("ro")
    else:
        small_disk.fill()
    response = client.get("/info/loan/plan/export/")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.active["A1"].value == "缴存人还款计划表"
    assert AuditEvent.objects.filter(action="export").count() == 1
    small_disk.remount("rw,size=64m")
    (small_disk.path / "filler").unlink(missing_ok=True)
