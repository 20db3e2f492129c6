"""Benchmark of the demo population writer: `python bench/demo_data.py [PERSONS ...]`.

Writes each population to a temporary folder and prints rows per file, seconds, rows/s and
the folder size. Default: 1,000 and 10,000 persons (100,000 takes minutes; pass it explicitly).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gjj.settings")
os.environ.setdefault("GJJ_DEBUG", "1")

from gjj.interchange.demo import generate  # noqa: E402


def run(persons: int) -> None:
    with tempfile.TemporaryDirectory(prefix="demo-bench-") as tmp:
        started = time.monotonic()
        counts = generate(Path(tmp), persons=persons, seed=1, today=date(2026, 11, 27))
        seconds = time.monotonic() - started
        size = sum(f.stat().st_size for f in Path(tmp).iterdir())
    total = sum(counts.values())
    print(
        f"demo_data {persons:,} 人: {seconds:.1f} s, {total:,} 行, {total / seconds:,.0f} 行/秒, "
        f"{size / 2**20:,.1f} MiB"
    )
    for name, rows in counts.items():
        print(f"  {name:<24}{rows:>12,}")


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["1000", "10000"]:
        run(int(arg))
