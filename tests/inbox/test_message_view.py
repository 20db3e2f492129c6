import pytest
from django.urls import reverse

from tests.inbox.makers import make_message

pytestmark = pytest.mark.django_db


def test_the_message_page_shows_every_field_and_offers_mark_read(client_zhangsan, zhangsan):
    message = make_message(
        zhangsan,
        ywmc="汇补缴业务基数调整复核",
        xxnr="尊敬的张三缴存人，您的公积金缴存基数已由1550.39变更为1500.00",
        tsqd="柜面",
    )
    text = client_zhangsan.get(reverse("inbox:detail", args=[message.pk])).content.decode()
    assert "汇补缴业务基数调整复核" in text
    assert "尊敬的张三缴存人，您的公积金缴存基数已由1550.39变更为1500.00" in text
    assert "柜面" in text
    assert "7天前" in text
    assert "标为已阅" in text
    assert ">关闭</a>" in text


def test_a_read_message_has_no_mark_read_button(client_zhangsan, zhangsan):
    message = make_message(zhangsan, is_read=True)
    text = client_zhangsan.get(reverse("inbox:detail", args=[message.pk])).content.decode()
    assert "标为已阅" not in text


def test_the_list_carries_a_dialog_per_message_for_javascript(client_zhangsan, zhangsan):
    message = make_message(
        zhangsan, xxnr="完整的消息内容，比列表里显示的二十个字还要长一些，用来检查对话框"
    )
    text = client_zhangsan.get(reverse("inbox:list")).content.decode()
    assert f'<dialog id="msg-dialog-{message.pk}"' in text
    assert f'data-dialog="msg-dialog-{message.pk}"' in text
    assert "完整的消息内容，比列表里显示的二十个字还要长一些，用来检查对话框" in text
    assert '<form method="dialog">' in text


def test_mark_read_moves_the_message_to_read_and_says_so(client_zhangsan, zhangsan):
    message = make_message(zhangsan, ywmc="基数调整")
    response = client_zhangsan.post(
        reverse("inbox:mark_read", args=[message.pk]), {"next": reverse("inbox:list")}, follow=True
    )
    text = response.content.decode()
    assert "已标记为已阅" in text
    message.refresh_from_db()
    assert message.is_read is True and message.read_at is not None
    unread = client_zhangsan.get(reverse("inbox:list")).content.decode()
    read = client_zhangsan.get(reverse("inbox:read_list")).content.decode()
    assert "基数调整" not in unread
    assert "基数调整" in read


def test_mark_read_by_get_only_shows_the_message(client_zhangsan, zhangsan):
    message = make_message(zhangsan)
    response = client_zhangsan.get(reverse("inbox:mark_read", args=[message.pk]))
    assert response["Location"] == reverse("inbox:detail", args=[message.pk])
    message.refresh_from_db()
    assert message.is_read is False
