import datetime as dt

import pytest
from django.urls import reverse

# calendar: read the clock; .ci/run runs them again at 2028-02-29 23:59:30 China time.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


def test_withdraw_guide_lists_materials_per_reason(client_zhangsan):
    text = client_zhangsan.get(reverse("hall:withdraw_guide")).content.decode()
    assert "我要提取" in text and "主页面" in text
    for reason in ("购买住房", "离休、退休", "偿还购房贷款本息", "租赁住房", "物业管理费"):
        assert reason in text
    assert "销户提取" in text and "部分提取" in text
    assert "本人居民身份证原件" in text


def test_repay_guide_explains_the_ways_and_lists_the_persons_loans(client_zhangsan, zhangsan):
    from tests.factories import make_loan

    make_loan(zhangsan, dkzh="201505000000")
    text = client_zhangsan.get(reverse("hall:repay_guide")).content.decode()
    assert "按月还款" in text and "提前还款" in text and "公积金提取还款" in text
    assert "201505000000" in text and "1,000.00" in text


def test_loan_apply_guide_shows_the_nodes_and_current_rates(client_zhangsan):
    text = client_zhangsan.get(reverse("hall:loan_apply_guide")).content.decode()
    nodes = ["申请受理", "初审", "复审", "终审", "签订合同", "抵押登记", "放款"]
    positions = [text.index(f'flow__name">{n}<') for n in nodes]
    assert positions == sorted(positions)
    assert "2.1%" in text and "2.6%" in text and "3.075%" in text  # the 2025-05-08 row


@pytest.mark.parametrize(
    "name", ["hall:withdraw_guide", "hall:repay_guide", "hall:loan_apply_guide"]
)
def test_guides_need_a_login(client, name):
    assert client.get(reverse(name))["Location"].startswith(reverse("identity:login"))


def test_loan_apply_guide_ignores_a_rate_staff_dated_in_the_future(client_zhangsan):
    from gjj.loans.models import LoanRate

    LoanRate.objects.create(
        effective=dt.date.today() + dt.timedelta(days=30),
        first_le5="1.90",
        first_gt5="2.40",
        second_le5="2.30",
        second_gt5="2.80",
    )
    html = client_zhangsan.get(reverse("hall:loan_apply_guide")).content.decode()
    assert "2025年5月8日起" in html
    assert "1.9%" not in html and "2.4%" not in html
