"""申请提前还款 from the app: POST /api/v1/applications/prepayment runs the page's form and rules
(gjj.prepayments); refusals store nothing; Idempotency-Key; ownership; constant queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gjj.applications.models import Application, ApplicationStep, Draft, State
from gjj.core.models import AuditEvent
from gjj.inbox.models import Message
from tests.prepayments.makers import JKHTBH, TODAY, borrower, domain_loan, long_loan
from tests.withdrawals.makers import freeze, make_staff

pytestmark = pytest.mark.django_db
URL = "/api/v1/applications/prepayment"
BODY = {"jkhtbh": JKHTBH, "tqhkfs": "02", "tqhkje": "100000", "tqhkrq": "2026-01-12"}


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    freeze(monkeypatch, TODAY)  # before the token is issued


@pytest.fixture
def loan(zhangsan, monkeypatch):
    return borrower(zhangsan, monkeypatch)[0]


def stored() -> tuple:
    return (
        Application.objects.count(),
        ApplicationStep.objects.count(),
        Draft.objects.count(),
        Message.objects.count(),
        AuditEvent.objects.filter(action="application_submit").count(),
    )


def test_a_prepayment_from_the_app_is_the_pages_application(zs_api, zhangsan, loan, client):
    response = zs_api.post(URL, {**BODY, "zjly": "3", "gjjchje": "50000"})
    assert response.status_code == 201, response.content
    body = response.json()
    app = Application.objects.get()
    assert body["sqid"] == app.sqid and body["state"] == "submitted"
    assert body["message"] == f"提前还款申请已提交，申请编号 {app.sqid}，请留意办理进度。"
    assert body["jkhtbh"] == JKHTBH
    # The engine's figures, as the page's confirm shows them.
    assert body["amount"] == "100017.22"
    assert app.detail["fund_amount"] == "50000.00" and app.detail["card_amount"] == "50017.22"
    assert AuditEvent.objects.get(action="application_submit").detail["channel"] == "app"
    client.force_login(make_staff("clerk", "受理"))
    assert app.sqid in client.get("/staff/").content.decode()


@pytest.mark.parametrize(
    ("fields", "code", "word"),
    [
        ({"tqhkje": "2000"}, "refused", "不能少于一期月还款额"),
        ({"zjly": "3", "gjjchje": "abc"}, "invalid", "公积金冲还金额应为数字"),
        ({"tqhkfs": "09"}, "invalid", "请选择提前还款方式"),
        ({"zjly": "2", "tqhkje": "200000"}, "refused", ""),  # more than the fund holds
    ],
)
def test_each_refusal_is_a_422_and_stores_nothing(zs_api, loan, fields, code, word):
    before = stored()
    response = zs_api.post(URL, {**BODY, **fields})
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == code and word in body["message"]
    if code == "refused":
        assert body["checks"] and all(c["message"] for c in body["checks"])
    assert stored() == before


def test_another_persons_contract_is_a_404(zs_api, loan, lisi):
    other = domain_loan(lisi, jkhtbh="01202501100002")
    response = zs_api.post(URL, {**BODY, "jkhtbh": other.jkhtbh})
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_the_same_key_and_body_get_the_first_answer(zs_api, loan):
    first = zs_api.post(URL, BODY, HTTP_IDEMPOTENCY_KEY="p-1")
    again = zs_api.post(URL, BODY, HTTP_IDEMPOTENCY_KEY="p-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    other = zs_api.post(URL, {**BODY, "tqhkje": "90000"}, HTTP_IDEMPOTENCY_KEY="p-1")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_conflict"
    assert Application.objects.count() == 1
    # Without a key, a second one is refused by the rule (one in progress per contract).
    second = zs_api.post(URL, BODY)
    assert second.status_code == 422 and "正在办理" in second.json()["message"]


def test_the_app_withdraws_it_as_any_application(zs_api, loan):
    sqid = zs_api.post(URL, BODY).json()["sqid"]
    response = zs_api.post(f"/api/v1/applications/{sqid}/withdraw")
    assert response.status_code == 200 and response.json()["state"] == State.WITHDRAWN


def test_the_query_count_is_constant(zs_api, zhangsan, loan):
    def count(jkhtbh) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = zs_api.post(URL, {**BODY, "jkhtbh": jkhtbh, "zjly": "3", "gjjchje": "5"})
        assert response.status_code == 201, response.content
        return len(
            [q for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "ROLLBACK"))]
        )

    first = count(JKHTBH)
    Application.objects.all().update(state=State.WITHDRAWN)
    long_loan(zhangsan)  # ten years repaid instead of one
    assert count("01201512100001") == first == PREPAYMENT_POST_QUERIES


PREPAYMENT_POST_QUERIES = 27
