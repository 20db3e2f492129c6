"""The service API's outbox: the approved applications export_applications would write, as JSON
(the CSV row), acknowledged once; the outbox and the CSV share one state, so each application
reaches the core system by one way only."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gjj.applications.models import Application, State
from gjj.core.models import AuditEvent
from gjj.interchange import outbox
from gjj.interchange.export import COLUMNS, FILE, export_applications, export_row
from tests.api.conftest import Api
from tests.factories import make_id_number, make_person
from tests.withdrawals.makers import freeze, funded_account, submit

pytestmark = pytest.mark.django_db
OUTBOX = "/api/service/v1/applications/outbox"
ACK = "/api/service/v1/applications/outbox/ack"
PURCHASE = ("购房合同或不动产权证书", "购房发票或契税完税凭证")


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    freeze(monkeypatch, dt.datetime(2026, 3, 16, 10, 0))


def approved(n: int) -> list[Application]:
    """n approved withdrawals (秒批), one person each (one withdrawal in progress a person)."""
    apps = []
    for i in range(n):
        person = make_person(
            name=f"缴存人{i}", id_number=make_id_number("19900101", seq=300 + i), phone=""
        )
        funded_account(person)
        apps.append(submit(person, "07", f"{100 + i}.00"))
    assert all(a.state == State.APPROVED for a in apps)
    return apps


def pull(api: Api, cursor=None) -> dict:
    response = api.get(OUTBOX, {"cursor": cursor} if cursor else None)
    assert response.status_code == 200, response.content
    return response.json()


def csv_sqids(folder) -> list[str]:
    path = folder / FILE
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return [row["sqid"] for row in csv.DictReader(fh)]


def test_an_item_is_the_csv_row_and_an_ack_takes_it_out_of_both(core, tmp_path):
    first, second, third = approved(3)
    page = pull(core)
    assert [i["sqid"] for i in page["items"]] == [first.sqid, second.sqid, third.sqid]
    assert page["next_cursor"] is None
    first.refresh_from_db()
    expected = export_row(
        Application.objects.select_related("person").prefetch_related("steps").get(pk=first.pk)
    )
    assert page["items"][0] == expected and list(page["items"][0]) == list(COLUMNS)
    assert page["items"][0]["tqje"] == "100.00" and page["items"][0]["ywdm"] == "withdrawal"
    # A pull changes nothing: pulled again, the same items.
    assert pull(core) == page
    acked = core.post(ACK, {"sqids": [first.sqid, second.sqid]})
    assert acked.status_code == 200, acked.content
    assert acked.json()["acked"] == [first.sqid, second.sqid] and acked.json()["errors"] == []
    for app in (first, second):
        app.refresh_from_db()
        assert app.state == State.EXPORTED and app.exported_at is not None
    assert [i["sqid"] for i in pull(core)["items"]] == [third.sqid]
    # The export writes only what was not acknowledged ...
    assert export_applications(tmp_path).rows == 1
    assert csv_sqids(tmp_path) == [third.sqid]
    # ... and what it wrote leaves the outbox; acknowledging it changes nothing.
    assert pull(core)["items"] == []
    late = core.post(ACK, {"sqids": [third.sqid, first.sqid]})
    assert late.status_code == 200
    assert late.json()["acked"] == [] and late.json()["already"] == [third.sqid, first.sqid]
    assert export_applications(tmp_path).rows == 0
    assert csv_sqids(tmp_path) == [third.sqid]


def test_two_pulls_before_an_ack_deliver_it_once_acknowledged(client, service_client, tmp_path):
    (app,) = approved(1)
    _, secret_a = service_client("pull_applications", name="核心业务系统")
    _, secret_b = service_client("pull_applications", name="核心业务系统-备机")
    a, b = Api(client, secret_a, ip="10.2.0.1"), Api(client, secret_b, ip="10.2.0.2")
    assert [i["sqid"] for i in pull(a)["items"]] == [app.sqid]
    assert [i["sqid"] for i in pull(b)["items"]] == [app.sqid]  # not acknowledged yet
    assert a.post(ACK, {"sqids": [app.sqid]}).json()["acked"] == [app.sqid]
    second = b.post(ACK, {"sqids": [app.sqid]}).json()
    assert second["acked"] == [] and second["already"] == [app.sqid]
    assert pull(a)["items"] == pull(b)["items"] == []
    assert export_applications(tmp_path).rows == 0
    assert AuditEvent.objects.filter(action="api_outbox_ack").count() == 2


def test_unknown_and_unapproved_sqids_are_errors_of_their_own(core, zhangsan):
    ok = approved(1)[0]
    funded_account(zhangsan)
    waiting = submit(zhangsan, "01", "100.00", materials=PURCHASE)  # staff review, not approved
    response = core.post(ACK, {"sqids": ["WT-NOPE", ok.sqid, waiting.sqid, ok.sqid]})
    assert response.status_code == 422
    body = response.json()
    assert body["acked"] == [ok.sqid]
    assert [(e["index"], e["sqid"]) for e in body["errors"]] == [
        (0, "WT-NOPE"),
        (2, waiting.sqid),
    ]
    assert "没有申请编号 WT-NOPE" in body["errors"][0]["message"]
    assert "已提交，待受理" in body["errors"][1]["message"]
    waiting.refresh_from_db()
    assert waiting.state == State.SUBMITTED and waiting.exported_at is None
    event = AuditEvent.objects.get(action="api_outbox_ack")
    assert event.outcome == "failed" and event.detail["client"] == "核心业务系统"


def test_pages_follow_the_cursor(core, monkeypatch):
    monkeypatch.setattr(outbox, "OUTBOX_PAGE", 2)
    apps = approved(5)
    seen, cursor = [], None
    while True:
        page = pull(core, cursor)
        seen += [i["sqid"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [a.sqid for a in apps]
    bad = core.get(OUTBOX, {"cursor": "x1"})
    assert bad.status_code == 400 and bad.json()["code"] == "bad_cursor"


def test_without_pull_applications_the_outbox_is_a_403(client, service_client):
    (app,) = approved(1)
    _, secret = service_client("push_messages", "push_results", name="柜面")
    api = Api(client, secret)
    pulled = api.get(OUTBOX)
    assert pulled.status_code == 403 and pulled.json()["code"] == "scope_missing"
    acked = api.post(ACK, {"sqids": [app.sqid]})
    assert acked.status_code == 403
    app.refresh_from_db()
    assert app.state == State.APPROVED
    assert Api(client, "gjjs_wrong").get(OUTBOX).status_code == 401


def test_an_empty_ack_is_refused(core):
    response = core.post(ACK, {"sqids": []})
    assert response.status_code == 422 and set(response.json()) == {"code", "message"}


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(
        [q for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "ROLLBACK"))]
    )


@pytest.mark.parametrize("n", [1, 6])
def test_query_counts_are_constant(core, n):
    apps = approved(n)
    assert queries(lambda: pull(core)) == PULL_QUERIES
    assert queries(lambda: core.post(ACK, {"sqids": [a.sqid for a in apps]})) == ACK_QUERIES


PULL_QUERIES = 4
ACK_QUERIES = 4


# serialized_rollback: as in tests/applications/test_workflow.py (seeded rows come back).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_ack_racing_the_export_hands_each_application_over_once(client, tmp_path):
    """The core system acknowledges while cron exports: every application ends up either
    acknowledged or in the CSV, never both, never neither."""
    import threading

    from django.test import Client

    from gjj.api.clients import client_add

    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's in-memory test database answers 'table is locked' to a second "
            "connection instead of waiting; the sequential tests cover it there"
        )
    apps = approved(6)
    _, secret = client_add(name="核心业务系统", scopes=["pull_applications"])
    sqids = [a.sqid for a in apps]
    barrier = threading.Barrier(2)
    answers: dict = {}

    def ack():
        try:
            barrier.wait()
            answers["ack"] = Api(Client(), secret).post(ACK, {"sqids": sqids}).json()
        finally:
            connection.close()

    def export():
        try:
            barrier.wait()
            answers["export"] = export_applications(tmp_path).rows
        finally:
            connection.close()

    threads = [threading.Thread(target=ack), threading.Thread(target=export)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    acked, in_csv = set(answers["ack"]["acked"]), set(csv_sqids(tmp_path))
    assert acked.isdisjoint(in_csv) and acked | in_csv == set(sqids)
    assert set(answers["ack"]["already"]) == in_csv and answers["export"] == len(in_csv)
    assert not Application.objects.filter(state=State.APPROVED).exists()
