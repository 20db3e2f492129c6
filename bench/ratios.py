"""`make bench` / `make bench-full`: the hall's speed as ratios against limits measured in the
same run, written into docs/benchmarks.md.

Each figure is measured against its limit on the same machine, interleaved, ROUNDS times, and the
median of the per-round ratios is reported, so that neighbours' load (a shared machine) moves
both sides of a ratio alike:

- pages: gunicorn in production mode (2 sync workers, PostgreSQL, Redis sessions) driven by
  `wrk -c8`; the limit is a bare view that exists only in bench.settings (login required, one
  indexed query, a tiny template);
- login: logins/s over HTTP against raw Argon2id verifications at the hall's parameters, one
  process per core;
- import: `import_core`'s ledger rows/s against `COPY` (PostgreSQL) / one `executemany` in one
  transaction (SQLite) of the same rows into a plain table and into a table with the same
  indexes; the import's peak memory (maximum resident set of the `import_core` process, taken
  by bench/peak_rss.py).

The demo population (`demo_data`, seed 1) and the databases are created here: PostgreSQL
GJJ_BENCH_PG (dropped and created again), Redis GJJ_BENCH_REDIS (flushed), port GJJ_BENCH_PORT.

    python bench/ratios.py [--full] [--persons N] [--seconds S] [--rounds R] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))
DOC = ROOT / "docs" / "benchmarks.md"
TODAY = "2026-11-27"  # the demo population's today (the pages' figures depend on it)
BARE = "/__bench__/bare/"
WORKERS = 2
CONNECTIONS = 8

# (label, goal ratio or None); the URLs are filled in for persona 测试一. A depositor's page
# of unchanged data is served from the cache (gjj/core/kept.py): the "首次访问" rows ask for the
# page with a new query string each time (`first_visit_script`), so every request renders it
# and keeps it, as a first visit or a visit after an import does.
PAGES = [
    ("主页面 /", 0.6),
    ("缴存支取信息 (10 年)", 0.7),
    ("贷款信息", None),
    ("还款明细 (全部)", None),
    ("还款计划", 0.7),
    ("还款计划 Excel", 0.5),
    ("主页面 /, 首次访问 (每次渲染)", None),
    ("缴存支取信息, 首次访问 (每次渲染)", None),
]
FIRST_VISITS = 2  # the last rows of PAGES


@dataclass
class Mode:
    name: str
    persons: int
    seconds: int
    rounds: int
    import_rounds: int = 0  # 0: as many as `rounds`


MODES = {
    "quick": Mode("quick", persons=1000, seconds=4, rounds=3),
    "full": Mode("full", persons=10000, seconds=10, rounds=3),
}


@dataclass
class Sample:
    rate: float  # requests (or rows) a second
    p50_ms: float | None = None
    errors: int = 0


@dataclass
class Row:
    label: str
    unit: str
    goal: float | None
    target: list[Sample] = field(default_factory=list)
    limit: list[Sample] = field(default_factory=list)
    limit_label: str = ""
    note: str = ""

    def ratios(self) -> list[float]:
        return [
            t.rate / lim.rate if lim.rate else float("nan")
            for t, lim in zip(self.target, self.limit, strict=True)
        ]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def bench_env(db_url: str, redis_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GJJ_")}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        GJJ_DATABASE_URL=db_url,
        GJJ_REDIS_URL=redis_url,
        GJJ_SECRET_KEY="bench-secret-key-not-for-production",  # noqa: S106
        GJJ_PII_KEY="bench-pii-key-not-for-production",  # noqa: S106
        GJJ_DEBUG="",
        GJJ_LOG_LEVEL="WARNING",
        GJJ_ALLOWED_HOSTS="127.0.0.1",
        GJJ_SSL_REDIRECT="0",
        GJJ_HSTS_SECONDS="0",
        GJJ_TESTING="0",
    )
    return env


def manage(env: dict, *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=capture, text=True
    )
    if done.returncode != 0:
        if capture:
            print(done.stdout[-3000:], done.stderr[-3000:])
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return done.stdout if capture else ""


# --- databases ----------------------------------------------------------------------------------


def pg_admin(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def psql(url: str, sql: str) -> None:
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True)


def pg_recreate(url: str, template: str | None = None) -> None:
    name = url.rsplit("/", 1)[1]
    psql(pg_admin(url), f"DROP DATABASE IF EXISTS {name}")
    psql(pg_admin(url), f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))


def pg_drop(url: str) -> None:
    psql(pg_admin(url), f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]}")


# --- import against COPY / executemany -----------------------------------------------------------

LEDGER = "fund_ledgerentry"
LEDGER_LINE = re.compile(
    r"^ledger\.csv\s+([\d,]+)\s+([\d,]+)\s+[\d,]+\s+([\d,]+)\s+([\d.]+)", re.MULTILINE
)


def run_import(env: dict, folder: Path) -> tuple[Sample, float]:
    """One `import_core` of the folder: (ledger rows/s, peak RSS in MiB)."""
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(
            [PY, str(ROOT / "bench" / "peak_rss.py"), PY, "manage.py", "import_core", str(folder)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
        proc.wait()
        out.seek(0)
        output = out.read()
    # The import's own peak (bench/peak_rss.py): a child of this process would report this
    # process's resident set, which holds the limits' rows after the first round.
    peak = re.search(r"^PEAK_RSS_KIB (\d+)$", output, re.MULTILINE)
    m = LEDGER_LINE.search(output)
    if proc.returncode != 0 or not m:
        print(output[-3000:])
        raise SystemExit("import_core failed")
    stored, rejected, seconds = int(m[2].replace(",", "")), int(m[3].replace(",", "")), float(m[4])
    if rejected:
        raise SystemExit(f"import_core rejected {rejected} ledger rows")
    return Sample(stored / seconds), int(peak[1]) / 1024 if peak else float("nan")


def pg_columns(conn) -> list[str]:
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND column_name <> 'id' ORDER BY ordinal_position",
        [LEDGER],
    ).fetchall()
    return [r[0] for r in rows]


def pg_dump_ledger(url: str, path: Path) -> int:
    import psycopg

    with psycopg.connect(url) as conn, path.open("wb") as fh:
        cols = ", ".join(pg_columns(conn))
        with conn.cursor().copy(f"COPY (SELECT {cols} FROM {LEDGER} ORDER BY id) TO STDOUT") as cp:
            for chunk in cp:
                fh.write(chunk)
        return conn.execute(f"SELECT count(*) FROM {LEDGER}").fetchone()[0]


def pg_copy_limit(url: str, path: Path, rows: int, *, indexed: bool, fk: bool = False) -> Sample:
    """COPY of the dumped ledger rows into a fresh copy of the ledger table (its indexes, or
    none; with `fk` also its foreign key to the accounts, checked as the ledger's own is: at
    the commit, which the time includes)."""
    import psycopg

    like = "INCLUDING ALL" if indexed else "INCLUDING DEFAULTS INCLUDING IDENTITY"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_ledger")
        conn.execute(f"CREATE TABLE bench_ledger (LIKE {LEDGER} {like})")
        if fk:
            conn.execute(
                "ALTER TABLE bench_ledger ADD FOREIGN KEY (account_id) "
                "REFERENCES fund_fundaccount (id) DEFERRABLE INITIALLY DEFERRED"
            )
        cols = ", ".join(pg_columns(conn))
        started = time.perf_counter()
        copy = f"COPY bench_ledger ({cols}) FROM STDIN"
        with conn.transaction(), conn.cursor().copy(copy) as cp, path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                cp.write(chunk)
        seconds = time.perf_counter() - started
        conn.execute("DROP TABLE bench_ledger")
    return Sample(rows / seconds)


def sqlite_path(url: str) -> str:
    return url.removeprefix("sqlite:///")


def sqlite_limit(db_file: str, rows: list[tuple], cols: list[str], *, indexed: bool) -> Sample:
    """One prepared executemany of the same rows in one transaction, into a fresh file with the
    hall's pragmas; the table bare or with the ledger's own DDL and indexes."""
    src = sqlite3.connect(db_file)
    ddl = [src.execute("SELECT sql FROM sqlite_master WHERE name = ?", [LEDGER]).fetchone()[0]]
    if indexed:
        ddl += [
            r[0]
            for r in src.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL",
                [LEDGER],
            )
        ]
    else:
        ddl = [f"CREATE TABLE {LEDGER} ({', '.join(cols)})"]
    src.close()
    with tempfile.TemporaryDirectory(prefix="gjj-bench-sqlite-") as tmp:
        conn = sqlite3.connect(Path(tmp) / "limit.sqlite3", isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        for sql in ddl:
            conn.execute(sql)
        insert = f"INSERT INTO {LEDGER} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
        started = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany(insert, rows)
        conn.execute("COMMIT")
        seconds = time.perf_counter() - started
        conn.close()
    return Sample(len(rows) / seconds)


def bench_import(mode: Mode, folder: Path, pg_url: str, redis_url: str, tmp: Path) -> list[Row]:
    rows: list[Row] = []
    # PostgreSQL: a migrated template, a fresh copy of it for every import.
    template = pg_url + "_tpl"
    pg_recreate(template)
    manage(bench_env(template, redis_url), "migrate", "-v0")
    sqlite_tpl = tmp / "tpl.sqlite3"
    manage(bench_env(f"sqlite:///{sqlite_tpl}", redis_url), "migrate", "-v0")

    pg = Row("导入 ledger 行, PostgreSQL", "行/秒", 0.5, limit_label="COPY, 带相同索引")
    pg_fk = Row("同上, 对带相同索引和外键的表", "行/秒", None, limit_label="COPY, 带相同索引和外键")
    pg_plain = Row("同上, 对无索引表", "行/秒", None, limit_label="COPY, 无索引")
    lite = Row("导入 ledger 行, SQLite", "行/秒", 0.5, limit_label="executemany, 带相同索引")
    lite_plain = Row("同上, 对无索引表", "行/秒", None, limit_label="executemany, 无索引")
    memory: list[float] = []
    dump = tmp / "ledger.copy"
    lite_rows: list[tuple] = []
    lite_cols: list[str] = []
    rounds = mode.import_rounds or mode.rounds
    for r in range(rounds):
        log(f"import round {r + 1}/{rounds}: PostgreSQL")
        psql(pg_admin(pg_url), f"DROP DATABASE IF EXISTS {pg_url.rsplit('/', 1)[1]}")
        pg_recreate(pg_url, template=template.rsplit("/", 1)[1])
        sample, rss = run_import(bench_env(pg_url, redis_url), folder)
        pg.target.append(sample)
        pg_plain.target.append(sample)
        pg_fk.target.append(sample)
        if r == 0:
            count = pg_dump_ledger(pg_url, dump)
        pg.limit.append(pg_copy_limit(pg_url, dump, count, indexed=True))
        pg_fk.limit.append(pg_copy_limit(pg_url, dump, count, indexed=True, fk=True))
        pg_plain.limit.append(pg_copy_limit(pg_url, dump, count, indexed=False))

        log(f"import round {r + 1}/{rounds}: SQLite")
        lite_file = tmp / "import.sqlite3"
        shutil.copy(sqlite_tpl, lite_file)
        sample, rss = run_import(bench_env(f"sqlite:///{lite_file}", redis_url), folder)
        memory.append(rss)
        lite.target.append(sample)
        lite_plain.target.append(sample)
        if r == 0:
            conn = sqlite3.connect(lite_file)
            lite_cols = [c[1] for c in conn.execute(f"PRAGMA table_info({LEDGER})") if c[1] != "id"]
            lite_rows = conn.execute(
                f"SELECT {', '.join(lite_cols)} FROM {LEDGER} ORDER BY id"
            ).fetchall()
            conn.close()
        lite.limit.append(sqlite_limit(str(lite_file), lite_rows, lite_cols, indexed=True))
        lite_plain.limit.append(sqlite_limit(str(lite_file), lite_rows, lite_cols, indexed=False))
        lite_file.unlink()
    pg_drop(template)
    lite_rate = statistics.median(s.rate for s in lite.target)
    lite.note = f"目标另含 ≥ 100,000 行/秒: {'达到' if lite_rate >= 100_000 else '未达到'}"
    rows += [pg, pg_fk, pg_plain, lite, lite_plain]
    mem = Row(
        f"导入峰值内存, SQLite, {count:,} ledger 行",
        "MiB",
        None,
        target=[Sample(m) for m in memory],
        note=f"目标 ≤ 200 MiB: {'达到' if max(memory) <= 200 else '未达到'}",
    )
    rows.append(mem)
    return rows


# --- HTTP: gunicorn and wrk ---------------------------------------------------------------------


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_BAD = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
WRK_ERR = re.compile(r"Socket errors:.*?(\d+).*?(\d+).*?(\d+).*?(\d+)")
WRK_P50 = re.compile(r"^\s+50%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)


def wrk(url: str, seconds: int, *, cookie: str = "", script: str | None = None) -> Sample:
    cmd = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = WRK_RPS.search(out)
    m = WRK_P50.search(out)
    p50 = float(m[1]) * {"us": 0.001, "ms": 1, "s": 1000}[m[2]] if m else None
    bad = WRK_BAD.search(out)
    errors = int(bad[1]) if bad else 0
    sock = WRK_ERR.search(out)
    if sock:
        errors += sum(int(x) for x in sock.groups()[2:])  # read and write errors (not timeouts)
    sample = Sample(float(rps[1]) if rps else 0.0, p50, errors)
    log(f"  /{url.split('/', 3)[-1][:50]:<50} {sample.rate:8.1f}/s p50 {p50} ms errors {errors}")
    return sample


SESSION_SNIPPET = """
import json
import django
django.setup()
from django.test import Client
from gjj.people.models import Person
from gjj.interchange.demo.personas import PERSONAS
person = Person.objects.by_id_number(PERSONAS[0].zjhm).select_related("user").get()
loan = person.loans.exclude(dkffrq=None).order_by("-dkffrq").first()
account = person.accounts.filter(grzhzt="01").first()
client = Client()
client.force_login(person.user)
print(json.dumps({
    "cookie": client.cookies["sessionid"].value,
    "zjhm": PERSONAS[0].zjhm,
    "grzh": account.grzh,
    "jkhtbh": loan.jkhtbh,
}))
"""


def page_urls(info: dict) -> list[str]:
    jkhtbh = info["jkhtbh"]
    return [
        "/",
        f"/info/ledger/?grzh={info['grzh']}&ksrq=2016-12-01&jsrq={TODAY}",
        f"/info/loan/?jkhtbh={jkhtbh}",
        f"/info/loan/repayments/?jkhtbh={jkhtbh}&ksrq=1999-01-01&jsrq={TODAY}",
        f"/info/loan/plan/?jkhtbh={jkhtbh}",
        f"/info/loan/plan/export/?jkhtbh={jkhtbh}",
        "/",
        f"/info/ledger/?grzh={info['grzh']}&ksrq=2016-12-01&jsrq={TODAY}",
    ]


def first_visit_script(tmp: Path, run: int) -> str:
    """A wrk script that adds `visit=<run>-<thread>-<n>` (new for each request of each run) to
    the URL: the view ignores it, the kept page's key (the full path) is new each time."""
    path = tmp / f"first_visit_{run}.lua"
    path.write_text(
        "local threads = 0\n"
        "function setup(thread)\n"
        "  threads = threads + 1\n"
        '  thread:set("id", threads)\n'
        "end\n"
        "local n = 0\n"
        "request = function()\n"
        "  n = n + 1\n"
        '  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"\n'
        f'  local tag = "{run}-" .. id .. "-" .. n\n'
        '  return wrk.format(nil, wrk.path .. sep .. "visit=" .. tag)\n'
        "end\n",
        encoding="utf-8",
    )
    return str(path)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, *, cookie: str = "", data: bytes | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, headers={"Cookie": cookie} if cookie else {})
    try:
        with OPENER.open(request, timeout=180) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def login_script(base: str, zjhm: str, password: str, tmp: Path) -> str:
    """A wrk script posting the login form (CSRF token from a GET, captcha PASSED)."""
    status, headers, body = fetch(base + "/login/")
    assert status == 200, status
    csrf_cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))[1]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1].decode()
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": zjhm,
            "password": password,
            "captcha_0": "bench",
            "captcha_1": "PASSED",
        }
    )
    cookie = f"csrftoken={csrf_cookie}"
    status, headers, _ = fetch(base + "/login/", cookie=cookie, data=form.encode())
    if status != 302 or headers.get("Location") != "/":
        raise SystemExit(f"login check failed: {status} {headers.get('Location')}")
    path = tmp / "login.lua"
    path.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = {json.dumps(form)}\n"
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        f'wrk.headers["Cookie"] = "{cookie}"\n',
        encoding="utf-8",
    )
    return str(path)


