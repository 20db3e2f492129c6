"""`make bench`: the project's benchmarks, one after another, with their figures printed.

The figures, the machine and the commands are kept in docs/benchmarks.md. Heavier runs (the
100,000-person population, a 30-million-row import) are run by hand with the commands there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG = os.environ.get("GJJ_BENCH_PG", "postgres://postgres@127.0.0.1:5432/gjj_bench_pages")

STEPS = [
    ("登录口令哈希 Argon2id", [PY, "manage.py", "bench_hasher", "--rounds", "10"], {}),
    ("演示数据生成 demo_data", [PY, "bench/demo_data.py", "1000", "10000"], {}),
    ("导入 import_core (1,000,000 行)", [PY, "bench/import_ledger.py"], {}),
    ("页面 (SQLite)", [PY, "bench/pages.py", "--persons", "1000"], {}),
    ("页面 (PostgreSQL)", [PY, "bench/pages.py", "--persons", "1000"], {"GJJ_DATABASE_URL": PG}),
]


def main() -> int:
    subprocess.run(["nproc"], check=False)
    failed = 0
    for title, cmd, extra in STEPS:
        print(f"\n== {title}: {' '.join(cmd[1:])}", flush=True)
        env = {**os.environ, "GJJ_DEBUG": "1", "GJJ_LOG_LEVEL": "WARNING", **extra}
        if "GJJ_DATABASE_URL" in extra:
            _recreate_pg(extra["GJJ_DATABASE_URL"])
        failed += subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode != 0
    return 1 if failed else 0


def _recreate_pg(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=False)


if __name__ == "__main__":
    sys.exit(main())
