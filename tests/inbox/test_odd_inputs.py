"""Odd ids, page numbers and `next` targets on the task pages: a 404 or a safe answer, never a
500 and never a redirect off the site."""

import pytest
from django.urls import reverse

from tests.applications.makers import make_application
from tests.inbox.makers import make_message

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"  # wider than any integer column


@pytest.mark.parametrize(
    "url",
    [f"/messages/{HUGE}/", f"/messages/{HUGE}/delete/", f"/messages/{HUGE}/mark-read/"]
    + [f"/applications/{HUGE}/", "/messages/9223372036854775808/"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_id_too_large_for_the_database_is_a_404(client_zhangsan, zhangsan, url, method):
    assert getattr(client_zhangsan, method)(url).status_code == 404


@pytest.mark.parametrize(
    "target",
    ["\x00", "javascript:alert(1)", "//evil.example/", "https://evil.example/", "x" * 3000],
)
def test_odd_next_targets_never_lead_off_site(client_zhangsan, zhangsan, target):
    for name in ("inbox:delete", "inbox:mark_read"):
        message = make_message(zhangsan)
        response = client_zhangsan.post(reverse(name, args=[message.pk]), {"next": target})
        assert response.status_code == 302
        assert response["Location"] in (reverse("inbox:list"), reverse("inbox:read_list"))
    shown = client_zhangsan.get(reverse("inbox:detail", args=[message.pk]), {"next": target})
    assert f'<a class="btn" href="{reverse("inbox:read_list")}">关闭</a>' in shown.content.decode()


@pytest.mark.parametrize(
    "query", [{"page": "\x00"}, {"page": HUGE}, {"page": "1e3"}, {"tab": "\x00"}]
)
@pytest.mark.parametrize(
    "name", ["hall:home", "inbox:list", "inbox:read_list", "applications:list"]
)
def test_odd_page_numbers_and_tabs_show_a_page(client_zhangsan, zhangsan, query, name):
    make_message(zhangsan, ywmc="汇缴到账")
    make_message(zhangsan, ywmc="基数调整", is_read=True)
    make_application(zhangsan)
    response = client_zhangsan.get(reverse(name), query)
    assert response.status_code == 200
    assert "共1页 每页显示 10 共1条记录" in response.content.decode() or name == "hall:home"
