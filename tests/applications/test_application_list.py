import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.applications.makers import START, make_application
from tests.paging import follow

# calendar: read the clock; .ci/run runs them again at 2028-02-29 23:59:30 China time.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


def test_list_shows_type_info_done_and_elapsed_time_like_the_manual(client_zhangsan, zhangsan):
    make_application(zhangsan, took=dt.timedelta(minutes=1, seconds=10))
    make_application(
        zhangsan,
        ywlx="提取业务",
        ywxx="缴存人购买住房提取审批",
        fqsj=START + dt.timedelta(days=1),
        took=dt.timedelta(hours=1, minutes=7, seconds=32),
    )
    text = client_zhangsan.get(reverse("applications:list")).content.decode()
    for column in ("序号", "业务类型", "业务信息", "是否完成", "流程耗时", "操作"):
        assert f">{column}</th>" in text
    assert "1分10秒" in text
    assert "1小时7分32秒" in text
    assert text.index("缴存人购买住房提取审批") < text.index("借款人贷款审批")  # newest first
    assert "共1页 每页显示 10 共2条记录" in text


def test_an_application_in_progress_says_so_and_counts_time_to_now(client_zhangsan, zhangsan):
    make_application(
        zhangsan, fqsj=timezone.now() - dt.timedelta(hours=3, minutes=2), finished=False
    )
    text = client_zhangsan.get(reverse("applications:list")).content.decode()
    assert ">否</span>" in text
    assert "办理中（已耗时3小时2分" in text


def test_list_pages_ten_a_page(client_zhangsan, zhangsan):
    for i in range(12):
        make_application(zhangsan, ywxx=f"审批{i:02d}", fqsj=START + dt.timedelta(hours=i))
    response = client_zhangsan.get(reverse("applications:list"))
    first = response.content.decode()
    assert "共2页 每页显示 10 共12条记录" in first
    assert "审批11" in first and "审批02" in first and "审批01" not in first
    second = follow(client_zhangsan, reverse("applications:list"), response).content.decode()
    assert "审批01" in second and "审批00" in second


def test_empty_list_says_so(client_zhangsan):
    assert "暂无您发起的业务" in client_zhangsan.get(reverse("applications:list")).content.decode()


def test_list_query_count_does_not_grow(
    client_zhangsan, zhangsan, django_assert_num_queries, session_queries
):
    make_application(zhangsan)
    client_zhangsan.get(reverse("applications:list"))
    with django_assert_num_queries(4 + session_queries):
        client_zhangsan.get(reverse("applications:list"))
    for i in range(25):
        make_application(zhangsan, fqsj=START + dt.timedelta(hours=i))
    first = client_zhangsan.get(reverse("applications:list"))
    with django_assert_num_queries(4 + session_queries):
        follow(client_zhangsan, reverse("applications:list"), first)
