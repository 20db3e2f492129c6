"""The set-based ledger import (gjj/interchange/staged.py): lines the one-regex fast path takes
and lines it leaves to the CSV module store the same values; the checks over the whole file name
the right lines; the running balances follow (jzrq, ywlsh) whatever the file's order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gjj.fund.models import LedgerEntry
from gjj.interchange import specs
from gjj.interchange.staged import line_pattern
from tests.interchange import csvdata as C

pytestmark = pytest.mark.django_db

HEADER = "ywlsh,grzh,jzrq,gjhtqywlx,fse,fslxe,tqyy,tqfs,ywzy,czbz,sqid"


def folder_with_ledger(tmp_path, grzhye: str, text: str, newline: str = "\n"):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.write_csv(tmp_path, "accounts.csv", [C.account(grzhye=grzhye)])
    lines = text.strip("\n").split("\n")
    (tmp_path / "ledger.csv").write_bytes(newline.join(lines).encode() + newline.encode())
    return C.run_import(tmp_path)


def stored():
    return [
        (e.ywlsh, e.jzrq, e.gjhtqywlx, e.fse, e.fslxe, e.tqyy, e.tqfs, e.ywzy, e.czbz, e.balance)
        for e in LedgerEntry.objects.order_by("jzrq", "ywlsh")
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_quoted_padded_and_plain_lines_store_the_same_values(tmp_path, newline):
    # A cell over two lines keeps its line break as the CSV module reads it.
    text = f"""{HEADER}
L1,3100000001,2016-07-25,01,1151.00,0.00,,,201607汇缴,01,
"L2","3100000001","2016-08-25","01","1151","0","","","摘要, 带逗号","01",""
 L3 ,3100000001, 2016-09-25 ,01, 1151.5 ,,,,  ,,
L4,3100000001,2016-10-25,11,-3000.00,,01,01,"多行
摘要",01,SQ9
"""
    code, out = folder_with_ledger(tmp_path, "453.50", text, newline)
    assert code == 0, out
    day = dt.date
    assert stored() == [
        ("L1", day(2016, 7, 25), "01", Decimal("1151.00"), 0, "", "", "201607汇缴", "01",
         Decimal("1151.00")),
        ("L2", day(2016, 8, 25), "01", Decimal("1151.00"), 0, "", "", "摘要, 带逗号", "01",
         Decimal("2302.00")),
        ("L3", day(2016, 9, 25), "01", Decimal("1151.50"), 0, "", "", "", "01",
         Decimal("3453.50")),
        ("L4", day(2016, 10, 25), "11", Decimal("-3000.00"), 0, "01", "01",
         f"多行{newline}摘要", "01", Decimal("453.50")),
    ]  # fmt: skip
    assert LedgerEntry.objects.get(ywlsh="L4").sqid == "SQ9"
    assert C.counts(out, "ledger.csv") == (4, 4, 0, 0)


def test_a_header_without_the_optional_columns_gets_their_defaults(tmp_path):
    text = """jzrq,fse,grzh,ywlsh,gjhtqywlx
2016-07-25,1151.00,3100000001,L1,01
2016-08-25,-51.00,3100000001,L2,01
"""
    code, out = folder_with_ledger(tmp_path, "1100.00", text)
    assert code == 0, out
    entry = LedgerEntry.objects.get(ywlsh="L2")
    assert (entry.fslxe, entry.czbz, entry.tqyy, entry.ywzy, entry.balance) == (
        0,
        "01",
        "",
        "",
        Decimal("1100.00"),
    )


def test_errors_found_in_sql_name_their_lines_after_a_multi_line_record(tmp_path):
    text = f"""{HEADER}
L1,3100000001,2016-07-25,01,100.00,,,,"两行
摘要",,
L2,3100000001,2016-07-26,01,1.234,,,,,,
L1,3100000001,2016-07-27,01,100.00,,,,,,
L3,3199999999,2016-07-28,01,100.00,,,,,,
"""
    code, out = folder_with_ledger(tmp_path, "100.00", text)
    assert "文件 ledger.csv 第 4 行 fse 列：金额最多两位小数" in out
    assert "文件 ledger.csv 第 5 行 ywlsh 列：业务流水号在本文件中重复出现" in out
    assert "文件 ledger.csv 第 6 行 grzh 列：个人账户 3199999999 不存在" in out
    assert C.counts(out, "ledger.csv") == (4, 1, 0, 3)
    assert [e[0] for e in stored()] == ["L1"]


def test_entries_older_than_the_stored_ones_move_the_later_balances(tmp_path):
    first = f"""{HEADER}
L2,3100000001,2016-08-25,01,200.00,,,,,,
L3,3100000001,2016-09-25,01,300.00,,,,,,
"""
    code, out = folder_with_ledger(tmp_path, "500.00", first)
    assert code == 0, out
    later = f"""{HEADER}
L4,3100000001,2016-10-25,01,400.00,,,,,,
L1,3100000001,2016-07-25,01,100.00,,,,,,
"""
    code, out = folder_with_ledger(tmp_path, "1000.00", later)
    assert code == 0, out
    assert [(e[0], e[-1]) for e in stored()] == [
        ("L1", Decimal("100.00")),
        ("L2", Decimal("300.00")),
        ("L3", Decimal("600.00")),
        ("L4", Decimal("1000.00")),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "L1,3100000001,2016-07-25,01,1151.00,0.00,,,x,01,",
        "L1,3100000001,2016-07-25,11,-1.00,0.00,01,01,,,\r\n",
        "L1,3100000001,2016-07-25,01,123456789012.99,,,,,,\n",
    ],
)
def test_the_fast_path_takes_plain_valid_lines(line):
    assert line_pattern(list(specs.LEDGER.columns)).match(line)


@pytest.mark.parametrize(
    "line",
    [
        '"L1",3100000001,2016-07-25,01,1.00,,,,,,',  # quoted: the CSV module
        " L1,3100000001,2016-07-25,01,1.00,,,,,,",  # padded: stripped by the old path
        "L1,3100000001,2016-07-25,01,1.001,,,,,,",  # three decimals
        "L1,3100000001,2016-07-25,01,1.00,,,,,",  # a column short
        "L1,3100000001,2016-07-25,00,1.00,,,,,,",  # not a code
        "L1,3100000001,2016-7-25,01,1.00,,,,,,",  # not a date
        "L1,3100000001,2016-07-25,01,1.00,,,,a\\b,,",  # a backslash (COPY's escape)
        "L1,3100000001,2016-07-25,01,1.00,,,,a\tb,,",  # a tab (COPY's delimiter)
        "L1,3100000001,2016-07-25,01,１.00,,,,,,",  # a full-width digit
        f"L1,3100000001,2016-07-25,01,1.00,,,,{'x' * 121},,",  # too long
    ],
)
def test_the_fast_path_leaves_every_other_line_to_the_old_one(line):
    assert line_pattern(list(specs.LEDGER.columns)).match(line) is None