def _argon2_worker(seconds: float, params: tuple[int, int, int], out) -> None:
    from argon2 import PasswordHasher, Type

    time_cost, memory_cost, parallelism = params
    ph = PasswordHasher(
        time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism, type=Type.ID
    )
    encoded = ph.hash("bench password 1")
    done = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        ph.verify(encoded, "bench password 1")
        done += 1
    out.put(done)


def argon2_limit(seconds: int) -> Sample:
    """Raw Argon2id verifications a second at the hall's parameters, one process per worker."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    sys.path.insert(0, str(ROOT))
    from gjj.identity.hashers import HallArgon2PasswordHasher as H

    params = (H.time_cost, H.memory_cost, H.parallelism)
    queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=_argon2_worker, args=(seconds, params, queue))
        for _ in range(WORKERS)
    ]
    started = time.perf_counter()
    for p in procs:
        p.start()
    total = sum(queue.get() for _ in procs)
    for p in procs:
        p.join()
    sample = Sample(total / (time.perf_counter() - started))
    log(f"  Argon2id x{WORKERS} processes {sample.rate:8.1f}/s")
    return sample


def bench_http(mode: Mode, pg_url: str, redis_url: str, port: int, tmp: Path) -> list[Row]:
    env = bench_env(pg_url, redis_url)
    env["GJJ_BENCH_STATIC_ROOT"] = str(tmp / "static")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "demo_logins", capture=True)
    subprocess.run(["redis-cli", "-u", redis_url, "FLUSHDB"], check=True, capture_output=True)
    info = json.loads(
        subprocess.run(
            [PY, "-c", SESSION_SNIPPET], cwd=ROOT, env=env, capture_output=True, text=True
        ).stdout
    )
    cookie = f"sessionid={info['cookie']}"
    # The login benchmark answers the captcha with PASSED (refused unless both are set); only
    # the benchmark's own server runs so.
    env.update(GJJ_CAPTCHA_TEST_MODE="1", GJJ_ALLOW_TEST_MODE="1")
    proc = subprocess.Popen(
        [
            GUNICORN,
            "gjj.wsgi:application",
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_port(port, proc)
        for url in [BARE, *page_urls(info)]:
            status, _, body = fetch(base + url, cookie=cookie)
            if status != 200:
                raise SystemExit(f"{url}: HTTP {status}")
            wrk(base + url, 1, cookie=cookie)  # warm both workers
        rows = [Row(label, "请求/秒", goal, limit_label="bare 参照页") for label, goal in PAGES]
        login = Row("登录 (HTTP)", "次/秒", 0.85, limit_label="Argon2id 校验, 每核一进程")
        login_lua = login_script(base, info["zjhm"], "Demo-2026-gjj", tmp)

        def drain():
            """Wait until the requests wrk left queued in gunicorn's backlog are served."""
            fetch(base + BARE, cookie=cookie)

        urls = page_urls(info)
        for r in range(mode.rounds):
            log(f"pages round {r + 1}/{mode.rounds}")
            for i, (row, url) in enumerate(zip(rows, urls, strict=True)):
                row.limit.append(wrk(base + BARE, mode.seconds, cookie=cookie))
                drain()
                first = i >= len(urls) - FIRST_VISITS
                script = first_visit_script(tmp, r * 100 + i) if first else None
                row.target.append(wrk(base + url, mode.seconds, cookie=cookie, script=script))
                drain()
        for r in range(mode.rounds):
            log(f"login round {r + 1}/{mode.rounds}")
            login.limit.append(argon2_limit(mode.seconds))
            login.target.append(wrk(base + "/login/", mode.seconds, script=login_lua))
            drain()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return [*rows, login]


