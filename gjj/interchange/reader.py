"""Streaming reader of one interchange CSV file: header checks, line numbers as a person counts
them (header = line 1), and the error report shared by the whole import.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from gjj.interchange.specs import Spec

MAX_SHOWN_ERRORS = 200


@dataclass
class FileStats:
    name: str
    read: int = 0
    stored: int = 0
    updated: int = 0
    rejected: int = 0
    seconds: float = 0.0
    present: bool = False


@dataclass
class Report:
    """Collects errors (all to the errors file, the first 200 to the console) and counts."""

    out: TextIO
    errors_file: TextIO | None = None
    error_count: int = 0
    total_seconds: float = 0.0
    stats: dict[str, FileStats] = field(default_factory=dict)
    # Each error also as (file, line, column, reason) when a caller wants them as data.
    entries: list[tuple[str, int | None, str | None, str]] | None = None

    def file(self, name: str) -> FileStats:
        if name not in self.stats:
            self.stats[name] = FileStats(name)
        return self.stats[name]

    def error(self, name: str, line: int | None, column: str | None, reason: str) -> None:
        where = f"文件 {name}"
        if line is not None:
            where += f" 第 {line} 行"
        if column:
            where += f" {column} 列"
        text = f"{where}：{reason}"
        self.error_count += 1
        if self.entries is not None:
            self.entries.append((name, line, column, reason))
        if self.error_count <= MAX_SHOWN_ERRORS:
            self.out.write(text + "\n")
        if self.errors_file is not None:
            self.errors_file.write(text + "\n")


class Progress:
    """A line every `every` rows with the rate, for large files."""

    def __init__(self, report: Report, name: str, label: str = "已读取", every: int = 100_000):
        self.report, self.name, self.label, self.every = report, name, label, every
        self.count = 0
        self.started = time.monotonic()

    def tick(self, n: int = 1) -> None:
        before = self.count // self.every
        self.count += n
        if self.count // self.every > before:
            elapsed = max(time.monotonic() - self.started, 1e-9)
            self.report.out.write(
                f"{self.name}：{self.label} {self.count:,} 行，{self.count / elapsed:,.0f} 行/秒\n"
            )
            self.report.out.flush()


def _codec(encoding: str) -> str:
    enc = encoding.strip().lower().replace("_", "-")
    if enc in {"utf-8", "utf8", "utf-8-sig"}:
        return "utf-8-sig"  # accepts an optional BOM
    if enc in {"gbk", "gb2312", "cp936", "gb18030"}:
        return "gb18030"  # a superset of GBK: decodes every GBK export the same way
    return encoding


def read_rows(
    folder: Path, spec: Spec, encoding: str, report: Report
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, {column: stripped cell}) for each data row; report bad rows.

    Columns absent from the header read as empty cells. A header error rejects the whole file.
    """
    path = folder / spec.name
    stats = report.file(spec.name)
    if not path.exists():
        return
    stats.present = True
    codec = _codec(encoding)
    with path.open("r", encoding=codec, newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
        except UnicodeDecodeError:
            report.error(spec.name, 1, None, _decode_reason(encoding))
            return
        if header is None:
            return
        names = [h.strip().lstrip("\ufeff").strip().lower() for h in header]
        if not _header_ok(spec, names, report):
            stats.rejected += _count_rest(reader)
            stats.read += stats.rejected
            return
        width = len(names)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError:
                report.error(spec.name, reader.line_num + 1, None, _decode_reason(encoding))
                return
            except csv.Error as exc:
                report.error(spec.name, reader.line_num, None, f"CSV 格式错误（{exc}）")
                return
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # blank line
            line = reader.line_num
            stats.read += 1
            if len(cells) != width:
                report.error(spec.name, line, None, f"该行有 {len(cells)} 列，而表头有 {width} 列")
                stats.rejected += 1
                continue
            if "\x00" in "".join(cells):  # PostgreSQL cannot store it in a text column
                report.error(spec.name, line, None, "该行含有空字符（NUL，\\x00），请检查导出文件")
                stats.rejected += 1
                continue
            yield line, {n: c.strip() for n, c in zip(names, cells, strict=True)}


def _decode_reason(encoding: str) -> str:
    if _codec(encoding) == "utf-8-sig":
        return "无法按 UTF-8 解码（若文件是 GBK 编码导出的，请加 --encoding gbk 重新导入）"
    return f"无法按 {encoding} 解码，请确认文件编码"


def _header_ok(spec: Spec, names: list[str], report: Report) -> bool:
    ok = True
    seen: set[str] = set()
    for name in names:
        if name in seen:
            report.error(spec.name, 1, name, "列名重复")
            ok = False
        seen.add(name)
        if name not in spec.columns:
            allowed = "、".join(sorted(spec.columns))
            shown = name or "（空列名）"
            report.error(spec.name, 1, shown, f"未知的列（本文件可用的列：{allowed}）")
            ok = False
    for name in spec.required:
        if name not in seen:
            report.error(spec.name, 1, name, "缺少必需的列")
            ok = False
    if not ok:
        report.error(spec.name, 1, None, "表头有误，整个文件未导入")
    return ok


def _count_rest(reader) -> int:
    count = 0
    try:
        for cells in reader:
            if cells and any(c.strip() for c in cells):
                count += 1
    except (UnicodeDecodeError, csv.Error):
        pass
    return count


def record_rows(
    spec: Spec, records: list[dict[str, str]], report: Report
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows given as data (the service API's batches) instead of a file: record i is line i + 1.

    The file's header rules apply to each record: an unknown column rejects it.
    """
    stats = report.file(spec.name)
    stats.present = stats.present or bool(records)
    for index, record in enumerate(records):
        line = index + 1
        stats.read += 1
        unknown = sorted(set(record) - set(spec.columns))
        if unknown:
            allowed = "、".join(sorted(spec.columns))
            for name in unknown:
                report.error(spec.name, line, name, f"未知的列（本文件可用的列：{allowed}）")
            stats.rejected += 1
            continue
        values = {n: (record.get(n) or "").strip() for n in spec.columns}
        if "\x00" in "".join(values.values()):
            report.error(spec.name, line, None, "该行含有空字符（NUL，\\x00）")
            stats.rejected += 1
            continue
        yield line, values
