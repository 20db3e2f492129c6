"""Benchmark: import_core on a synthetic folder with a 1,000,000-row ledger.

Writes 10,000 persons and accounts with 100 ledger entries each (a chronological export: month by
month, all accounts each month), then times `manage.py import_core` on a fresh SQLite file and on
a fresh PostgreSQL database, and prints rows per second.

    .venv/bin/python bench/import_ledger.py [--accounts 10000] [--rows-per-account 100]
        [--only sqlite|postgres] [--twice] [--pg postgres://postgres@127.0.0.1:5432/gjj_bench]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gjj.interchange import specs  # noqa: E402

PYTHON = sys.executable
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(n: int) -> str:
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=n // 1000)
    first17 = f"370402{birth:%Y%m%d}{n % 1000:03d}"
    return (
        first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]
    )


def write_csv(folder: Path, spec: specs.Spec, rows) -> None:
    """One file with all the columns of its spec; a row (a dict) leaves out the empty ones."""
    with (folder / spec.name).open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(spec.columns)
        w.writerows([row.get(c, "") for c in spec.columns] for row in rows)


def write_folder(folder: Path, accounts: int, per_account: int) -> int:
    """The synthetic export; returns the number of ledger rows."""
    ids = [id_number(i) for i in range(accounts)]
    assert len(set(ids)) == accounts, "ID numbers must be unique"
    write_csv(
        folder,
        specs.PERSONS,
        (
            dict(zjlx="01", zjhm=zjhm, xingming=f"测试{i}", xingbie="2" if i % 2 == 0 else "1",
                 sjhm=f"187{i:08d}")
            for i, zjhm in enumerate(ids)
        ),
    )  # fmt: skip
    bases = [Decimal(1500 + (i * 37) % 6000) for i in range(accounts)]
    monthly = [b * Decimal("0.24") for b in bases]  # 12 % + 12 %
    balances = [Decimal("0.00")] * accounts
    start = dt.date(2015, 1, 1)

    def ledger():
        for m in range(per_account):
            day = dt.date(start.year + (start.month - 1 + m) // 12, (m % 12) + 1, 25)
            for i in range(accounts):
                row = dict(ywlsh=f"{m:04d}{i:07d}", grzh=f"31{i:08d}", jzrq=day, fslxe="0.00")
                if m % 12 == 11 and i % 3 == 0:  # a withdrawal now and then
                    fse = -(balances[i] / 4).quantize(Decimal("0.01"))
                    row.update(gjhtqywlx="11", fse=fse, tqyy="07", tqfs="02", ywzy="部分提取")
                else:
                    fse = monthly[i].quantize(Decimal("0.01"))
                    row.update(gjhtqywlx="01", fse=fse, ywzy=f"{day:%Y%m}汇缴")
                balances[i] += fse
                yield row

    write_csv(folder, specs.LEDGER, ledger())

    def account(i: int, zjhm: str) -> dict:
        half = (bases[i] * Decimal("0.12")).quantize(Decimal("0.01"))
        return dict(
            grzh=f"31{i:08d}", zjhm=zjhm, dwzh=f"10{i % 500:04d}", dwmc=f"示例单位{i % 500}",
            grzhzt="01", khrq=start, grjcjs=bases[i], dwjcbl="12", grjcbl="12", dwyjce=half,
            gryjce=half, grzhye=balances[i],
        )  # fmt: skip

    write_csv(folder, specs.ACCOUNTS, (account(i, zjhm) for i, zjhm in enumerate(ids)))
    return accounts * per_account


def run_import(folder: Path, db_url: str, *, migrate: bool = True) -> tuple[float, str]:
    env = dict(os.environ)
    env.update(
        GJJ_DATABASE_URL=db_url,
        GJJ_SECRET_KEY="bench-secret-key-not-for-production",  # noqa: S106
        GJJ_PII_KEY="bench-pii-key-not-for-production",  # noqa: S106
        GJJ_DEBUG="",
        GJJ_LOG_LEVEL="WARNING",
    )
    manage = [PYTHON, str(ROOT / "manage.py")]
    if migrate:
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    t0 = time.monotonic()
    done = subprocess.run(
        [*manage, "import_core", str(folder)], env=env, capture_output=True, text=True
    )
    seconds = time.monotonic() - t0
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:])
        raise SystemExit("import failed")
    return seconds, done.stdout


def ledger_seconds(output: str) -> float:
    m = re.search(r"^ledger\.csv\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+([\d.]+)", output, re.M)
    return float(m[1]) if m else float("nan")


def psql(admin_url: str, sql: str) -> None:
    subprocess.run(["psql", admin_url, "-q", "-c", sql], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--rows-per-account", type=int, default=100)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--twice", action="store_true", help="time a second, idempotent run")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/gjj_bench")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gjj-bench-") as tmp:
        folder = Path(tmp) / "export"
        folder.mkdir()
        t0 = time.monotonic()
        rows = write_folder(folder, args.accounts, args.rows_per_account)
        print(f"wrote {rows:,} ledger rows in {time.monotonic() - t0:.1f} s")
        targets = []
        if args.only in (None, "sqlite"):
            targets.append(("SQLite", f"sqlite:///{tmp}/bench.sqlite3", None))
        if args.only in (None, "postgres"):
            base, _, name = args.pg.rpartition("/")
            targets.append(("PostgreSQL", args.pg, (f"{base}/postgres", name)))
        for label, url, pg in targets:
            if pg:
                psql(pg[0], f"DROP DATABASE IF EXISTS {pg[1]}")
                psql(pg[0], f"CREATE DATABASE {pg[1]}")
            try:
                seconds, output = run_import(folder, url)
                if args.twice:
                    again, output2 = run_import(folder, url, migrate=False)
            finally:
                if pg:
                    psql(pg[0], f"DROP DATABASE IF EXISTS {pg[1]}")
            print(output.split("\n文件 file")[0][-800:])
            print("文件 file" + output.split("\n文件 file")[-1])
            ls = ledger_seconds(output)
            print(
                f"{label}: whole import {seconds:.1f} s; ledger {rows:,} rows in {ls:.1f} s = "
                f"{rows / ls:,.0f} rows/s (whole command: {rows / seconds:,.0f} ledger rows/s)"
            )
            if args.twice:
                print("文件 file" + output2.split("\n文件 file")[-1])
                ls2 = ledger_seconds(output2)
                print(
                    f"{label}, same folder again (0 stored): whole import {again:.1f} s; ledger "
                    f"{rows:,} rows checked in {ls2:.1f} s = {rows / ls2:,.0f} rows/s"
                )


if __name__ == "__main__":
    main()