# --- the report ---------------------------------------------------------------------------------


def fmt_rate(rate: float) -> str:
    return f"{rate:,.0f}" if rate >= 1000 else f"{rate:,.1f}"


def table(rows: list[Row]) -> str:
    lines = [
        "| 路径 path | 测得 measured (中位数) | 极限 limit (同一次运行) | 比值 now (各轮) "
        "| 目标 goal | 达到 met |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        rate = statistics.median(s.rate for s in row.target)
        p50 = [s.p50_ms for s in row.target if s.p50_ms is not None]
        measured = f"{fmt_rate(rate)} {row.unit}" + (
            f", p50 {statistics.median(p50):.0f} ms" if p50 else ""
        )
        errors = sum(s.errors for s in row.target)
        if errors:
            measured += f" ({errors} 个错误响应)"
        if not row.limit:
            lines.append(f"| {row.label} | {measured} | — | — | — | {row.note} |")
            continue
        lim = statistics.median(s.rate for s in row.limit)
        lp50 = [s.p50_ms for s in row.limit if s.p50_ms is not None]
        limit = f"{row.limit_label}: {fmt_rate(lim)}" + (
            f", p50 {statistics.median(lp50):.0f} ms" if lp50 else ""
        )
        ratios = row.ratios()
        ratio = statistics.median(ratios)
        each = " / ".join(f"{x:.2f}" for x in ratios)
        goal = f"≥ {row.goal:.2f}×" if row.goal else "—"
        met = ("是" if ratio >= row.goal else "否") if row.goal else ""
        if row.note:
            met = f"{met}; {row.note}" if met else row.note
        lines.append(
            f"| {row.label} | {measured} | {limit} | **{ratio:.2f}×** ({each}) | {goal} | {met} |"
        )
    return "\n".join(lines)


def git_commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True).stdout
    return done.stdout.strip() + (" + uncommitted changes" if dirty.strip() else "")


