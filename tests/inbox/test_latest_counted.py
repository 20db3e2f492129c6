"""The home page's unread messages and their count come from one query."""

import pytest

from gjj.inbox.selectors import UNREAD, message_latest, message_latest_counted, message_unread_count
from tests.inbox.makers import make_message, make_messages

pytestmark = pytest.mark.django_db


def test_the_latest_five_and_the_count_of_all(zhangsan, lisi, django_assert_num_queries):
    make_messages(zhangsan, 8)
    make_message(zhangsan, is_read=True)
    make_message(zhangsan, is_deleted=True)
    make_messages(lisi, 3)
    with django_assert_num_queries(1):
        rows, count = message_latest_counted(person=zhangsan, state=UNREAD)
    assert count == 8 == message_unread_count(person=zhangsan)
    assert rows == message_latest(person=zhangsan, state=UNREAD)
    assert len(rows) == 5


def test_none_at_all(zhangsan):
    assert message_latest_counted(person=zhangsan, state=UNREAD) == ([], 0)
