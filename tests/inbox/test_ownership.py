"""Every URL that takes a message id answers 404 for another person's message, GET and POST."""

import pytest
from django.urls import reverse

from tests.inbox.makers import make_message

pytestmark = pytest.mark.django_db

URLS = ["inbox:detail", "inbox:delete", "inbox:mark_read"]


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_persons_message_is_not_found(client_lisi, zhangsan, name, method):
    message = make_message(zhangsan)
    response = getattr(client_lisi, method)(reverse(name, args=[message.pk]))
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.is_deleted is False and message.is_read is False


@pytest.mark.parametrize("name", URLS)
def test_the_owner_reaches_the_same_urls(client_zhangsan, zhangsan, name):
    message = make_message(zhangsan)
    assert client_zhangsan.get(reverse(name, args=[message.pk])).status_code in (200, 302)


def test_lists_never_show_another_persons_messages(client_lisi, zhangsan, lisi):
    make_message(zhangsan, ywmc="张三的消息")
    make_message(zhangsan, ywmc="张三的已阅", is_read=True)
    make_message(lisi, ywmc="李四的消息")
    unread = client_lisi.get(reverse("inbox:list")).content.decode()
    read = client_lisi.get(reverse("inbox:read_list")).content.decode()
    assert "李四的消息" in unread
    assert "张三的" not in unread and "张三的" not in read


@pytest.mark.parametrize("name", ["inbox:list", "inbox:read_list"])
def test_anonymous_visitors_are_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:login"))


@pytest.mark.parametrize("name", ["inbox:list", "inbox:read_list"])
def test_a_staff_login_without_a_person_is_turned_away_without_an_error(client, staff, name):
    client.force_login(staff)
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert "此账号没有缴存人信息" in response.content.decode()


def test_a_staff_login_can_not_touch_a_message_by_id(client, staff, zhangsan):
    client.force_login(staff)
    message = make_message(zhangsan)
    response = client.post(reverse("inbox:delete", args=[message.pk]))
    assert response.status_code in (302, 403)
    message.refresh_from_db()
    assert message.is_deleted is False
