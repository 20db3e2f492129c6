"""Queries per endpoint: constant whatever the length of a history (one more row changes
nothing). The token's look-up (with its user and person) is one query."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import ENTRIES, data_of
from tests.applications.makers import make_application
from tests.factories import make_account
from tests.inbox.makers import make_messages

pytestmark = pytest.mark.django_db

EXPECTED = {
    "/api/v1/me": 1,
    "/api/v1/accounts": 2,
    "/api/v1/accounts/3100000001": 2,
    "/api/v1/accounts/3100000001/ledger?start=2016-01-01&end=2024-12-31": 4,
    "/api/v1/loans": 3,
    "/api/v1/loans/01201702090001": 3,
    "/api/v1/loans/01201702090001/repayments": 5,
    "/api/v1/loans/01201702090001/plan?start=2017-01-01&end=2018-12-31": 3,
    "/api/v1/loans/01201702090001/progress": 4,
    "/api/v1/messages": 2,
    "/api/v1/messages?tab=read": 2,
    "/api/v1/applications": 2,
}


def count(api, path, *, warm: bool = False) -> int:
    """The queries of one request; a cold one unless `warm`: the loans' kept summaries and
    positions (gjj/loans/summary.py) cleared first, so each path's count is its own."""
    if not warm:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path)
    assert response.status_code == 200, (path, response.content)
    return len(queries)


def test_each_read_spends_a_constant_number_of_queries(zs_api, zhangsan):
    data = data_of(zhangsan, loan_no="01201702090001", grzh="3100000001")
    small = {path: count(zs_api, path) for path in EXPECTED}
    # More of everything: entries, accounts, messages, applications.
    make_account(zhangsan, grzh="3100000003", entries=ENTRIES)
    data["account"].entries.all().delete()
    make_account(
        zhangsan,
        grzh="3100000004",
        entries=[(dt.date(2018, 1, 1) + dt.timedelta(days=i), "01", "1.00") for i in range(80)],
    )
    make_messages(zhangsan, 60)
    for _ in range(3):
        make_application(zhangsan)
    large = {path: count(zs_api, path) for path in EXPECTED}
    assert small == large == EXPECTED


KEPT = (
    "/api/v1/loans/01201702090001",
    "/api/v1/loans/01201702090001/plan?start=2017-01-01&end=2018-12-31",
)


def test_a_loan_read_again_runs_no_engine_and_reads_no_transactions(zs_api, zhangsan):
    data_of(zhangsan, loan_no="01201702090001", grzh="3100000001")
    for path in KEPT:
        count(zs_api, path)
        assert count(zs_api, path, warm=True) == EXPECTED[path] - 1


def test_application_detail_and_message_writes(zs_api, zs_data):
    sqid = zs_data["application"].sqid
    assert count(zs_api, f"/api/v1/applications/{sqid}") == 3
    with CaptureQueriesContext(connection) as queries:
        zs_api.post(f"/api/v1/messages/{zs_data['message'].pk}/read")
    # token, message, the compare-and-set update, the audit row (+ savepoints on SQLite)
    writes = [q for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(writes) == 4
