"""The depositor's reads: the pages' figures as JSON, amounts as two-decimal strings."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_me_is_masked(zs_api, zhangsan):
    body = zs_api.get("/api/v1/me").json()
    assert body["xingming"] == "张三"
    assert body["zjhm"] == zhangsan.zjhm[:6] + "********" + zhangsan.zjhm[-4:]
    assert body["sjhm"] == "187****9858"
    assert body["zjlx_label"] == "居民身份证"


def test_accounts_show_amounts_as_two_decimal_strings(zs_api, zs_data):
    (account,) = zs_api.get("/api/v1/accounts").json()
    assert account["grzh"] == "3100000001"
    assert account["grzhye"] == "199.09"
    assert account["dwyjce"] == "216.96"
    assert account["monthly_total"] == "343.52"
    assert account["dwjcbl"] == "12"
    assert account["khrq"] == "2016-07-01"
    assert zs_api.get("/api/v1/accounts/3100000001").json() == account


def test_ledger_lists_signed_entries_with_running_balances(zs_api, zs_data):
    body = zs_api.get(
        "/api/v1/accounts/3100000001/ledger", {"start": "2016-01-01", "end": "2017-12-31"}
    ).json()
    assert body["total"] == 4
    assert body["next_cursor"] is None
    assert [(e["xh"], e["fse"], e["balance"]) for e in body["entries"]] == [
        (1, "343.52", "343.52"),
        (2, "343.52", "687.04"),
        (3, "12.05", "699.09"),
        (4, "-500.00", "199.09"),
    ]
    assert body["entries"][3]["gjhtqywlx_label"]


def test_ledger_pages_by_cursor_fifty_a_page(zs_api, zhangsan):
    import datetime as dt

    from tests.factories import make_account

    day = dt.date(2020, 1, 1)
    make_account(
        zhangsan,
        grzh="3100000009",
        entries=[(day + dt.timedelta(days=i), "01", "10.00") for i in range(120)],
    )
    url = "/api/v1/accounts/3100000009/ledger"
    query = {"start": "2020-01-01", "end": "2020-12-31"}
    first = zs_api.get(url, query).json()
    assert len(first["entries"]) == 50 and first["total"] == 120
    second = zs_api.get(url, {**query, "cursor": first["next_cursor"]}).json()
    third = zs_api.get(url, {**query, "cursor": second["next_cursor"]}).json()
    assert [e["xh"] for e in second["entries"]] == list(range(51, 101))
    assert len(third["entries"]) == 20 and third["next_cursor"] is None
    assert third["entries"][-1]["balance"] == "1200.00"


def test_a_refused_range_is_a_400_in_chinese(zs_api, zs_data):
    response = zs_api.get(
        "/api/v1/accounts/3100000001/ledger", {"start": "2017-01-01", "end": "2016-01-01"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "bad_range",
        "message": "开始日期不能晚于结束日期，请重新选择查询日期。",
    }
    bad = zs_api.get("/api/v1/accounts/3100000001/ledger", {"cursor": "nonsense"})
    assert bad.status_code == 400 and bad.json()["code"] == "bad_cursor"


def test_loans_show_the_position(zs_api, zs_data):
    (loan,) = zs_api.get("/api/v1/loans").json()
    assert loan["jkhtbh"] == "01201702090001"
    assert loan["dkye"] == "997.85"
    assert loan["dkll"] == "3.3"
    assert loan["position"]["paid_periods"] == 1
    assert loan["position"]["remaining_periods"] == 358  # the engine keeps the installment
    assert zs_api.get("/api/v1/loans/01201702090001").json() == loan


def test_repayments_and_plan(zs_api, zs_data):
    body = zs_api.get("/api/v1/loans/01201702090001/repayments").json()
    assert [(r["dkywmxlx"], r["bjje"], r["balance"]) for r in body["rows"]] == [
        ("01", "0.00", "1000.00"),
        ("02", "2.15", "997.85"),
    ]
    plan = zs_api.get(
        "/api/v1/loans/01201702090001/plan", {"start": "2017-04-01", "end": "2017-06-30"}
    ).json()
    assert [r["hkny"] for r in plan["rows"]] == ["201704", "201705", "201706"]
    assert plan["rows"][0]["total"] == "4.38"  # 1,000.00 over 360 months at 3.30 %


def test_progress_shows_the_nodes(zs_api, zs_data):
    body = zs_api.get("/api/v1/loans/01201702090001/progress").json()
    assert body["application"]["sqid"] == zs_data["application"].sqid
    assert [n["state"] for n in body["nodes"]] == ["done", "done", "current", "todo"]


def test_messages_read_and_delete(zs_api, zs_data):
    unread = zs_api.get("/api/v1/messages").json()
    (message,) = unread["messages"]
    assert message["channel"] == "网厅-单位版"
    assert message["sent_at"].endswith("+08:00")
    read = zs_api.post(f"/api/v1/messages/{message['id']}/read")
    assert read.status_code == 200 and read.json()["is_read"] is True
    assert zs_api.get("/api/v1/messages").json()["messages"] == []
    assert len(zs_api.get("/api/v1/messages", {"tab": "read"}).json()["messages"]) == 1
    assert zs_api.delete(f"/api/v1/messages/{message['id']}").status_code == 204
    assert zs_api.get("/api/v1/messages", {"tab": "read"}).json()["messages"] == []


def test_applications(zs_api, zs_data):
    (brief,) = zs_api.get("/api/v1/applications").json()["applications"]
    assert brief["jkhtbh"] == "01201702090001"
    detail = zs_api.get(f"/api/v1/applications/{brief['sqid']}").json()
    assert [n["state"] for n in detail["nodes"]] == ["done", "done", "current", "todo"]
    assert detail["is_done"] is False
