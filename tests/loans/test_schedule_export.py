"""【数据下载】 of the repayment plan: an .xlsx equal to the page's rows, audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gjj.core.models import AuditEvent
from gjj.loans.export import safe_text
from tests.factories import make_loan
from tests.loans.pages import freeze_today, table_rows

# calendar: reads the clock; .ci/run runs it again at 2028-02-29 23:59:30 China time.
pytestmark = pytest.mark.calendar

EXPORT = reverse("loans:plan_export")
PLAN = reverse("loans:plan")
RANGE = {"ksrq": "2017-01-01", "jsrq": "2017-12-31"}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze_today(monkeypatch, dt.date(2017, 3, 20))


@pytest.fixture
def loan(zhangsan):
    """The manual's §3.6 contract number; 101,400.00 · 3.25 % · 180 months, one period paid."""
    return make_loan(
        zhangsan,
        jkhtbh="01201702090019",
        htdkje=Decimal("101400.00"),
        dkqs=180,
        dkll=Decimal("3.25"),
        dkye=Decimal("100947.37"),
        txns=[
            dict(ywfsrq=dt.date(2017, 2, 9), dkywmxlx="01", ffje=Decimal("101400.00")),
            dict(
                ywfsrq=dt.date(2017, 3, 9),
                hkny="201703",
                dkywmxlx="02",
                bjje=Decimal("452.63"),
                lxje=Decimal("274.63"),
            ),
        ],
    )


def test_the_workbook_equals_the_pages_rows(client_zhangsan, loan):
    page_rows = table_rows(client_zhangsan.get(PLAN, RANGE).content.decode())
    response = client_zhangsan.get(EXPORT, RANGE)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    ws = load_workbook(BytesIO(response.content)).active
    assert ws["A1"].value == "缴存人还款计划表"
    assert ws["A2"].value == "借款合同编号：01201702090019"
    assert [c.value for c in ws[3]] == [
        "序号",
        "应还年月",
        "应还日期",
        "应还本金",
        "应还利息",
        "应还本息",
        "状态",
    ]
    data = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert len(data) == len(page_rows) == 9
    for cells, shown in zip(data, page_rows, strict=True):
        assert [str(cells[0]), cells[1], cells[2]] == shown[:3]
        assert [f"{Decimal(str(v)):,.2f}" for v in cells[3:6]] == shown[3:]
        assert cells[6] is None
    first = list(ws.iter_rows(min_row=4, max_row=4))[0]
    assert all(c.number_format == "#,##0.00" for c in first[3:6])
    assert all(isinstance(c.value, (int, float)) for c in first[3:6])
    assert data[0][1:3] == ["201704", "2017-04-09"]


def test_the_file_name_carries_the_contract_and_the_date(client_zhangsan, loan):
    response = client_zhangsan.get(EXPORT, RANGE)
    name = f"还款计划_01201702090019_{timezone.localdate():%Y%m%d}.xlsx"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert f"filename*=UTF-8''{quote(name)}" in disposition
    assert 'filename="plan_01201702090019_' in disposition


def test_the_export_is_audited(client_zhangsan, zhangsan, loan):
    client_zhangsan.get(EXPORT, RANGE)
    event = AuditEvent.objects.get(action="export")
    assert event.person == zhangsan and event.outcome == "ok"
    assert event.detail["jkhtbh"] == "01201702090019" and event.detail["rows"] == 9


def test_bad_dates_export_nothing_and_say_why(client_zhangsan, loan):
    response = client_zhangsan.get(EXPORT, {"ksrq": "2017-12-31", "jsrq": "2017-01-01"})
    assert response["Content-Type"].startswith("text/html")
    assert "开始日期不能晚于结束日期，请重新选择查询日期。" in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_settled_contract_exports_nothing(client_zhangsan, zhangsan):
    make_loan(zhangsan, jkhtbh="01201702090011", dkye=Decimal("0.00"), dkzt="03")
    response = client_zhangsan.get(EXPORT, {"jkhtbh": "01201702090011"})
    assert "此合同【01201702090011】的贷款已结清" in response.content.decode()


def test_another_persons_contract_is_a_404(client_lisi, loan):
    assert client_lisi.get(EXPORT, {"jkhtbh": loan.jkhtbh}).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("201704", "201704"),
        ("借款合同编号：01", "借款合同编号：01"),
    ],
)
def test_text_that_looks_like_a_formula_is_escaped(value, expected):
    assert safe_text(value) == expected
