import pytest

from gjj.core.pagination import paginate
from gjj.inbox.models import Message
from tests.inbox.makers import make_messages

pytestmark = pytest.mark.django_db


def test_pager_counts_pages_and_rows(zhangsan):
    make_messages(zhangsan, 23)
    page = paginate(Message.objects.order_by("-tssj"), page="3", query={"tab": "x", "page": "3"})
    assert (page.number, page.num_pages, page.count, len(page.items)) == (3, 3, 23, 3)
    assert page.start_index == 21
    assert page.has_previous and not page.has_next
    assert page.previous_url == "?tab=x&page=2"
    assert [n for n, _ in page.rows()] == [21, 22, 23]


def test_an_empty_history_is_one_empty_page(zhangsan):
    page = paginate(Message.objects.all(), page="7")
    assert (page.number, page.num_pages, page.count, page.items) == (1, 1, 0, [])
    assert page.start_index == 0
