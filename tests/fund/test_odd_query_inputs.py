"""Odd query strings on every information page: a clear message or a 404, never a 500."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from gjj.core.forms import years_before
from gjj.core.pagination import cursor_decode
from tests.factories import make_account, make_loan

DATE_PAGES = [
    "fund:ledger",
    "loans:repayments",
    "loans:plan",
    "loans:plan_export",
    "loans:plan_print",
]
PAGES = ["fund:basic_info", "loans:progress", "loans:info", *DATE_PAGES]


@pytest.fixture
def data(zhangsan):
    make_account(zhangsan, grzh="3100000021", entries=[(dt.date(2017, 1, 24), "01", "1382.00")])
    make_loan(zhangsan, jkhtbh="01201702090019", dkye=Decimal("900.00"))


@pytest.mark.parametrize("name", DATE_PAGES)
@pytest.mark.parametrize(
    "params, message",
    [
        ({"ksrq": "2026-02-30", "jsrq": "2026-03-01"}, "开始日期：请输入有效的日期"),
        ({"ksrq": "2017-01-01", "jsrq": "2016-02-30"}, "结束日期：请输入有效的日期"),
        ({"ksrq": "2017-01-01", "jsrq": "2016-01-01"}, "开始日期不能晚于结束日期"),
        ({"ksrq": "garbage<script>", "jsrq": "2017-01-01"}, "开始日期：请输入有效的日期"),
        ({"ksrq": "x" * 5000}, "开始日期：请输入有效的日期"),
        ({"ksrq": "\x00"}, "开始日期：请输入有效的日期"),
    ],
)
def test_bad_dates_get_a_message_on_every_page(client_zhangsan, data, name, params, message):
    response = client_zhangsan.get(reverse(name), params)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "garbage<script>" not in body  # typed text comes back escaped
    assert response["Content-Type"].startswith("text/html")  # the export sends no file


@pytest.mark.parametrize("name", DATE_PAGES)
@pytest.mark.parametrize(
    "params",
    [
        {"ksrq": "0001-01-01", "jsrq": "0001-01-05"},  # ten years before year 1 does not exist
        {"ksrq": "9999-12-31", "jsrq": "9999-12-31"},
        {"after": "2017-01-01~\x00"},  # PostgreSQL refuses a NUL byte: the cursor is ignored
        {"before": "2017-01-01~\x00"},
        {"after": "0001-01-01~"},
        {"after": "9999-12-31~" + "z" * 500},
        {"page": "99999999999999999999999"},
        {"page": "-5"},
    ],
)
def test_extreme_dates_cursors_and_pages_are_answered(client_zhangsan, data, name, params):
    assert client_zhangsan.get(reverse(name), params).status_code == 200


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("params", [{"grzh": "\x00"}, {"jkhtbh": "\x00"}, {"jkhtbh": "9" * 3000}])
def test_odd_account_or_contract_numbers_are_a_404_or_ignored(client_zhangsan, data, name, params):
    assert client_zhangsan.get(reverse(name), params).status_code in (200, 404)


def test_years_before_the_first_year_stops_at_the_first_day():
    assert years_before(dt.date(5, 3, 1), 10) == dt.date.min
    assert years_before(dt.date(2024, 2, 29), 1) == dt.date(2023, 2, 28)


@pytest.mark.parametrize("cursor", ["2017-01-01~\x00", "2017-01-01~" + "9" * 41, "2017-02-30~1"])
def test_a_cursor_that_is_no_serial_number_is_ignored(cursor):
    assert cursor_decode(cursor) is None
    assert cursor_decode("2017-01-01~3100000021-000001") == (
        dt.date(2017, 1, 1),
        "3100000021-000001",
    )
