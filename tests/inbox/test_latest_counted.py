"""The home page's unread messages, their count and the read messages come from one query."""

import pytest

from gjj.inbox.selectors import (
    READ,
    UNREAD,
    message_latest,
    message_latest_both,
    message_unread_count,
)
from tests.inbox.makers import make_message, make_messages

pytestmark = pytest.mark.django_db


def test_the_latest_five_of_each_state_and_the_unread_count(
    zhangsan, lisi, django_assert_num_queries
):
    make_messages(zhangsan, 8)
    make_messages(zhangsan, 7, is_read=True)
    make_message(zhangsan, is_deleted=True)
    make_message(zhangsan, is_read=True, is_deleted=True)
    make_messages(lisi, 3)
    make_messages(lisi, 2, is_read=True)
    with django_assert_num_queries(1):
        unread, count, read = message_latest_both(person=zhangsan)
    assert count == 8 == message_unread_count(person=zhangsan)
    assert unread == message_latest(person=zhangsan, state=UNREAD)
    assert read == message_latest(person=zhangsan, state=READ)
    assert len(unread) == len(read) == 5
    assert all(m.person_id == zhangsan.pk and not m.is_deleted for m in unread + read)


def test_fewer_than_five_and_none_unread(zhangsan):
    make_messages(zhangsan, 2, is_read=True)
    unread, count, read = message_latest_both(person=zhangsan)
    assert (unread, count) == ([], 0)
    assert read == message_latest(person=zhangsan, state=READ)
    assert len(read) == 2


def test_none_at_all(zhangsan):
    assert message_latest_both(person=zhangsan) == ([], 0, [])
