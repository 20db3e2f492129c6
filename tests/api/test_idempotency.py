"""Idempotency-Key: the same key and body get the first answer and nothing happens twice; the
same key with another body is a 409; keys of two callers never meet."""

from __future__ import annotations

import datetime as dt

import pytest

from gjj.api.models import IdempotentAnswer
from gjj.fund.models import LedgerEntry
from gjj.inbox.models import Message
from tests.api.conftest import Api
from tests.api.test_service import account_row, entry, push
from tests.factories import make_account

pytestmark = pytest.mark.django_db


def test_the_same_key_and_body_get_the_first_answer(core, zhangsan):
    first = push(core, zjhm=zhangsan.zjhm, HTTP_IDEMPOTENCY_KEY="k-1")
    again = push(core, zjhm=zhangsan.zjhm, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Message.objects.count() == 1
    assert IdempotentAnswer.objects.get().key == "k-1"


def test_the_same_key_with_another_body_is_a_409(core, zhangsan):
    assert push(core, zjhm=zhangsan.zjhm, HTTP_IDEMPOTENCY_KEY="k-1").status_code == 201
    other = push(core, zjhm=zhangsan.zjhm, msgid="M0002", HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_conflict"
    assert Message.objects.count() == 1


def test_a_replayed_batch_is_not_imported_again(core, zhangsan):
    account = make_account(
        zhangsan, grzh="3100000001", entries=[(dt.date(2026, 10, 15), "01", "100.00")]
    )
    body = {"accounts": [account_row(account, "443.52")], "ledger": [entry("L1", "3100000001")]}
    first = core.post("/api/service/v1/ledger", body, HTTP_IDEMPOTENCY_KEY="batch-20261130-1")
    again = core.post("/api/service/v1/ledger", body, HTTP_IDEMPOTENCY_KEY="batch-20261130-1")
    assert first.json() == again.json()
    assert again.json()["counts"]["ledger"]["stored"] == 1  # the first answer, word for word
    assert LedgerEntry.objects.filter(ywlsh="L1").count() == 1


def test_keys_of_two_clients_never_meet(client, service_client, zhangsan):
    _, first = service_client("push_messages", name="柜面")
    _, second = service_client("push_messages", name="短信平台")
    assert push(Api(client, first), zjhm=zhangsan.zjhm, HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    other = push(Api(client, second), zjhm=zhangsan.zjhm, msgid="M9", HTTP_IDEMPOTENCY_KEY="k")
    assert other.status_code == 201
    assert Message.objects.count() == 2


def test_an_unusable_key_is_a_400(core, zhangsan):
    response = push(core, zjhm=zhangsan.zjhm, HTTP_IDEMPOTENCY_KEY="x" * 101)
    assert response.status_code == 400
    assert response.json()["code"] == "bad_idempotency_key"
    assert not Message.objects.exists()
