"""A person with nothing yet sees a clear sentence wherever a table or a card would be."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import make_account, make_loan
from tests.loans.pages import text

pytestmark = pytest.mark.django_db


def test_a_new_depositor_sees_empty_states_on_the_home_page(client_zhangsan):
    page = text(client_zhangsan.get(reverse("hall:home")))
    assert "暂无消息" in page
    assert "暂无公积金账户信息" in page
    assert "您未办理住房公积金贷款。" in page
    assert "<tbody>" not in client_zhangsan.get(reverse("hall:home")).content.decode()
    assert "暂无您发起的业务" in text(client_zhangsan.get(reverse("hall:home"), {"tab": "mine"}))
    assert "暂无已阅消息" in text(client_zhangsan.get(reverse("hall:home"), {"tab": "read"}))


def test_an_account_without_rows_in_the_range_says_so(client_zhangsan, zhangsan):
    make_account(zhangsan, entries=[(dt.date(2010, 1, 5), "01", "100.00")])
    page = text(client_zhangsan.get(reverse("fund:ledger")))
    assert "查询日期内没有缴存支取记录" in page
    assert "共0条记录 第1/1页" in page
    assert "暂无账户流水" not in page


def test_no_account_at_all_says_so_on_the_information_pages(client_zhangsan):
    assert "暂无公积金账户信息" in text(client_zhangsan.get(reverse("fund:ledger")))
    assert "暂无账户信息" in text(client_zhangsan.get(reverse("fund:basic_info")))


def test_a_loan_without_rows_in_the_range_says_so(client_zhangsan, zhangsan):
    make_loan(
        zhangsan,
        dkye=Decimal("1000.00"),
        txns=[dict(ywfsrq=dt.date(2017, 2, 9), dkywmxlx="01", ffje=Decimal("1000.00"))],
    )
    empty = {"ksrq": "2016-01-01", "jsrq": "2016-12-31"}
    assert "查询日期内没有还款记录" in text(client_zhangsan.get(reverse("loans:repayments"), empty))
    assert "查询日期内没有应还款项" in text(client_zhangsan.get(reverse("loans:plan"), empty))
    assert "查询日期内没有应还款项" in text(client_zhangsan.get(reverse("loans:plan_print"), empty))
