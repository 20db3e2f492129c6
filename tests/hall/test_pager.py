"""The one pager (gjj.core.pagination): keyset pages over a table, list pages over a computed
list, one template."""

import pytest
from django.template.loader import render_to_string

from gjj.core.pagination import cursor_decode, keyset_page, list_page
from gjj.inbox.models import Message
from tests.inbox.makers import make_messages

pytestmark = pytest.mark.django_db
ORDER = ("-tssj", "-id")


def _walk(qs, **kwargs):
    """Every page from the first by its 下一页 cursor: the rows of each page."""
    pages, after = [], None
    while True:
        page = keyset_page(qs, order=ORDER, after=after, size=10, **kwargs)
        pages.append(page)
        if not page.next_cursor:
            return pages
        after = page.next_cursor


def test_keyset_pages_walk_the_whole_list_once_in_order_with_numbers(zhangsan):
    made = make_messages(zhangsan, 23)
    qs = Message.objects.filter(person=zhangsan)
    pages = _walk(qs, query={"tab": "x", "after": "old", "page": "3"})
    assert [len(p.rows) for p in pages] == [10, 10, 3]
    assert [(p.number, p.pages, p.total) for p in pages] == [(1, 3, 23), (2, 3, 23), (3, 3, 23)]
    seen = [m.pk for p in pages for m in p.rows]
    assert seen == [m.pk for m in sorted(made, key=lambda m: (m.tssj, m.pk), reverse=True)]
    assert [n for n, _ in pages[2].numbered] == [21, 22, 23]
    # The pager's own parameters are not kept in its links; the list's filters are.
    assert pages[1].prev_url.startswith("?tab=x&before=")
    assert pages[1].next_url.startswith("?tab=x&after=")
    assert pages[0].prev_url == "" and pages[2].next_url == ""


def test_before_cursor_goes_back_to_the_same_page(zhangsan):
    make_messages(zhangsan, 23)
    qs = Message.objects.filter(person=zhangsan)
    first, second, third = _walk(qs)
    back = keyset_page(qs, order=ORDER, before=third.prev_cursor, size=10)
    assert [m.pk for m in back.rows] == [m.pk for m in second.rows]
    assert (back.number, back.before) == (2, 10)
    again = keyset_page(qs, order=ORDER, before=back.prev_cursor, size=10)
    assert [m.pk for m in again.rows] == [m.pk for m in first.rows] and again.prev_cursor is None


def test_count_free_pages_read_one_query_and_still_know_the_next(
    zhangsan, django_assert_num_queries
):
    make_messages(zhangsan, 20)
    qs = Message.objects.filter(person=zhangsan)
    with django_assert_num_queries(1):
        first = keyset_page(qs, order=ORDER, size=10, count=False)
    assert first.total is None and first.next_cursor
    with django_assert_num_queries(1):
        second = keyset_page(qs, order=ORDER, after=first.next_cursor, size=10, count=False)
    assert len(second.rows) == 10 and second.next_cursor is None and second.prev_cursor


def test_a_capped_count_stops_counting_at_the_cap(zhangsan):
    make_messages(zhangsan, 25)
    qs = Message.objects.filter(person=zhangsan)
    page = keyset_page(qs, order=ORDER, size=10, cap=12)
    assert (page.total, page.capped, page.pages) == (12, True, 2)
    html = render_to_string("includes/pager.html", {"page": page})
    assert "共超过12条记录" in html
    last = keyset_page(qs, order=ORDER, after=page.next_cursor, size=10, cap=12)
    assert last.next_cursor  # more rows than the cap: the next link stays


def test_a_bad_cursor_shows_the_first_page(zhangsan):
    make_messages(zhangsan, 12)
    qs = Message.objects.filter(person=zhangsan)
    for bad in ("x", "2020-01-01~", "2020-13-01T00:00:00+00:00~5", "2020-01-01T00:00:00~5", "~~"):
        page = keyset_page(qs, order=ORDER, after=bad, size=10)
        assert page.number == 1 and len(page.rows) == 10, bad
    assert cursor_decode("2017-01-01~3100000021-000001")[1] == "3100000021-000001"
    assert cursor_decode("2017-01-01~a\x00b") is None


def test_an_empty_history_is_one_empty_page(zhangsan):
    page = keyset_page(Message.objects.filter(person=zhangsan), order=ORDER, size=10)
    assert (page.number, page.pages, page.total, page.rows) == (1, 1, 0, [])
    html = render_to_string("includes/pager.html", {"page": page})
    assert "共1页 每页显示 10 共0条记录 第1/1页" in html and "<a " not in html


def test_list_pages_fall_back_to_the_nearest_page():
    items = list(range(23))
    page = list_page(items, page="7", size=10, query={"jkhtbh": "01", "page": "7"})
    assert (page.number, page.pages, page.total, page.rows) == (3, 3, 23, [20, 21, 22])
    assert page.prev_url == "?jkhtbh=01&page=2" and page.next_url == ""
    assert list_page(items, page="abc", size=10).number == 1
    assert [n for n, _ in page.numbered] == [21, 22, 23]
