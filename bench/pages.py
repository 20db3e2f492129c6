"""Benchmark of the depositor's pages on a realistic population: `python bench/pages.py`.

Generates a demo population (default 1,000 persons, seed 1), imports it into a fresh database
(SQLite file under /tmp by default, or GJJ_DATABASE_URL) — or, with --existing, uses the
already-loaded database GJJ_DATABASE_URL points at — logs persona 测试一 in and times each
page in-process with Django's test client (no network, no browser): median and p90 milliseconds
over N requests, and the number of SQL queries per request.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument(
        "--existing", action="store_true", help="time an already-imported GJJ_DATABASE_URL"
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="gjj-bench-pages-"))
    os.environ.setdefault("GJJ_DATABASE_URL", f"sqlite:///{tmp / 'hall.sqlite3'}")
    os.environ.setdefault("GJJ_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gjj.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gjj.interchange.demo import generate
    from gjj.interchange.demo.personas import PERSONAS
    from gjj.people.models import Person

    call_command("migrate", verbosity=0)
    if not args.existing:
        folder = tmp / "demo"
        generate(folder, persons=args.persons, seed=1, today=date(2026, 11, 27))
        call_command("import_core", str(folder), verbosity=0)  # exits non-zero on any rejection
    call_command("demo_logins", verbosity=0)

    person = Person.objects.by_id_number(PERSONAS[0].zjhm).select_related("user").get()
    loan = person.loans.exclude(dkffrq=None).order_by("-dkffrq").first()
    account = person.accounts.filter(grzhzt="01").first()
    client = Client()
    client.force_login(person.user)
    pages = [
        ("主页面 /", "/"),
        ("消息 /messages/", "/messages/"),
        ("我发起的 /applications/", "/applications/"),
        ("个人基本信息", "/info/basic/"),
        (
            "缴存支取信息 (10 年)",
            f"/info/ledger/?grzh={account.grzh}&ksrq=2016-12-01&jsrq=2026-11-27",
        ),
        ("贷款信息", f"/info/loan/?jkhtbh={loan.jkhtbh}"),
        ("还款明细 (全部)", f"/info/loan/repayments/?jkhtbh={loan.jkhtbh}&ksrq=1999-01-01"),
        ("还款计划", f"/info/loan/plan/?jkhtbh={loan.jkhtbh}"),
        ("还款计划 Excel", f"/info/loan/plan/export/?jkhtbh={loan.jkhtbh}"),
    ]
    persons = Person.objects.count()
    print(f"数据库 {connection.vendor}; {persons:,} 人; 每页 {args.requests} 次请求")
    print(f"{'页面':<28}{'中位数 ms':>10}{'p90 ms':>10}{'查询数':>8}")
    for label, url in pages:
        client.get(url)  # warm caches and templates
        times = []
        for _ in range(args.requests):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        times.sort()
        p90 = times[int(len(times) * 0.9) - 1]
        print(f"{label:<28}{statistics.median(times):>10.1f}{p90:>10.1f}{len(ctx):>8}")


if __name__ == "__main__":
    main()
