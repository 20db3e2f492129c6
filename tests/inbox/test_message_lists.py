import datetime as dt

import pytest
from django.urls import reverse

from tests.inbox.makers import make_message, make_messages
from tests.paging import follow, pager_href

pytestmark = pytest.mark.django_db


def test_messages_list_shows_unread_messages_newest_first_with_all_columns(
    client_zhangsan, zhangsan
):
    make_message(zhangsan, ywmc="汇补缴业务基数调整复核", tsqd="柜面", ago=dt.timedelta(days=8))
    make_message(zhangsan, ywmc="汇补缴业务补缴复核", ago=dt.timedelta(days=7))
    make_message(zhangsan, ywmc="已读的", is_read=True)
    make_message(zhangsan, ywmc="删掉的", is_deleted=True)
    text = client_zhangsan.get(reverse("inbox:list")).content.decode()
    for column in ("序号", "业务名称", "消息内容", "推送时间", "推送渠道", "操作"):
        assert f">{column}</th>" in text
    assert text.index("汇补缴业务补缴复核") < text.index("汇补缴业务基数调整复核")
    assert "7天前" in text and "8天前" in text
    assert "网厅-单位版" in text and "柜面" in text
    assert "已读的" not in text
    assert "删掉的" not in text
    assert "共1页 每页显示 10 共2条记录" in text


def test_message_content_is_shortened_to_twenty_characters_in_the_list(client_zhangsan, zhangsan):
    make_message(zhangsan, xxnr="尊敬的测试一缴存人，您的公积金缴存基数已由1500.00变更为1500.00")
    text = client_zhangsan.get(reverse("inbox:list")).content.decode()
    assert ">尊敬的测试一缴存人，您的公积金缴存基数已…<" in text


def test_read_list_shows_only_read_messages(client_zhangsan, zhangsan):
    make_message(zhangsan, ywmc="汇补缴业务封存复核", tsqd="短信", is_read=True)
    make_message(zhangsan, ywmc="未读的")
    text = client_zhangsan.get(reverse("inbox:read_list")).content.decode()
    assert "汇补缴业务封存复核" in text and "短信" in text
    assert "未读的" not in text


def test_history_pages_ten_a_page_newest_first(client_zhangsan, zhangsan):
    make_messages(zhangsan, 13)
    response = client_zhangsan.get(reverse("inbox:list"))
    first = response.content.decode()
    assert "共2页 每页显示 10 共13条记录" in first
    assert "业务01" in first and "业务10" in first and "业务11" not in first
    second = follow(client_zhangsan, reverse("inbox:list"), response).content.decode()
    assert "业务11" in second and "业务13" in second and "业务10" not in second
    assert '<td class="num" data-label="序号">11</td>' in second


@pytest.mark.parametrize("page", ["abc", "0", "-3", "99", "1e9"])
def test_a_bad_page_number_shows_a_valid_page(client_zhangsan, zhangsan, page):
    make_messages(zhangsan, 12)
    response = client_zhangsan.get(reverse("inbox:list"), {"page": page})
    assert response.status_code == 200
    assert "共2页 每页显示 10 共12条记录" in response.content.decode()


def test_empty_lists_say_so(client_zhangsan):
    assert "暂无消息" in client_zhangsan.get(reverse("inbox:list")).content.decode()
    assert "暂无已阅消息" in client_zhangsan.get(reverse("inbox:read_list")).content.decode()


@pytest.mark.parametrize("name", ["inbox:list", "inbox:read_list"])
def test_list_query_count_does_not_grow_with_the_history(
    client_zhangsan, zhangsan, django_assert_num_queries, session_queries, name
):
    make_messages(zhangsan, 3)
    make_messages(zhangsan, 3, is_read=True)
    client_zhangsan.get(reverse(name))  # warm the session
    with django_assert_num_queries(4 + session_queries):
        client_zhangsan.get(reverse(name))
    make_messages(zhangsan, 40)
    make_messages(zhangsan, 40, is_read=True)
    first = client_zhangsan.get(reverse(name))
    second = follow(client_zhangsan, reverse(name), first)
    with django_assert_num_queries(4 + session_queries):
        client_zhangsan.get(reverse(name) + pager_href(second, "下一页"))
