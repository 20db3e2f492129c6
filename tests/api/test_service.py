"""The service API: clients and scopes, every call audited with the client's name, messages,
application steps and batches stored by the importer of import_core."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gjj.api.models import ApiClient
from gjj.api.tokens import digest
from gjj.applications.models import ApplicationStep
from gjj.core.models import AuditEvent
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.inbox.models import Message
from gjj.loans.models import LoanContract, LoanTxn
from tests.api.conftest import Api
from tests.applications.makers import make_application
from tests.factories import make_account, make_loan

pytestmark = pytest.mark.django_db


def push(api, **fields):
    headers = {k: fields.pop(k) for k in list(fields) if k.startswith("HTTP_")}
    body = {
        "msgid": "M0001",
        "ywmc": "汇补缴业务补缴复核",
        "content": "您的201908至201908补缴的公积金已到账。",
        "channel": "网厅-单位版",
        "sent_at": "2026-11-30 09:15:00",
        **fields,
    }
    return api.post("/api/service/v1/messages", body, **headers)


# --- clients --------------------------------------------------------------------------------


def test_api_client_add_prints_the_secret_once_and_stores_its_digest():
    out = StringIO()
    call_command("api_client", "add", "短信平台", "--scope", "push_messages", stdout=out)
    secret = out.getvalue().strip().splitlines()[-1]
    assert secret.startswith("gjjs_")
    client = ApiClient.objects.get(name="短信平台")
    assert client.digest == digest(secret) and secret not in str(client.__dict__)
    assert client.scopes == ["push_messages"]
    listing = StringIO()
    call_command("api_client", "list", stdout=listing)
    assert "短信平台" in listing.getvalue() and secret not in listing.getvalue()
    call_command("api_client", "revoke", "短信平台", stdout=StringIO())
    assert ApiClient.objects.get(name="短信平台").revoked_at is not None
    assert AuditEvent.objects.filter(action__startswith="api_client").count() == 2


def test_api_client_refuses_a_duplicate_name(service_client):
    service_client("push_messages", name="柜面")
    with pytest.raises(CommandError, match="已有名为 柜面 的客户端"):
        call_command("api_client", "add", "柜面", "--scope", "push_messages")


def test_a_revoked_or_unknown_secret_is_a_401(client, service_client, zhangsan):
    _, secret = service_client("push_messages")
    call_command("api_client", "revoke", "核心业务系统", stdout=StringIO())
    assert push(Api(client, secret), zjhm=zhangsan.zjhm).status_code == 401
    assert push(Api(client, "gjjs_nope"), zjhm=zhangsan.zjhm).status_code == 401
    assert push(Api(client), zjhm=zhangsan.zjhm).status_code == 401
    assert not Message.objects.exists()


def test_a_client_without_the_scope_gets_a_403(client, service_client, zhangsan):
    _, secret = service_client("pull_applications", name="12329")
    response = push(Api(client, secret), zjhm=zhangsan.zjhm)
    assert response.status_code == 403
    assert response.json()["code"] == "scope_missing"
    assert not Message.objects.exists()
    event = AuditEvent.objects.get(action="api_scope")
    assert event.outcome == "denied" and event.detail["client"] == "12329"
    batch = Api(client, secret).post("/api/service/v1/ledger", {"ledger": []})
    assert batch.status_code == 403


def test_a_depositor_token_is_no_client_secret(zs_api, zhangsan):
    assert push(zs_api, zjhm=zhangsan.zjhm).status_code == 401


# --- messages -------------------------------------------------------------------------------


def test_a_pushed_message_appears_on_the_web_page(core, client_zhangsan, zhangsan):
    response = push(core, zjhm=zhangsan.zjhm)
    assert response.status_code == 201
    assert response.json()["counts"]["messages"] == {
        "read": 1,
        "stored": 1,
        "updated": 0,
        "rejected": 0,
    }
    page = client_zhangsan.get("/messages/").content.decode()
    assert "您的201908至201908补缴的公积金已到账。" in page
    event = AuditEvent.objects.get(action="api_message")
    assert event.detail["client"] == "核心业务系统" and event.detail["channel"] == "service"


def test_the_same_msgid_again_stores_one_message(core, zhangsan):
    assert push(core, zjhm=zhangsan.zjhm).status_code == 201
    again = push(core, zjhm=zhangsan.zjhm)
    assert again.status_code == 200
    assert again.json()["counts"]["messages"]["stored"] == 0
    assert Message.objects.count() == 1


def test_a_message_by_account_number(core, zhangsan):
    make_account(zhangsan, grzh="3100000077")
    assert push(core, grzh="3100000077").status_code == 201
    assert Message.objects.get().person == zhangsan
    unknown = push(core, msgid="M2", grzh="3199999999")
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["column"] == "grzh"


def test_a_bad_message_names_the_field(core, zhangsan):
    response = push(core, zjhm=zhangsan.zjhm, sent_at="yesterday")
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["record"] == "messages" and error["index"] == 0
    assert error["column"] == "sent_at"
    assert not Message.objects.exists()


# --- application steps ----------------------------------------------------------------------


def test_a_step_result_fills_the_node(core, zhangsan):
    app = make_application(zhangsan, finished=False, done_nodes=2)
    body = {
        "sqid": app.sqid,
        "xh": "3",
        "jdmc": "贷款受理复审",
        "blr": "测试18",
        "spyj": "同意",
        "blsj": "2026-11-30 10:00:00",
    }
    response = core.post("/api/service/v1/application-steps", body)
    assert response.status_code == 200, response.json()
    step = ApplicationStep.objects.get(application=app, xh=3)
    assert (step.blr, step.spyj) == ("测试18", "同意")
    assert step.blsj == dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC)
    assert core.post("/api/service/v1/application-steps", body).json()["counts"][
        "application_steps"
    ] == {"read": 1, "stored": 0, "updated": 0, "rejected": 0}
    unknown = core.post("/api/service/v1/application-steps", {**body, "sqid": "SQ-NONE"})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["column"] == "sqid"


# --- batches --------------------------------------------------------------------------------


def account_row(account, grzhye: str) -> dict:
    return {
        "grzh": account.grzh,
        "zjhm": account.person.zjhm,
        "dwzh": account.dwzh,
        "dwmc": account.dwmc,
        "grzhzt": account.grzhzt,
        "khrq": account.khrq.isoformat(),
        "grjcjs": "1808.00",
        "dwjcbl": "12",
        "grjcbl": "7",
        "dwyjce": "216.96",
        "gryjce": "126.56",
        "grzhye": grzhye,
    }


def entry(ywlsh, grzh, fse="343.52", jzrq="2026-11-15", kind="01", **extra) -> dict:
    return {"ywlsh": ywlsh, "grzh": grzh, "jzrq": jzrq, "gjhtqywlx": kind, "fse": fse, **extra}


@pytest.fixture
def account(zhangsan):
    return make_account(
        zhangsan, grzh="3100000001", entries=[(dt.date(2026, 10, 15), "01", "100.00")]
    )


def test_a_ledger_batch_is_stored_with_running_balances(core, account):
    body = {
        "accounts": [account_row(account, "787.04")],
        "ledger": [entry("L1", "3100000001"), entry("L2", "3100000001", jzrq="2026-11-20")],
    }
    response = core.post("/api/service/v1/ledger", body)
    assert response.status_code == 200, response.json()
    assert response.json()["counts"]["ledger"]["stored"] == 2
    assert list(
        LedgerEntry.objects.filter(account=account)
        .order_by("jzrq")
        .values_list("balance", flat=True)
    ) == [Decimal("100.00"), Decimal("443.52"), Decimal("787.04")]
    assert FundAccount.objects.get(pk=account.pk).grzhye == Decimal("787.04")
    # The same batch again: idempotent on ywlsh.
    again = core.post("/api/service/v1/ledger", body)
    assert again.status_code == 200
    assert again.json()["counts"]["ledger"] == {"read": 2, "stored": 0, "updated": 0, "rejected": 0}
    assert LedgerEntry.objects.filter(account=account).count() == 3
    assert AuditEvent.objects.filter(action="api_ledger", outcome="ok").count() == 2


def test_batch_errors_name_the_record_and_the_column(core, account):
    body = {
        "accounts": [account_row(account, "443.52")],
        "ledger": [
            entry("L1", "3100000001"),
            entry("L2", "3100000001", fse="12.345"),
            entry("L3", "3100000001", kind="11"),
        ],
    }
    response = core.post("/api/service/v1/ledger", body)
    assert response.status_code == 422
    answer = response.json()
    assert answer["code"] == "rejected_records"
    errors = {(e["record"], e["index"], e["column"]) for e in answer["errors"]}
    assert ("ledger", 1, "fse") in errors
    assert ("ledger", 2, "tqyy") in errors and ("ledger", 2, "tqfs") in errors
    # The good record and the account's new balance are stored; the bad ones are not.
    assert answer["counts"]["ledger"] == {"read": 3, "stored": 1, "updated": 0, "rejected": 2}
    assert LedgerEntry.objects.filter(ywlsh="L1").exists()
    assert not LedgerEntry.objects.filter(ywlsh__in=["L2", "L3"]).exists()


def test_a_changed_entry_under_a_known_ywlsh_is_refused(core, account):
    body = {"accounts": [account_row(account, "443.52")], "ledger": [entry("L1", "3100000001")]}
    assert core.post("/api/service/v1/ledger", body).status_code == 200
    changed = {
        "accounts": [account_row(account, "543.52")],
        "ledger": [entry("L1", "3100000001", fse="443.52")],
    }
    response = core.post("/api/service/v1/ledger", changed)
    assert response.status_code == 422
    messages = " ".join(e["message"] for e in response.json()["errors"])
    assert "只能追加、不能修改" in messages


def test_entries_without_the_new_balance_are_refused_by_the_balance_check(core, account):
    response = core.post("/api/service/v1/ledger", {"ledger": [entry("L9", "3100000001")]})
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert (error["record"], error["index"], error["column"]) == ("ledger", 0, "grzh")
    assert "不一致" in error["message"]
    assert not LedgerEntry.objects.filter(ywlsh="L9").exists()


def test_an_unknown_column_is_a_422_of_the_contract(core, account):
    response = core.post(
        "/api/service/v1/ledger", {"ledger": [{**entry("L1", "3100000001"), "zzz": "1"}]}
    )
    assert response.status_code == 422
    assert "zzz" in response.json()["message"]


def test_a_loan_txn_batch_moves_the_balance(core, zhangsan):
    loan = make_loan(
        zhangsan,
        jkhtbh="01201702090001",
        txns=[dict(ywfsrq=dt.date(2017, 2, 9), dkywmxlx="01", ffje="1000.00")],
    )
    loan_row = {
        "jkhtbh": loan.jkhtbh,
        "dkzh": loan.dkzh,
        "zjhm": zhangsan.zjhm,
        "htdkje": "1000.00",
        "dkqs": "360",
        "dkll": "3.3",
        "dkhkfs": "01",
        "swtyhmc": loan.swtyhmc,
        "jkhtqdrq": "2017-02-01",
        "dkffrq": "2017-02-09",
        "ydhkr": "9",
        "dkye": "997.85",
    }
    txn = {
        "ywlsh": "T1",
        "jkhtbh": loan.jkhtbh,
        "ywfsrq": "2017-03-09",
        "hkny": "201703",
        "dkywmxlx": "02",
        "bjje": "2.15",
        "lxje": "2.75",
        "fxje": "0.00",
    }
    response = core.post("/api/service/v1/loan-txns", {"loans": [loan_row], "loan_txns": [txn]})
    assert response.status_code == 200, response.json()
    assert LoanContract.objects.get(pk=loan.pk).dkye == Decimal("997.85")
    assert LoanTxn.objects.filter(contract=loan).count() == 2
    bad = core.post(
        "/api/service/v1/loan-txns",
        {"loan_txns": [{**txn, "ywlsh": "T2", "hkny": "", "bjje": ""}]},
    )
    assert bad.status_code == 422
    columns = {(e["index"], e["column"]) for e in bad.json()["errors"]}
    assert (0, "hkny") in columns and (0, "bjje") in columns
