import pytest
from django.urls import reverse

from gjj.core.models import AuditEvent
from gjj.inbox.models import Message
from tests.inbox.makers import make_message

pytestmark = pytest.mark.django_db


def test_delete_without_javascript_first_asks_for_confirmation(client_zhangsan, zhangsan):
    message = make_message(zhangsan, ywmc="汇补缴业务补缴复核")
    response = client_zhangsan.get(reverse("inbox:delete", args=[message.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "确定要删除这条消息吗？" in text
    assert ">是</button>" in text and ">否</a>" in text
    message.refresh_from_db()
    assert message.is_deleted is False


def test_delete_hides_the_message_and_says_so(client_zhangsan, zhangsan):
    message = make_message(zhangsan, ywmc="要删除的消息")
    kept = make_message(zhangsan, ywmc="留下的消息")
    response = client_zhangsan.post(reverse("inbox:delete", args=[message.pk]), follow=True)
    text = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("inbox:list")
    assert "消息已删除" in text
    assert "要删除的消息" not in text
    assert "留下的消息" in text
    message.refresh_from_db()
    assert message.is_deleted is True and message.deleted_at is not None
    assert Message.objects.filter(pk=message.pk).exists()  # kept for audit
    kept.refresh_from_db()
    assert kept.is_deleted is False
    assert AuditEvent.objects.filter(action="message_delete", person=zhangsan).count() == 1


def test_delete_of_a_read_message_returns_to_the_read_list(client_zhangsan, zhangsan):
    message = make_message(zhangsan, is_read=True)
    response = client_zhangsan.post(reverse("inbox:delete", args=[message.pk]))
    assert response["Location"] == reverse("inbox:read_list")


def test_delete_returns_to_the_page_it_came_from_but_never_off_site(client_zhangsan, zhangsan):
    one = make_message(zhangsan)
    two = make_message(zhangsan)
    back = client_zhangsan.post(reverse("inbox:delete", args=[one.pk]), {"next": "/?tab=read"})
    assert back["Location"] == "/?tab=read"
    evil = client_zhangsan.post(
        reverse("inbox:delete", args=[two.pk]), {"next": "https://evil.example/"}
    )
    assert evil["Location"] == reverse("inbox:list")


def test_a_deleted_message_can_not_be_opened_or_deleted_again(client_zhangsan, zhangsan):
    message = make_message(zhangsan, is_deleted=True)
    assert client_zhangsan.get(reverse("inbox:detail", args=[message.pk])).status_code == 404
    assert client_zhangsan.post(reverse("inbox:delete", args=[message.pk])).status_code == 404


def test_delete_needs_csrf(zhangsan):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(zhangsan.user)
    message = make_message(zhangsan)
    assert client.post(reverse("inbox:delete", args=[message.pk])).status_code == 403
    message.refresh_from_db()
    assert message.is_deleted is False
