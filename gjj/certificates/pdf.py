"""A4 PDF of a `Document`: reportlab with the CID font STSong-Light (no font file needed: every
PDF reader has the Adobe-GB1 fonts) and a vector QR code from segno's module matrix."""

from __future__ import annotations

import io
from functools import cache

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from gjj.certificates.documents import Document

FONT = "STSong-Light"


@cache
def _font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    return {
        "center": ParagraphStyle("center", fontName=font, fontSize=12, alignment=1, leading=16),
        "title": ParagraphStyle("title", fontName=font, fontSize=18, alignment=1, leading=26),
        "h2": ParagraphStyle("h2", fontName=font, fontSize=12, leading=18, spaceBefore=8),
        "body": ParagraphStyle("body", fontName=font, fontSize=10.5, leading=14),
        "small": ParagraphStyle("small", fontName=font, fontSize=9, leading=13),
    }


class QrCode(Flowable):
    """The QR code as filled squares (vector: sharp at any zoom and on any printer)."""

    def __init__(self, data: str, size: float):
        super().__init__()
        self.qr = segno.make(data, error="m", micro=False)
        self.size = size

    def wrap(self, avail_w, avail_h):
        return self.size, self.size

    def draw(self):
        matrix = self.qr.matrix
        quiet = 4
        count = len(matrix) + 2 * quiet
        c = self.canv
        c.saveState()
        c.setFillColor(colors.white)
        c.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        c.setFillColor(colors.black)
        # Module units from the top-left: one rectangle for each horizontal run of dark modules.
        c.translate(0, self.size)
        c.scale(self.size / count, -self.size / count)
        path = c.beginPath()
        for r, row in enumerate(matrix):
            col = 0
            while col < len(row):
                if row[col]:
                    start = col
                    while col < len(row) and row[col]:
                        col += 1
                    path.rect(start + quiet, r + quiet, col - start, 1)
                else:
                    col += 1
        c.drawPath(path, stroke=0, fill=1)
        c.restoreState()


FOLD = 3  # a two-column table of many rows prints as three pairs side by side


def _folded(table) -> tuple[list[str], list[list[str]], list[int]]:
    """A long two-column table (month, amount) folded into FOLD pairs of columns: one sheet."""
    if len(table.columns) != 2 or len(table.rows) <= 6:
        return table.columns, table.rows, table.numeric
    per = -(-len(table.rows) // FOLD)
    rows = []
    for i in range(per):
        row = []
        for k in range(FOLD):
            j = k * per + i
            row += table.rows[j] if j < len(table.rows) else ["", ""]
        rows.append(row)
    numeric = [k * 2 + c for k in range(FOLD) for c in table.numeric]
    return table.columns * FOLD, rows, numeric


def _esc(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_pdf(
    doc: Document,
    *,
    center: str,
    issued_text: str,
    valid_text: str,
    code_text: str,
    verify_url: str,
) -> bytes:
    """The PDF bytes of `doc` with the issue block (time, validity, code, QR) at its end."""
    st = _styles()
    grid = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), _font(), 10.5),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
    )
    story = [
        Paragraph(_esc(center), st["center"]),
        Spacer(1, 2 * mm),
        Paragraph(_esc(doc.title), st["title"]),
        Spacer(1, 4 * mm),
    ]
    facts = [[Paragraph(_esc(k), st["body"]), Paragraph(_esc(v), st["body"])] for k, v in doc.facts]
    if facts:
        t = Table(facts, colWidths=[45 * mm, 125 * mm])
        t.setStyle(grid)
        t.setStyle(TableStyle([("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eeeeee"))]))
        story.append(t)
    for table in doc.tables:
        story.append(Paragraph(_esc(table.heading), st["h2"]))
        if not table.rows:
            story.append(Paragraph(_esc(table.empty), st["body"]))
            continue
        columns, rows, numeric = _folded(table)
        data = [columns, *rows]
        t = Table(data, colWidths=[170 * mm / len(columns)] * len(columns))
        t.setStyle(grid)
        t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]))
        for col in numeric:
            t.setStyle(TableStyle([("ALIGN", (col, 1), (col, -1), "RIGHT")]))
        t.repeatRows = 1
        story.append(t)
    for sentence in doc.sentences:
        story.append(Spacer(1, 3 * mm))
        story.append(Paragraph(_esc(sentence), st["body"]))
    story.append(Spacer(1, 6 * mm))
    issue_lines = [
        f"开具单位：{center}",
        f"开具时间：{issued_text}",
        f"有效期：{valid_text}",
        f"验证码：{code_text}",
        f"核验：扫描右侧二维码，或访问 {verify_url.rsplit('/', 1)[0]}/ 输入验证码。",
        "核验页面显示本文件的 SHA-256 摘要，可据此判断文件是否被改动。",
    ]
    block = Table(
        [
            [
                [Paragraph(_esc(line), st["small"]) for line in issue_lines],
                QrCode(verify_url, 32 * mm),
            ]
        ],
        colWidths=[135 * mm, 35 * mm],
    )
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(block)

    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=doc.title,
        author=center,
        creator="gjj-hall",
    ).build(story)
    return out.getvalue()
