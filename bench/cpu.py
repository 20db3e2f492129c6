"""Queries and CPU time a request, for the pages of issue 15 and the login: a measure that a
busy shared machine does not spoil the way it spoils throughput.

Each request goes through the whole Django stack in this process (the test client: every
middleware, the context processors, the templates), logged in as persona 测试一 of a demo
population already imported into the database the environment names (`bench/ratios.py`'s
`bench_env`, or `make demo`'s), with `manage.py demo_logins` run and the static files
collected (`collectstatic`, into `GJJ_BENCH_STATIC_ROOT`: production static storage). For
each path it prints the queries of one warm request and the CPU time of this process a
request (`time.process_time`, the least of `--rounds` rounds of `--requests` requests: the
round the neighbours disturbed least), and that time against the bare view's in the same
run. The database server's own time is not in it, its round trips' Python side is. CPU time
still moves with the neighbours (caches, frequency), so each line also gives the Python
function calls a request makes (counted by cProfile): a figure the load does not move.
`--profile PATH` prints a cProfile of that path instead. A page of the core's data is kept
between requests (gjj/core/kept.py), so the repeated request measures the kept page;
`--first-visit` adds a new query string to each request, so every one renders and keeps it.

    GJJ_DATABASE_URL=postgres://…/gjj_perf GJJ_REDIS_URL=redis://…/15 \\
        .venv/bin/python bench/cpu.py --requests 50

The login is measured with the captcha in test mode (as `bench/ratios.py` posts it); its
line shows the CPU of the Argon2id verification alone beside it, and the difference.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULTS = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "GJJ_SECRET_KEY": "bench-secret-key-not-for-production",
    "GJJ_PII_KEY": "bench-pii-key-not-for-production",
    "GJJ_DEBUG": "",
    "GJJ_LOG_LEVEL": "WARNING",
    "GJJ_ALLOWED_HOSTS": "testserver",
    "GJJ_SSL_REDIRECT": "0",
    "GJJ_HSTS_SECONDS": "0",
    "GJJ_TESTING": "0",
    "GJJ_ALLOW_TEST_MODE": "1",
    "GJJ_CAPTCHA_TEST_MODE": "1",
}
TODAY = "2026-11-27"  # the demo population's today, as in bench/ratios.py


def setup():
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()


def persona():
    from gjj.interchange.demo.personas import PERSONAS
    from gjj.people.models import Person

    person = Person.objects.by_id_number(PERSONAS[0].zjhm).select_related("user").get()
    loan = person.loans.exclude(dkffrq=None).order_by("-dkffrq").first()
    account = person.accounts.filter(grzhzt="01").first()
    return person, account, loan


def paths(account, loan) -> list[tuple[str, str]]:
    return [
        ("bare", "/__bench__/bare/"),
        ("home", "/"),
        ("ledger", f"/info/ledger/?grzh={account.grzh}&ksrq=2016-12-01&jsrq={TODAY}"),
        ("loan", f"/info/loan/?jkhtbh={loan.jkhtbh}"),
        ("plan", f"/info/loan/plan/?jkhtbh={loan.jkhtbh}"),
        ("excel", f"/info/loan/plan/export/?jkhtbh={loan.jkhtbh}"),
    ]


def queries_of(call) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return [q["sql"] for q in captured.captured_queries]


def cpu_ms(call, requests: int, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(requests):
            call()
        samples.append((time.process_time() - start) * 1000 / requests)
    return min(samples)


def calls_per_request(call, requests: int) -> float:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        call()
    profiler.disable()
    return pstats.Stats(profiler).total_calls / requests


def page_call(client, url, *, first_visit: bool = False):
    """A GET of `url`; with `first_visit`, a new query string each time, so a kept page
    (gjj/core/kept.py) is rendered and kept on every request, as on a first visit."""
    visits = itertools.count()
    run = secrets.token_hex(4)  # the cache outlives this process: a new tag each run

    def call():
        asked = url
        if first_visit:
            asked += ("&" if "?" in url else "?") + f"visit={run}-{next(visits)}"
        response = client.get(asked)
        assert response.status_code == 200, (asked, response.status_code)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)

    return call


def login_call(client, zjhm: str, password: str):
    def call():
        client.cookies.clear()
        response = client.post(
            "/login/",
            {"username": zjhm, "password": password, "captcha_0": "bench", "captcha_1": "PASSED"},
        )
        assert response.status_code == 302 and response["Location"] == "/", response.status_code

    return call


def argon2_call(password: str):
    from django.contrib.auth.hashers import check_password, make_password

    encoded = make_password(password)

    def call():
        assert check_password(password, encoded)

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="path names (bare home ledger … login)")
    parser.add_argument("--profile", help="a path name to profile with cProfile")
    parser.add_argument("--show-queries", action="store_true")
    parser.add_argument(
        "--first-visit",
        action="store_true",
        help="a new query string each request: kept pages rendered every time",
    )
    args = parser.parse_args()
    setup()
    from django.test import Client

    from gjj.interchange.management.commands.demo_logins import DEFAULT_PASSWORD as DEMO_PASSWORD

    person, account, loan = persona()
    client = Client()
    client.force_login(person.user)
    calls = [
        (name, page_call(client, url, first_visit=args.first_visit and name != "bare"))
        for name, url in paths(account, loan)
    ]
    calls.append(("login", login_call(Client(), person.zjhm, DEMO_PASSWORD)))
    calls.append(("argon2", argon2_call(DEMO_PASSWORD)))
    if args.only:
        calls = [(n, c) for n, c in calls if n in args.only]
    bare_ms = 0.0
    for name, call in calls:
        for _ in range(3):
            call()  # warm: caches, the summary, compiled templates
        if args.profile == name:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.requests):
                call()
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(
                int(os.environ.get("GJJ_PROFILE_LINES", "45"))
            )
            continue
        sqls = queries_of(call)
        ms = cpu_ms(call, args.requests, args.rounds)
        count = calls_per_request(call, args.requests)
        ratio = f"  {bare_ms / ms:5.2f}x of bare" if bare_ms else ""
        print(
            f"{name:8} {len(sqls):3d} queries {count:8,.0f} calls {ms:7.2f} CPU ms/request{ratio}",
            flush=True,
        )
        if name == "bare":
            bare_ms = ms
        if args.show_queries:
            for sql in sqls:
                print("    ", sql[:160])


if __name__ == "__main__":
    main()
