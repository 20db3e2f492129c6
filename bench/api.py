"""Requests per second of the app's ledger endpoint next to the ledger page, on one gunicorn.

`python bench/api.py [--persons 200] [--seconds 10] [--port 8601] [--concurrency 2]`

Generates a demo population (seed 1) into a fresh SQLite file (or uses GJJ_DATABASE_URL with
--existing), starts gunicorn (one sync worker per core) on the given port, and alternates
rounds of `--seconds` against GET /api/v1/accounts/{grzh}/ledger (a token) and
GET /info/ledger/?grzh= (a session) for the same account and the same ten years, so both see the
same machine load; prints each one's requests/s and their ratio. Loopback only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def hammer(url: str, headers: dict, seconds: float, concurrency: int) -> float:
    """Requests per second over `seconds` with `concurrency` client threads (all must be 200)."""
    deadline = time.monotonic() + seconds

    def worker() -> int:
        done = 0
        while time.monotonic() < deadline:
            request = urllib.request.Request(url, headers=headers)  # noqa: S310
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
                response.read()
                assert response.status == 200
            done += 1
        return done

    started = time.monotonic()
    with ThreadPoolExecutor(concurrency) as pool:
        total = sum(pool.map(lambda _: worker(), range(concurrency)))
    return total / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=8601)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--existing", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="gjj-bench-api-"))
    os.environ.setdefault("GJJ_DATABASE_URL", f"sqlite:///{tmp / 'hall.sqlite3'}")
    os.environ.setdefault("GJJ_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gjj.settings")
    # The limits per token and per IP are for people, not for this loop.
    roomy = "100000000"
    os.environ["GJJ_API_RATE_PER_TOKEN"] = os.environ["GJJ_API_RATE_PER_IP"] = roomy
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from gjj.api.tokens import token_pair_issue
    from gjj.interchange.demo import generate
    from gjj.interchange.demo.personas import PERSONAS
    from gjj.people.models import Person

    call_command("migrate", verbosity=0)
    if not args.existing:
        folder = tmp / "demo"
        generate(folder, persons=args.persons, seed=1, today=date(2026, 11, 27))
        call_command("import_core", str(folder), verbosity=0)
    call_command("demo_logins", verbosity=0)
    person = Person.objects.by_id_number(PERSONAS[0].zjhm).select_related("user").get()
    account = person.accounts.filter(grzhzt="01").first()
    client = Client()
    client.force_login(person.user)
    session = client.cookies["sessionid"].value
    token = token_pair_issue(user=person.user).access
    entries = account.entries.filter(jzrq__gte=date(2016, 12, 1)).count()

    base = f"http://127.0.0.1:{args.port}"
    query = "start=2016-12-01&end=2026-11-27"
    api = (
        f"{base}/api/v1/accounts/{account.grzh}/ledger?{query}",
        {"Authorization": f"Bearer {token}"},
    )
    page = (
        f"{base}/info/ledger/?grzh={account.grzh}&ksrq=2016-12-01&jsrq=2026-11-27",
        {"Cookie": f"sessionid={session}"},
    )
    workers = str(os.cpu_count() or 1)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "gjj.wsgi", "--workers", workers,
         "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning"],
        cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/v1/openapi.json", timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        for url, headers in (api, page):
            hammer(url, headers, 1, 1)  # warm up: imports, templates, connections
        results = {"api": [], "page": []}
        for _ in range(args.rounds):
            results["api"].append(hammer(*api, args.seconds, args.concurrency))
            results["page"].append(hammer(*page, args.seconds, args.concurrency))
    finally:
        server.terminate()
        server.wait(timeout=30)
    load = os.getloadavg()[0]
    print(f"{Person.objects.count():,} 人; 账户 {account.grzh}: 十年内明细 {entries} 条")
    print(f"gunicorn {workers} workers, {args.concurrency} client threads, load average {load:.1f}")
    for name, label in (
        ("api", "GET /api/v1/accounts/{grzh}/ledger (50 条/页)"),
        ("page", "GET /info/ledger/ (10 条/页)"),
    ):  # noqa: E501
        rates = ", ".join(f"{r:.1f}" for r in results[name])
        print(f"{label:<48} req/s: {rates}")
    ratios = [a / p for a, p in zip(results["api"], results["page"], strict=True)]
    print("API / page ratio per round: " + ", ".join(f"{r:.2f}" for r in ratios))


if __name__ == "__main__":
    main()
