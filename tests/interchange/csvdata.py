"""Small writers of interchange folders for the import tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import make_id_number

ZHANG_ID = make_id_number("19850315", seq=301)
WANG_ID = make_id_number("19900101", seq=302)
ZHANG_PHONE = "18712349858"


def write_csv(
    folder: Path,
    name: str,
    rows: list[dict],
    *,
    columns: list[str] | None = None,
    encoding: str = "utf-8",
    bom: bool = False,
) -> Path:
    """Write rows (dicts) with the header `columns` (default: the first row's keys)."""
    columns = columns or list(rows[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    data = buffer.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path = folder / name
    path.write_bytes(data)
    return path


def person(**kw) -> dict:
    row = dict(zjlx="01", zjhm=ZHANG_ID, xingming="张三", xingbie="1", sjhm=ZHANG_PHONE, jtzz="")
    row.update(kw)
    return row


def account(**kw) -> dict:
    row = dict(
        grzh="3100000001",
        zjhm=ZHANG_ID,
        dwzh="100010",
        dwmc="枣庄市测试单位",
        grzhzt="01",
        khrq="2016-07-01",
        grjcjs="1808.00",
        dwjcbl="10",
        grjcbl="10",
        dwyjce="180.80",
        gryjce="180.80",
        jzny="201612",
        grzhye="1151.00",
        grckzhhm="",
        grckzhkhyhmc="",
    )
    row.update(kw)
    return row


def entry(ywlsh: str, fse: str, jzrq: str = "2016-07-25", **kw) -> dict:
    row = dict(
        ywlsh=ywlsh,
        grzh="3100000001",
        jzrq=jzrq,
        gjhtqywlx="01",
        fse=fse,
        fslxe="0.00",
        tqyy="",
        tqfs="",
        ywzy="",
        czbz="01",
    )
    row.update(kw)
    return row


def loan(**kw) -> dict:
    row = dict(
        jkhtbh="01201702090011",
        dkzh="201702000011",
        zjhm=ZHANG_ID,
        htdkje="1000.00",
        dkqs="360",
        dkll="3.30",
        dkhkfs="01",
        swtyhmc="工行薛城支行",
        jkhtqdrq="2017-02-09",
        dkffrq="2017-02-09",
        ydhkr="9",
        scyhny="",
        dkye="998.37",
    )
    row.update(kw)
    return row


def txn(ywlsh: str, kind: str = "02", **kw) -> dict:
    row = dict(
        ywlsh=ywlsh,
        jkhtbh="01201702090011",
        ywfsrq="2017-03-09",
        hkny="201703",
        dkywmxlx=kind,
        ffje="0.00",
        bjje="0.00",
        lxje="0.00",
        fxje="0.00",
        tqhkfs="",
    )
    row.update(kw)
    return row


def message(**kw) -> dict:
    row = dict(
        xxid="M1",
        zjhm=ZHANG_ID,
        ywmc="汇补缴业务补缴复核",
        xxnr="尊敬的张三，您的201908至201908补缴的公积金已到账。",
        tsqd="网厅-单位版",
        tssj="2019-09-14 16:45:00",
    )
    row.update(kw)
    return row


def application(**kw) -> dict:
    row = dict(
        sqid="SQ1",
        zjhm=ZHANG_ID,
        ywlx="个人贷款业务",
        ywxx="借款人贷款审批",
        jkhtbh="01201702090011",
        fqsj="2017-02-09 09:30:00",
        wcsj="2017-02-09 09:44:58",
    )
    row.update(kw)
    return row


def step(xh: int, jdmc: str, **kw) -> dict:
    row = dict(sqid="SQ1", xh=str(xh), jdmc=jdmc, blr="测试16", spyj="同意", blsj="")
    row.update(kw)
    return row


def full_folder(folder: Path) -> Path:
    """One consistent folder: 张三 with an account (3 entries), a disbursed loan with two
    transactions, a message and a loan application with its nodes."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder, "persons.csv", [person()])
    write_csv(folder, "accounts.csv", [account(grzhye="2302.00")])
    write_csv(
        folder,
        "ledger.csv",
        [
            entry("L1", "1151.00", "2016-07-25"),
            entry("L2", "1151.00", "2016-08-26"),
            entry("L3", "0.00", "2016-09-01", gjhtqywlx="10"),
        ],
    )
    write_csv(folder, "loans.csv", [loan()])
    write_csv(
        folder,
        "loan_txns.csv",
        [
            txn("D1", "01", ffje="1000.00", ywfsrq="2017-02-09", hkny=""),
            txn("D2", "02", bjje="1.63", lxje="2.75", ywfsrq="2017-03-09", hkny="201703"),
        ],
    )
    write_csv(folder, "messages.csv", [message()])
    write_csv(folder, "applications.csv", [application()])
    write_csv(
        folder,
        "application_steps.csv",
        [
            step(1, "任务发起人", blr="张三", spyj="", blsj="2017-02-09 09:30:00"),
            step(2, "贷款受理初审", blsj="2017-02-09 09:35:12"),
        ],
    )
    return folder


def run_import(folder: Path, *args: str) -> tuple[int, str]:
    """(exit code, console output) of `manage.py import_core folder ...`."""
    out = io.StringIO()
    try:
        call_command("import_core", str(folder), *args, stdout=out)
    except CommandError as exc:
        return 1, out.getvalue() + str(exc)
    return 0, out.getvalue()


def counts(output: str, name: str) -> tuple[int, int, int, int]:
    """(read, stored, updated, rejected) of one file from the summary table."""
    for line in output.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "（"):
            numbers = [int(x.replace(",", "")) for x in line.split()[1:5]]
            return tuple(numbers)  # type: ignore[return-value]
    raise AssertionError(f"{name} not in summary:\n{output}")
