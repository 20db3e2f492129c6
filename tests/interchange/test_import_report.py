"""What the import prints: progress on large files and the summary table."""

from __future__ import annotations

import io

import pytest

from gjj.interchange.importer import summary_table
from gjj.interchange.reader import Progress, Report
from tests.interchange import csvdata as C


def test_progress_prints_a_line_every_n_rows_with_the_rate():
    report = Report(out=io.StringIO())
    progress = Progress(report, "ledger.csv", every=100_000)
    for _ in range(250_000):
        progress.tick()
    lines = report.out.getvalue().splitlines()
    assert [line.split("，")[0] for line in lines] == [
        "ledger.csv：已读取 100,000 行",
        "ledger.csv：已读取 200,000 行",
    ]
    assert all(line.endswith("行/秒") for line in lines)


def test_the_summary_lists_every_file_and_a_total():
    report = Report(out=io.StringIO())
    stats = report.file("ledger.csv")
    stats.present, stats.read, stats.stored, stats.rejected = True, 1_200_000, 1_199_990, 10
    for name in ("persons.csv", "accounts.csv", "loans.csv", "loan_txns.csv", "messages.csv"):
        report.file(name)
    for name in ("applications.csv", "application_steps.csv"):
        report.file(name)
    table = summary_table(report)
    assert table.splitlines()[0].split() == [
        "文件", "file", "读取", "read", "新增", "stored", "更新", "updated", "拒绝", "rejected",
        "秒", "s",
    ]  # fmt: skip
    assert "ledger.csv" in table and "1,199,990" in table
    assert "persons.csv（无）" in table
    total = table.splitlines()[-1].split()
    assert total[:6] == ["合计", "total", "1,200,000", "1,199,990", "0", "10"]


@pytest.mark.django_db
def test_a_folder_that_does_not_exist_is_a_clear_error(tmp_path):
    code, out = C.run_import(tmp_path / "nowhere")
    assert code == 1
    assert "找不到文件夹" in out
