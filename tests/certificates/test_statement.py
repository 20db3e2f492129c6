"""年度对账单: the domain.md example (1,000.00 held all year earns 15.21), on the page and in the
PDF with the same figures; a stored figure that differs from the engine's is said so."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from gjj.certificates.models import Certificate
from tests.certificates.makers import pdf_text, squash
from tests.factories import make_account

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)


def _account(person, interest="15.21"):
    return make_account(
        person,
        grzh="31009999",
        khrq=dt.date(2025, 6, 1),
        entries=[
            (dt.date(2025, 6, 20), "01", "1000.00"),
            (dt.date(2026, 6, 30), "09", interest),
            (dt.date(2026, 8, 5), "01", "500.00"),
        ],
    )


def _figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="(\w+)">([^<]+)<', html))


def test_the_statement_shows_the_working_and_agrees(client_zhangsan, zhangsan):
    account = _account(zhangsan)
    with time_machine.travel(TODAY, tick=False):
        response = client_zhangsan.get(
            reverse("certificates:statement"), {"grzh": account.grzh, "year": 2026}
        )
    page = response.content.decode()
    assert _figures(page) == {
        "opening": "1,000.00",
        "closing": "1,015.21",
        "product": "365,000.00",
        "engine": "15.21",
        "stored": "15.21",
    }
    assert "1.5%" in page and "365天" in page
    assert "与按积数法计算的利息15.21元相符" in page
    # The year list: 2024-07 … 2025-06 (opened), 2025-07 … 2026-06, and the current year.
    assert 'value="2027"' in page and 'value="2025"' in page and 'value="2024"' not in page

    with time_machine.travel(TODAY, tick=False):
        issued = client_zhangsan.post(
            reverse("certificates:statement_issue"), {"grzh": account.grzh, "year": 2026}
        )
    cert = Certificate.objects.get()
    assert issued["Location"] == reverse("certificates:detail", args=[cert.code])
    assert cert.kind == "statement" and cert.subject == f"{account.grzh}:2026"
    text = squash(pdf_text(bytes(cert.pdf)))
    for figure in _figures(page).values():
        assert figure in text
    assert "与按积数法计算的利息15.21元相符" in text
    assert "年终结息" in text and "365,000.00元·天" in text


def test_a_stored_figure_that_differs_is_said_so(client_zhangsan, zhangsan):
    account = _account(zhangsan, interest="15.20")
    with time_machine.travel(TODAY, tick=False):
        page = client_zhangsan.get(
            reverse("certificates:statement"), {"grzh": account.grzh, "year": 2026}
        ).content.decode()
    assert "中心记账利息15.20元与按积数法计算的利息15.21元不符" in page


def test_the_current_year_is_not_settled_yet(client_zhangsan, zhangsan):
    account = _account(zhangsan)
    with time_machine.travel(TODAY, tick=False):
        page = client_zhangsan.get(
            reverse("certificates:statement"), {"grzh": account.grzh}
        ).content.decode()
    assert "2026—2027结息年度" in page and "本结息年度尚未结束" in page
    assert _figures(page)["opening"] == "1,015.21"
    assert _figures(page)["closing"] == "1,515.21"


def test_the_ledger_page_links_to_the_statement(client_zhangsan, zhangsan):
    account = _account(zhangsan)
    page = client_zhangsan.get(reverse("fund:ledger")).content.decode()
    assert f"/info/statement/?grzh={account.grzh}" in page
