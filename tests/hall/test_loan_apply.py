"""贷款申请: the conditions from the person's data, each failure said plainly, and the limit
check filled with the person's balance and months."""

from __future__ import annotations

import datetime as dt

import pytest

from gjj.applications.models import Application, State
from gjj.loans.eligibility import continuous_months
from tests.applications.makers import make_application
from tests.factories import make_account, make_loan
from tests.loans.pages import freeze_today, text

pytestmark = pytest.mark.django_db
URL = "/guide/loan-apply/"
TODAY = dt.date(2026, 1, 20)


def deposits(last: dt.date, count: int):
    """`count` monthly 汇缴 of 1,000.00 on the 5th, the last one in `last`'s month."""
    rows = []
    year, month = last.year, last.month
    for _ in range(count):
        rows.append((dt.date(year, month, 5), "01", "1000.00"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return sorted(rows)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze_today(monkeypatch, TODAY)


def test_continuous_months_count_back_from_this_or_last_month():
    assert continuous_months({(2026, 1), (2025, 12), (2025, 11)}, TODAY) == 3
    assert continuous_months({(2025, 12), (2025, 11)}, TODAY) == 2  # January's not in yet
    assert continuous_months({(2025, 11), (2025, 10)}, TODAY) == 0  # December missed
    assert continuous_months({(2026, 1), (2025, 11)}, TODAY) == 1  # a gap ends the run


def test_a_depositor_who_meets_every_condition(client_zhangsan, zhangsan):
    make_account(zhangsan, entries=deposits(dt.date(2025, 12, 5), 24))
    page = text(client_zhangsan.get(URL))
    assert "✓ 账户状态正常 （符合） ：个人账户状态：正常。" in page
    assert "连续缴存满 6 个月 （符合） ：已连续缴存 24 个月。" in page
    assert "您符合申请公积金贷款的基本条件。" in page
    html = client_zhangsan.get(URL).content.decode()
    # The limit check is filled with the balance (24,000.00), the months and the age (张三 was
    # born on 1985-03-15: 40 on 2026-01-20).
    assert 'name="ye" value="24000.00"' in html
    assert 'name="jcys" value="24"' in html
    assert 'name="nl" value="40"' in html
    assert 'action="/calc/limit/"' in html


def test_each_failing_condition_is_said_plainly(client_zhangsan, zhangsan):
    make_account(zhangsan, grzhzt="02", entries=deposits(dt.date(2025, 12, 5), 4))
    make_loan(zhangsan, jkhtbh="01201702090001")
    # In progress on the write path: the hall's 贷款申请 (business "loan") in a state in progress.
    app = make_application(zhangsan, finished=False)
    Application.objects.filter(pk=app.pk).update(business="loan", state=State.REVIEW)
    page = text(client_zhangsan.get(URL))
    assert "个人账户状态为“封存”，正常缴存的账户才能申请贷款。" in page
    assert "已连续缴存 4 个月，还差 2 个月。" in page
    assert "借款合同【01201702090001】的贷款尚未结清。" in page
    assert "您有一笔贷款申请正在办理" in page
    assert "您暂不符合申请公积金贷款的条件" in page
    assert "查看办理进度" in page


def test_a_finished_or_refused_loan_application_is_not_in_progress(client_zhangsan, zhangsan):
    make_account(zhangsan, entries=deposits(dt.date(2025, 12, 5), 24))
    for state in (State.DONE, State.REFUSED, State.WITHDRAWN):
        app = make_application(zhangsan, finished=False)
        Application.objects.filter(pk=app.pk).update(business="loan", state=state)
    assert "您符合申请公积金贷款的基本条件。" in text(client_zhangsan.get(URL))


def test_no_account(client_zhangsan):
    assert "您在本中心没有公积金账户。" in text(client_zhangsan.get(URL))


def test_a_settled_loan_and_a_finished_application_do_not_stop_a_new_one(client_zhangsan, zhangsan):
    make_account(zhangsan, entries=deposits(dt.date(2026, 1, 5), 12))
    make_loan(zhangsan, dkye="0", dkzt="03")
    make_application(zhangsan, finished=True)
    assert "您符合申请公积金贷款的基本条件。" in text(client_zhangsan.get(URL))


def test_the_minimum_months_is_the_policy(client_zhangsan, zhangsan):
    from gjj.loans.models import LoanPolicy

    LoanPolicy.objects.update(min_deposit_months=12)
    make_account(zhangsan, entries=deposits(dt.date(2025, 12, 5), 8))
    assert "连续缴存满 12 个月" in text(client_zhangsan.get(URL))


def test_query_count_is_constant(
    client_zhangsan, zhangsan, django_assert_num_queries, session_queries
):
    make_account(zhangsan, entries=deposits(dt.date(2025, 12, 5), 6))
    client_zhangsan.get(URL)
    with django_assert_num_queries(session_queries + 8) as ctx:
        client_zhangsan.get(URL)
    make_account(zhangsan, grzhzt="05", entries=deposits(dt.date(2015, 12, 5), 60))
    make_loan(zhangsan)
    make_application(zhangsan, finished=False)
    with django_assert_num_queries(len(ctx.captured_queries)):
        client_zhangsan.get(URL)
