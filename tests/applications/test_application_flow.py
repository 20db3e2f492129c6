import datetime as dt

import pytest
from django.urls import reverse

from gjj.applications.selectors import CURRENT, DONE, NOT_REACHED, application_flow
from tests.applications.makers import make_application

pytestmark = pytest.mark.django_db


def test_a_finished_application_shows_every_node_done_with_its_table(client_zhangsan, zhangsan):
    app = make_application(zhangsan)
    text = client_zhangsan.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "借款人贷款审批" in text
    for column in ("序号", "节点名称", "办理人", "审批意见", "办理时间"):
        assert f">{column}</th>" in text
    assert text.count("flow__node--done") == 4
    assert "贷款受理终审" in text and "测试16" in text and "同意" in text
    # 14:04:14 UTC is 22:04:14 in Asia/Shanghai.
    assert "2017-02-27 22:04:14" in text
    assert "1分11秒" in text


def test_an_open_application_shows_done_current_and_not_reached_nodes_in_words(
    client_zhangsan, zhangsan
):
    app = make_application(zhangsan, finished=False, done_nodes=2)
    assert [n.state for n in application_flow(app)] == [DONE, DONE, CURRENT, NOT_REACHED]
    text = client_zhangsan.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert text.count('flow__state">已完成<') == 2
    assert text.count('flow__state">当前<') == 1
    assert text.count('flow__state">未到达<') == 1
    assert 'aria-current="step"' in text
    assert "否（办理中）" in text


def test_the_flow_page_costs_a_fixed_number_of_queries(
    client_zhangsan, zhangsan, django_assert_num_queries, session_queries
):
    app = make_application(zhangsan, nodes=[f"节点{i}" for i in range(12)])
    client_zhangsan.get(reverse("applications:list"))
    with django_assert_num_queries(3 + session_queries):
        client_zhangsan.get(reverse("applications:detail", args=[app.pk]))


def test_elapsed_time_of_a_long_application_counts_days(client_zhangsan, zhangsan):
    make_application(zhangsan, took=dt.timedelta(days=2, hours=3, seconds=5))
    text = client_zhangsan.get(reverse("applications:list")).content.decode()
    assert "2天3小时0分5秒" in text
