"""The home page's 贷款状态 comes from the plan and the repayments, not the last import."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_loan

# calendar: read the clock; .ci/run runs them again at 2028-02-29 23:59:30 China time.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]

D = dt.date


def card_state(text: str) -> list[str]:
    marker = "<dt>贷款状态</dt><dd>"
    return [part.split("</dd>", 1)[0] for part in text.split(marker)[1:]]


def home(client):
    response = client.get(reverse("hall:home"))
    assert response.status_code == 200
    return response.content.decode()


def overdue_loan(person, **extra):
    """Stored as 正常还款 (dkzt 01), but the last installment paid was 2017-03's."""
    return make_loan(
        person,
        dkzt="01",
        txns=[
            dict(ywfsrq=D(2017, 2, 9), dkywmxlx="01", ffje=Decimal("1000.00")),
            dict(
                ywfsrq=D(2017, 3, 9),
                hkny="201703",
                dkywmxlx="02",
                bjje=Decimal("1.63"),
                lxje=Decimal("2.75"),
            ),
        ],
        dkye=Decimal("998.37"),
        **extra,
    )


def current_loan(person):
    """Disbursed ten days ago: the first installment is not due yet."""
    day = timezone.localdate() - dt.timedelta(days=10)
    return make_loan(
        person,
        jkhtqdrq=day,
        disbursed=day,
        txns=[dict(ywfsrq=day, dkywmxlx="01", ffje=Decimal("1000.00"))],
    )


def test_a_loan_with_an_overdue_installment_says_overdue_on_the_home_page(
    client_zhangsan, zhangsan
):
    overdue_loan(zhangsan)
    assert card_state(home(client_zhangsan)) == ["逾期"]


def test_a_loan_paid_up_to_date_says_normal_repayment(client_zhangsan, zhangsan):
    current_loan(zhangsan)
    assert card_state(home(client_zhangsan)) == ["正常还款"]


def test_each_loan_gets_its_own_state(client_zhangsan, zhangsan):
    overdue_loan(zhangsan, jkhtqdrq=D(2017, 1, 1))
    current_loan(zhangsan)
    make_loan(zhangsan, disbursed=None, jkhtqdrq=D(2016, 1, 1))
    # newest contract first: the current one, the overdue one, the one not disbursed
    assert card_state(home(client_zhangsan)) == ["正常还款", "逾期", "未发放"]


def test_the_repay_guide_shows_the_same_state(client_zhangsan, zhangsan):
    overdue_loan(zhangsan)
    text = client_zhangsan.get(reverse("hall:repay_guide")).content.decode()
    assert '<td data-label="贷款状态">逾期</td>' in text


def count_home_queries(client, django_assert_max_num_queries) -> int:
    home(client)  # settles the session's unread count
    with django_assert_max_num_queries(100) as ctx:
        home(client)
    return len(ctx.captured_queries)


def test_home_queries_are_the_same_for_one_loan_and_three(
    client_zhangsan, zhangsan, django_assert_max_num_queries
):
    overdue_loan(zhangsan)
    one = count_home_queries(client_zhangsan, django_assert_max_num_queries)
    overdue_loan(zhangsan)
    current_loan(zhangsan)
    three = count_home_queries(client_zhangsan, django_assert_max_num_queries)
    assert one == three
    assert card_state(home(client_zhangsan)).count("逾期") == 2
