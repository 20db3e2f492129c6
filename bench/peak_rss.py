"""Run a command and print its peak resident memory (`PEAK_RSS_KIB n`, the last line of stdout).

The harness holds the ledger rows of the limits in memory; a child it spawned directly would
report the harness's own resident set as its peak (Linux records the old address space's high
water mark at exec). This small process spawns the command instead, so the figure is the
command's own.

    python bench/peak_rss.py COMMAND [ARG ...]
"""

from __future__ import annotations

import resource
import subprocess
import sys


def main() -> int:
    code = subprocess.call(sys.argv[1:])
    sys.stdout.flush()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"PEAK_RSS_KIB {peak}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