def write_doc(mode: Mode, text: str) -> None:
    start, end = f"<!-- bench:{mode.name}:start -->", f"<!-- bench:{mode.name}:end -->"
    doc = DOC.read_text(encoding="utf-8")
    block = f"{start}\n{text}\n{end}"
    if start in doc:
        doc = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, doc, flags=re.S)
    else:
        title = "快速" if mode.name == "quick" else "完整"
        section = (
            f"\n## 比值 ratios: `make bench{'-full' if mode.name == 'full' else ''}` ({title})\n\n"
        )
        doc = doc.replace("\n## ", section + block + "\n\n## ", 1)
    DOC.write_text(doc, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="10,000 persons, 10 s a measurement")
    parser.add_argument("--persons", type=int)
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--import-rounds", type=int, help="default: as many as --rounds")
    parser.add_argument("--skip", choices=["import", "http"], action="append", default=[])
    parser.add_argument("--no-write", action="store_true", help="print, do not edit the doc")
    parser.add_argument("--folder", help="an existing demo_data folder of --persons (seed 1)")
    args = parser.parse_args()
    mode = MODES["full" if args.full else "quick"]
    for name in ("persons", "seconds", "rounds", "import_rounds"):
        if getattr(args, name):
            setattr(mode, name, getattr(args, name))
    pg_url = os.environ.get("GJJ_BENCH_PG", "postgres://postgres@127.0.0.1:5432/gjj_bench")
    redis_url = os.environ.get("GJJ_BENCH_REDIS", "redis://127.0.0.1:6379/15")
    port = int(os.environ.get("GJJ_BENCH_PORT", "8090"))
    if not shutil.which("wrk"):
        raise SystemExit("wrk 未安装 (apt-get install wrk)")

    load_before = os.getloadavg()
    started = time.monotonic()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="gjj-bench-") as name:
        tmp = Path(name)
        folder = Path(args.folder) if args.folder else tmp / "demo"
        if not args.folder:
            log(f"demo_data {mode.persons:,} persons")
            manage(
                bench_env("sqlite:///:memory:", redis_url),
                "demo_data",
                "--out",
                str(folder),
                "--persons",
                str(mode.persons),
                "--seed",
                "1",
                "--today",
                TODAY,
                capture=True,
            )
        if "import" not in args.skip:
            rows += bench_import(mode, folder, pg_url, redis_url, tmp)
        else:
            pg_recreate(pg_url)
            manage(bench_env(pg_url, redis_url), "migrate", "-v0")
            run_import(bench_env(pg_url, redis_url), folder)
        if "http" not in args.skip:
            rows = bench_http(mode, pg_url, redis_url, port, tmp) + rows
        pg_drop(pg_url)
    load_after = os.getloadavg()
    minutes = (time.monotonic() - started) / 60
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = re.search(r"Model name:\s+(.*)", lscpu)
    text = "\n".join(
        [
            f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {git_commit()}, "
            f"`python bench/ratios.py{' --full' if args.full else ''}` ({minutes:.0f} min): "
            f"{mode.persons:,} demo persons (seed 1), {mode.rounds} interleaved rounds of "
            f"{mode.seconds} s a page, {mode.import_rounds or mode.rounds} of the import; "
            f"gunicorn {WORKERS} sync workers, production settings, "
            f"PostgreSQL + Redis sessions, `wrk -t2 -c{CONNECTIONS}`. Machine: "
            f"{os.cpu_count()} cores ({model[1].strip() if model else '?'}), **shared with "
            f"other work: load average {load_before[0]:.1f} / {load_before[1]:.1f} / "
            f"{load_before[2]:.1f} at the start, {load_after[0]:.1f} / {load_after[1]:.1f} / "
            f"{load_after[2]:.1f} at the end** (1 / 5 / 15 min).",
            "",
            table(rows),
        ]
    )
    print(text)
    if not args.no_write:
        write_doc(mode, text)


if __name__ == "__main__":
    main()
