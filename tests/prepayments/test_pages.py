"""The 申请提前还款 pages: from the what-if to the confirm page and 确认提交, refusals on the page
with nothing stored, ownership, the staff queue and detail, constant query counts."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from gjj.applications.models import Application, Draft, State
from tests.loans.pages import text
from tests.prepayments.makers import JKHTBH, borrower, domain_loan, long_loan, submit
from tests.withdrawals.makers import make_staff

pytestmark = pytest.mark.django_db
URL = "/repay/apply/"
WHATIF = "/repay/prepay/"
PARAMS = {"jkhtbh": JKHTBH, "tqhkfs": "02", "tqhkje": "100000", "tqhkrq": "2026-01-12"}


@pytest.fixture
def loan(zhangsan, monkeypatch):
    return borrower(zhangsan, monkeypatch)[0]


def get(client, **params):
    return client.get(f"{URL}?{urlencode({**PARAMS, **params})}")


def test_the_what_if_leads_to_the_application(client_zhangsan, loan):
    html = client_zhangsan.get(f"{WHATIF}?{urlencode(PARAMS)}").content.decode()
    assert 'action="/repay/apply/"' in html and "申请提前还款" in html
    assert 'name="tqhkje" value="100000.00"' in html


def test_the_confirm_page_shows_the_engine_figures_and_the_sources(client_zhangsan, loan):
    response = get(client_zhangsan, zjly="3", gjjchje="50000")
    assert response.status_code == 200
    t = text(response)
    assert "月还款额（下一期） 2,798.08 2,217.16" in t
    assert "应计利息 17.22 元 本次应付 100,017.22 元" in t
    assert "应计利息自 2026-01-10 起至 2026-01-12，共 2 天。" in t
    assert "公积金冲还 50,000.00 元 银行卡还款 50,017.22 元" in t
    assert "确认提交" in t


def test_submit_from_the_page(client_zhangsan, loan):
    page = get(client_zhangsan)
    token = page.context["token"]
    data = {**PARAMS, "zjly": "2", "token": token, "go": "submit"}
    response = client_zhangsan.post(URL, data)
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/applications/{app.pk}/"
    assert app.detail["source"] == "2" and app.detail["fund_amount"] == "100017.22"
    # The same page posted again returns the first application.
    assert client_zhangsan.post(URL, data)["Location"] == f"/applications/{app.pk}/"
    assert Application.objects.count() == 1
    t = text(client_zhangsan.get(response["Location"]))
    assert "提前还款方式 减少月还款额（期限不变）" in t and "公积金冲还金额 100,017.22 元" in t


def test_a_refusal_is_shown_and_nothing_is_stored(client_zhangsan, loan):
    token = get(client_zhangsan).context["token"]
    data = {**PARAMS, "tqhkje": "2000", "zjly": "1", "token": token, "go": "submit"}
    response = client_zhangsan.post(URL, data)
    assert response.status_code == 200
    assert "提前还款金额不能少于一期月还款额（2,798.08 元）。" in text(response)
    assert "确认提交" not in text(response)
    assert Application.objects.count() == 0 and Draft.objects.count() == 0


def test_bad_input_is_told_in_chinese(client_zhangsan, loan):
    t = text(get(client_zhangsan, zjly="3", gjjchje="abc"))
    assert "公积金冲还金额应为数字" in t and "确认提交" not in t
    t = text(get(client_zhangsan, tqhkrq="2026-13-01"))
    assert "请输入正确的日期" in t


def test_another_persons_contract_or_application_is_a_404(client_zhangsan, loan, lisi):
    other = domain_loan(lisi, jkhtbh="01202501100002")
    assert get(client_zhangsan, jkhtbh=other.jkhtbh).status_code == 404
    data = {**PARAMS, "jkhtbh": other.jkhtbh, "zjly": "1", "token": "x", "go": "submit"}
    assert client_zhangsan.post(URL, data).status_code == 404
    theirs = submit(lisi, other)
    assert client_zhangsan.get(f"/applications/{theirs.pk}/").status_code == 404


def test_login_required(client, loan):
    response = client.get(URL)
    assert response.status_code == 302


def test_staff_queue_and_detail_show_the_summary_and_rerun_the_checks(client, zhangsan, loan):
    app = submit(zhangsan, loan, source="3", fund="50000")
    client.force_login(make_staff("clerk", "受理"))
    queue = text(client.get("/staff/"))
    assert app.sqid in queue and "借款人减少月还款额申请" in queue
    t = text(client.get(f"/staff/a/{app.pk}/"))
    assert "借款合同编号 01202501100001" in t
    assert "公积金冲还金额 50,000.00 元" in t
    assert "同一合同只能有一笔在办" in t and "公积金冲还" in t


def test_query_counts_are_constant(
    client_zhangsan, zhangsan, loan, django_assert_num_queries, session_queries
):
    with django_assert_num_queries(session_queries + 13) as ctx:
        get(client_zhangsan, zjly="3", gjjchje="50000")
    count = len(ctx.captured_queries)
    # A longer history: a loan with ten years repaid (121 installments instead of 12).
    long_loan(zhangsan)
    with django_assert_num_queries(count):
        assert "确认提交" in text(get(client_zhangsan, jkhtbh="01201512100001", zjly="3",
                                      gjjchje="50000"))  # fmt: skip


def test_submit_query_count_is_constant(
    client_zhangsan, zhangsan, loan, django_assert_num_queries, session_queries
):
    def data(jkhtbh):
        token = get(client_zhangsan, jkhtbh=jkhtbh).context["token"]
        return {**PARAMS, "jkhtbh": jkhtbh, "zjly": "3", "gjjchje": "50000", "token": token,
                "go": "submit"}  # fmt: skip

    first = data(JKHTBH)
    with django_assert_num_queries(session_queries + 33) as ctx:
        assert client_zhangsan.post(URL, first).status_code == 302
    count = len(ctx.captured_queries)
    Application.objects.all().update(state=State.WITHDRAWN)
    long_loan(zhangsan)
    second = data("01201512100001")
    with django_assert_num_queries(count):
        assert client_zhangsan.post(URL, second).status_code == 302
