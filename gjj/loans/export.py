"""【数据下载】 of the repayment plan: an .xlsx workbook (openpyxl)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AMOUNT_FORMAT = "#,##0.00"
TITLE = "缴存人还款计划表"
HEADERS = ("序号", "应还年月", "应还日期", "应还本金", "应还利息", "应还本息", "状态")
OVERDUE_LABEL = "逾期"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Text a spreadsheet must not read as a formula: a leading = + - @ gets an apostrophe."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def plan_workbook(*, contract, date_range: tuple[dt.date, dt.date], rows) -> Workbook:
    start, end = date_range
    return schedule_workbook(
        title=TITLE,
        info=(
            f"借款合同编号：{contract.jkhtbh}",
            None,
            None,
            f"查询日期：{start:%Y-%m-%d} 至 {end:%Y-%m-%d}",
        ),
        rows=rows,
    )


def schedule_workbook(*, title: str, info, rows) -> Workbook:
    """A plan as a sheet: the title, one line of `info` cells, the headers and the rows
    (items with .xh, .row: an engine Installment, and .overdue)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "还款计划"
    ws.append([safe_text(title)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([None if cell is None else safe_text(cell) for cell in info])
    ws.append(list(HEADERS))
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for item in rows:
        r = item.row
        ws.append(
            [
                item.xh,
                safe_text(r.hkny),
                safe_text(f"{r.due_date:%Y-%m-%d}"),
                r.principal,
                r.interest,
                r.total,
                OVERDUE_LABEL if item.overdue else "",
            ]
        )
        for cell in ws[ws.max_row][3:6]:
            cell.number_format = AMOUNT_FORMAT
    for letter, width in zip("ABCDEFG", (8, 12, 14, 14, 14, 14, 8), strict=True):
        ws.column_dimensions[letter].width = width
    return wb


def content_disposition(filename: str, fallback: str) -> str:
    """An attachment header with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987)."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in fallback
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def plan_workbook_response(*, contract, date_range, rows, today: dt.date) -> HttpResponse:
    stem = f"{contract.jkhtbh}_{today:%Y%m%d}.xlsx"
    return workbook_response(
        plan_workbook(contract=contract, date_range=date_range, rows=rows),
        filename=f"还款计划_{stem}",
        fallback=f"plan_{stem}",
    )


def workbook_response(wb: Workbook, *, filename: str, fallback: str) -> HttpResponse:
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(filename, fallback)
    response["Cache-Control"] = "no-store"
    return response
