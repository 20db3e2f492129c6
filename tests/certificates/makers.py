"""张三 with an account (deposits every month), a settled loan and an open one."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from decimal import Decimal
from html import unescape

from tests.factories import make_account, make_loan

ISSUE_DAY = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)  # 18:00 in Shanghai


def give_history(person, *, months: int = 30, tag: str = "1"):
    entries = []
    for i in range(months):
        k = 2024 * 12 + 5 + i  # from 2024-06
        entries.append((dt.date(k // 12, k % 12 + 1, 5), "01", "686.00"))
    entries.append((dt.date(2025, 3, 10), "11", "-1200.00", "07", "02"))
    entries.sort(key=lambda e: e[0])  # running balances in booking order
    account = make_account(
        person, grzh=f"3100000{tag}", entries=entries, khrq=dt.date(2024, 6, 1), jzny="202611"
    )
    settled = make_loan(
        person,
        jkhtbh=f"01201702090{tag}",
        txns=[
            dict(ywfsrq=dt.date(2017, 2, 9), dkywmxlx="01", ffje=Decimal("1000.00")),
            dict(ywfsrq=dt.date(2020, 5, 18), dkywmxlx="06", bjje=Decimal("1000.00")),
        ],
        dkye=Decimal("0.00"),
        dkzt="03",
    )
    open_loan = _repaying_loan(person, f"01202301010{tag}")
    return account, settled, open_loan


def _repaying_loan(person, jkhtbh):
    """300,000.00 over 240 months from January 2023, every installment paid to November 2026."""
    from gjj.loans import plan as engine

    start = dt.date(2023, 1, 9)
    rows = engine.build_plan(
        principal=Decimal("300000.00"),
        annual_rate=Decimal("3.10"),
        months=240,
        method="01",
        first_due=dt.date(2023, 2, 9),
    )
    paid = [r for r in rows if r.due_date <= dt.date(2026, 11, 9)]
    txns = [dict(ywfsrq=start, dkywmxlx="01", ffje=Decimal("300000.00"))] + [
        dict(ywfsrq=r.due_date, hkny=r.hkny, dkywmxlx="02", bjje=r.principal, lxje=r.interest)
        for r in paid
    ]
    return make_loan(
        person,
        jkhtbh=jkhtbh,
        htdkje=Decimal("300000.00"),
        dkqs=240,
        dkll=Decimal("3.10"),
        jkhtqdrq=dt.date(2023, 1, 5),
        disbursed=start,
        scyhny="202302",
        dkye=paid[-1].balance_after,
        txns=txns,
    )


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def page_facts(html: str) -> list[tuple[str, str]]:
    """The (dt, dd) pairs of the page, tags stripped."""
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", html, flags=re.S)
    strip = lambda s: unescape(re.sub(r"<[^>]+>", "", s)).strip()  # noqa: E731
    return [(strip(a), strip(b)) for a, b in pairs]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
