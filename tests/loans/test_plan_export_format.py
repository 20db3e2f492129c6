"""The plan workbook's layout and formats, and a 30-year plan in one file of bounded memory."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

from openpyxl import load_workbook

from gjj.loans import plan as engine
from gjj.loans.export import HEADERS, plan_workbook_bytes
from gjj.loans.selectors import PlanRow

CONTRACT = SimpleNamespace(jkhtbh="=01201702090019")
THIRTY_YEARS = (dt.date(2017, 1, 1), dt.date(2046, 12, 31))


def plan_rows(months: int) -> list[PlanRow]:
    plan = engine.build_plan(
        principal=Decimal("800000.00"),
        annual_rate=Decimal("3.10"),
        months=months,
        method=engine.EQUAL_INSTALLMENT,
        first_due=(2017, 3),
        repay_day=9,
    )
    return [PlanRow(xh=i + 1, row=r, overdue=i < 2) for i, r in enumerate(plan)]


def test_the_layout_and_formats():
    ws = load_workbook(
        BytesIO(plan_workbook_bytes(contract=CONTRACT, date_range=THIRTY_YEARS, rows=plan_rows(3)))
    ).active
    assert ws.title == "还款计划"
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:G1"]
    assert ws["A1"].font.b and ws["A1"].font.sz == 14
    assert ws["A1"].alignment.horizontal == "center"
    # Text that holds a formula character stays text.
    assert ws["A2"].value == "借款合同编号：=01201702090019"
    assert ws["A2"].data_type == "s"
    assert ws["D2"].value == "查询日期：2017-01-01 至 2046-12-31"
    assert [c.value for c in ws[3]] == list(HEADERS)
    assert all(c.font.b for c in ws[3])
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert [r[6] for r in rows] == ["逾期", "逾期", None]
    assert all(isinstance(r[1], str) and isinstance(r[2], str) for r in rows)
    assert all(c.number_format == "#,##0.00" for row in ws.iter_rows(min_row=4) for c in row[3:6])
    widths = {
        col: round(dim.width)
        for dim in ws.column_dimensions.values()
        if dim.width
        for col in range(dim.min, dim.max + 1)
    }
    # 8, 12 and 14 characters (the stored width adds the cell padding).
    assert widths == {1: 9, 2: 13, 3: 15, 4: 15, 5: 15, 6: 15, 7: 9}


def test_a_thirty_year_plan_fits_in_one_small_file():
    rows = plan_rows(360)
    tracemalloc.start()
    body = plan_workbook_bytes(contract=CONTRACT, date_range=THIRTY_YEARS, rows=rows)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ws = load_workbook(BytesIO(body)).active
    data = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert len(data) == 360 and data[-1][0] == 360
    assert sum(Decimal(str(r[3])) for r in data) == Decimal("800000.00")
    assert len(body) < 64 * 1024
    assert peak < 4 * 2**20  # the cells of 360 rows, not a document model
