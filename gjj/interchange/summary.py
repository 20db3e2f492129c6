"""The per-file table printed at the end of an import."""

from __future__ import annotations

import unicodedata

from gjj.interchange import specs
from gjj.interchange.reader import FileStats, Report

COUNTS = ("read", "stored", "updated", "rejected")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cells(values: list[str]) -> str:
    widths = (26, 12, 14, 14, 16, 10)
    out = []
    for i, (value, width) in enumerate(zip(values, widths, strict=True)):
        gap = " " * max(width - _width(value), 1)
        out.append(value + gap if i == 0 else gap + value)
    return "".join(out)


def _line(name: str, stats: FileStats, seconds: float) -> str:
    return _cells([name, *(f"{getattr(stats, f):,}" for f in COUNTS), f"{seconds:.2f}"])


def summary_table(report: Report) -> str:
    lines = [
        _cells(["文件 file", "读取 read", "新增 stored", "更新 updated", "拒绝 rejected", "秒 s"])
    ]
    total = FileStats("合计 total")
    for spec in specs.ALL:
        s = report.stats[spec.name]
        lines.append(_line(s.name if s.present else f"{s.name}（无）", s, s.seconds))
        for f in COUNTS:
            setattr(total, f, getattr(total, f) + getattr(s, f))
    lines.append(_line(total.name, total, report.total_seconds))
    return "\n".join(lines)
