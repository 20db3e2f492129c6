"""`make load`: the hall under locust, served by gunicorn on PostgreSQL + Redis on this machine.

Prepares (once) a database with the 10,000-person demo population and depositor logins, starts
gunicorn with the load-test profile (gjj.settings_load: production settings, captcha test mode,
local only), runs locust headless, prints users, requests per second, p50/p95/p99 per page,
errors and the workers' CPU, and exits non-zero on any error.

    python bench/load/run.py --users 50 --time 2m          # the short run (CI)
    python bench/load/run.py --users 200 --time 10m        # the full run (docs/benchmarks.md)

Environment: LOAD_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/gjj_load),
LOAD_REDIS_URL (default redis://127.0.0.1:6379/7), LOAD_PORT (default 8090).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "load"
BIN = Path(sys.executable).parent
PASSWORD = "Load-test-2026!"  # noqa: S105 - the load database's own throwaway password
TODAY = dt.date(2026, 11, 27)  # the demo population's "today" (fixed: same data every run)


def env_for(args) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GJJ_")}
    env.update(
        DJANGO_SETTINGS_MODULE="gjj.settings_load",
        GJJ_DATABASE_URL=args.database,
        GJJ_REDIS_URL=args.redis,
        GJJ_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, *argv, check=True, capture=False):
    return subprocess.run(
        [sys.executable, "manage.py", *argv],
        cwd=ROOT,
        env=env,
        check=check,
        text=True,
        capture_output=capture,
    )


def psql(sql: str, db: str = "postgres") -> str:
    result = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-tAqc", sql],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip()


PREPARED_SQL = "SELECT count(*) FROM identity_person"


def prepare(args, env) -> None:
    """The database with the population (kept between runs) and a file of logins."""
    name = args.database.rsplit("/", 1)[1]
    have = (
        psql(PREPARED_SQL, name)
        if psql(f"SELECT 1 FROM pg_database WHERE datname='{name}'")  # noqa: S608
        else ""
    )
    marker = VAR / f"{name}.prepared"
    if not (marker.exists() and have and int(have) >= args.persons):
        print(f"== 准备压测数据库 {name}（{args.persons:,} 人）", flush=True)
        psql(f"DROP DATABASE IF EXISTS {name}")
        psql(f"CREATE DATABASE {name}")
        manage(env, "migrate", "--noinput", "-v", "0")
        demo = VAR / f"demo-{args.persons}"
        if not (demo / "persons.csv").exists():
            manage(
                env,
                "demo_data",
                "--out",
                str(demo),
                "--persons",
                str(args.persons),
                "--seed",
                "1",
                "--today",
                TODAY.isoformat(),
            )
        manage(env, "import_core", str(demo), "-v", "0")
        marker.write_text(TODAY.isoformat())
    else:
        manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    code = (
        "import django; django.setup();"
        "from bench.load.logins import write_logins;"
        f"write_logins({str(VAR / 'logins.csv')!r}, {args.logins}, {PASSWORD!r})"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 - our own server
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout} s")


def report(prefix: Path, seconds: float, users: int, cpu: dict) -> int:
    rows = list(csv.DictReader((prefix.parent / f"{prefix.name}_stats.csv").open(encoding="utf-8")))
    lines = [
        f"users {users}; {seconds:.0f} s; workers' CPU: "
        + ", ".join(f"{pid} {pct:.0f} %" for pid, pct in cpu.items())
        + f" (sum {sum(cpu.values()):.0f} % of one core)",
        "",
        "| page | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    failures = 0
    for row in rows:
        name = "**all**" if row["Name"] == "Aggregated" else row["Name"]
        failures += int(row["Failure Count"]) if row["Name"] == "Aggregated" else 0
        lines.append(
            f"| {name} | {int(row['Request Count']):,} | {row['Failure Count']} "
            f"| {float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} "
            f"| {float(row['Max Response Time']):.0f} |"
        )
    logins = next((r for r in rows if r["Name"].startswith("登录 POST")), None)
    if logins:
        lines.append("")
        lines.append(f"logins/s: {int(logins['Request Count']) / seconds:.2f}")
    text = "\n".join(lines)
    print(text)
    (prefix.parent / f"{prefix.name}_summary.md").write_text(text + "\n", encoding="utf-8")
    failures_file = prefix.parent / f"{prefix.name}_failures.csv"
    if failures and failures_file.exists():
        print(failures_file.read_text(encoding="utf-8"))
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--time", default="2m")
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--logins", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument(
        "--database",
        default=os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gjj_load"),
    )
    parser.add_argument(
        "--redis", default=os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/7")
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", "8090")))
    args = parser.parse_args()
    VAR.mkdir(parents=True, exist_ok=True)
    env = env_for(args)
    prepare(args, env)
    subprocess.run(["redis-cli", "-u", args.redis, "FLUSHDB"], capture_output=True, check=False)

    url = f"http://127.0.0.1:{args.port}"
    gunicorn = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "gjj.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(url + "/login/")
        workers = children(gunicorn.pid)
        before = {pid: cpu_seconds(pid) for pid in workers}
        started = time.time()
        prefix = VAR / f"run-{args.users}u"
        locust = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench/load/locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                args.time,
                "--host",
                url,
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={**env, "LOAD_LOGINS": str(VAR / "logins.csv"), "LOAD_TODAY": TODAY.isoformat()},
            check=False,
        )
        seconds = time.time() - started
        cpu = {
            pid: 100 * (cpu_seconds(pid) - before[pid]) / seconds
            for pid in workers
            if Path(f"/proc/{pid}").exists()
        }
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
    failures = report(prefix, seconds, args.users, cpu)
    if failures or locust.returncode:
        print(f"压测失败：{failures} 个错误（locust exit {locust.returncode}）", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
