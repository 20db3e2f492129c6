"""我要提取 from the app: POST /api/v1/applications/withdrawal runs the page's draft, materials and
rules (gjj.withdrawals.services); every refusal stores nothing; Idempotency-Key; 撤回; the
reasons the app builds its form from; ownership; constant query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gjj.api.models import IdempotentAnswer
from gjj.api.tokens import token_pair_issue
from gjj.applications.models import Application, ApplicationStep, Draft, Event, Material, State
from gjj.core.models import AuditEvent
from gjj.inbox.models import Message
from tests.api.conftest import Api
from tests.withdrawals.makers import (
    attach,
    draft,
    freeze,
    funded_account,
    make_staff,
    pdf_bytes,
    submit,
    upload,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/applications/withdrawal"
BUY = ("购房合同或不动产权证书", "购房发票或契税完税凭证")


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    freeze(monkeypatch, dt.datetime(2026, 3, 16, 10, 0))


@pytest.fixture
def ls_api(client, lisi) -> Api:
    return Api(client, token_pair_issue(user=lisi.user).access)


def apply(api: Api, files=(), **fields):
    """A multipart POST as the app sends it: fields, then each file with its material name."""
    data = {"code": "07", "amount": "1500.00", **fields}
    if files:
        data["material_names"] = [name for name, _ in files]
        data["materials"] = [f for _, f in files]
    headers = {k: data.pop(k) for k in list(data) if k.startswith("HTTP_")}
    return api.client.post(URL, data, **api._headers(headers))


def stored() -> tuple:
    media = Path(django_settings.GJJ_MEDIA_ROOT)
    return (
        Application.objects.count(),
        ApplicationStep.objects.count(),
        Message.objects.count(),
        Event.objects.count(),
        Material.objects.count(),
        Draft.objects.count(),
        AuditEvent.objects.filter(action="application_submit").count(),
        sorted(p.name for p in media.rglob("*") if p.is_file()),
    )


def test_rent_is_approved_by_rule_and_shows_on_the_pages(zs_api, zhangsan, client):
    funded_account(zhangsan)
    response = apply(zs_api, code="07", amount="1500.00")
    assert response.status_code == 201, response.content
    body = response.json()
    app = Application.objects.get()
    assert body["sqid"] == app.sqid and body["state"] == "approved"
    assert body["state_label"] == "待入账" and body["amount"] == "1500.00"
    assert body["message"] == "申请已提交，并已通过系统自动审核，正在转入账。"
    assert [n["jdmc"] for n in body["nodes"]] == ["任务发起人", "系统自动审核", "办结"]
    assert body["ywxx"] == "缴存人租赁住房提取审批"
    event = AuditEvent.objects.get(action="application_submit")
    assert event.detail["channel"] == "app" and event.detail["sqid"] == app.sqid
    assert "已通过系统自动审核" in Message.objects.get(person=zhangsan).xxnr
    # The same application on the depositor's pages and in the API's list.
    assert zs_api.get("/api/v1/applications").json()["applications"][0]["sqid"] == app.sqid
    client.force_login(zhangsan.user)
    listed = client.get(reverse("applications:list")).content.decode()
    assert reverse("applications:detail", args=[app.pk]) in listed
    detail = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert app.sqid in detail and "待入账" in detail


def test_purchase_with_materials_goes_to_the_staff_queue(zs_api, zhangsan, client):
    funded_account(zhangsan)
    response = apply(
        zs_api,
        code="01",
        amount="8000.00",
        files=[(BUY[0], upload("合同.pdf")), (BUY[1], upload("发票.pdf", pdf_bytes("2")))],
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "submitted"
    assert body["message"] == f"申请已提交，申请编号 {body['sqid']}，请留意办理进度。"
    assert [n["jdmc"] for n in body["nodes"]] == ["任务发起人", "受理", "初审", "办结"]
    app = Application.objects.get(sqid=body["sqid"])
    assert sorted(app.materials.values_list("name", flat=True)) == sorted(BUY)
    assert not Draft.objects.exists()
    client.force_login(make_staff("clerk", "受理"))
    queue = client.get(reverse("staff:queue"))
    assert queue.status_code == 200 and app.sqid in queue.content.decode()


def test_a_closing_reason_takes_the_whole_balance(zs_api, zhangsan):
    funded_account(zhangsan, balance="5000.00")
    form = zs_api.get("/api/v1/withdrawal/reasons").json()
    whole = form["account"]["whole_amount"]
    response = apply(
        zs_api,
        code="03",
        amount="",
        whole="true",
        files=[("离休、退休证明或养老金领取证明", upload())],
    )
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == whole
    assert Decimal(whole) > Decimal("5000.00")  # the interest from 1 July is paid with it


BAD_TEXT = b"just some text, not a document"


@pytest.mark.parametrize(
    ("setup", "fields", "code", "word"),
    [
        # The rules of the page (each failed check is listed).
        ({"grzhzt": "06"}, {"amount": "100.00"}, "refused", "冻结"),
        ({"card": ""}, {"amount": "100.00"}, "refused", "银行卡"),
        ({}, {"amount": "0"}, "refused", "大于 0"),
        ({}, {"amount": "1800.01"}, "refused", "限额"),
        ({"balance": "500.00"}, {"amount": "600.00"}, "refused", "余额"),
        ({}, {"code": "01", "amount": "100.00"}, "refused", "请上传以下材料"),
        ({}, {"code": "70", "amount": "100.00"}, "refused", "没有正在还款"),
        # The form of the page.
        ({}, {"amount": "abc"}, "invalid_amount", "应为数字"),
        ({}, {"amount": ""}, "invalid_amount", "请填写提取金额"),
        ({}, {"code": "08"}, "unknown_reason", "请选择提取原因"),  # not offered online
        ({}, {"code": "zz"}, "unknown_reason", "请选择提取原因"),
        # The files.
        ({}, {"files": [("借款合同", "pdf")]}, "unknown_material", "不是租赁住房提取的材料"),
        ({}, {"files": [("房屋租赁合同或租赁备案证明", "txt")]}, "upload_refused", "不是 PDF"),
        (
            {},
            {"code": "01", "files": [(BUY[0], "pdf"), (BUY[1], "txt")]},
            "upload_refused",
            "不是 PDF",
        ),
    ],
)
def test_each_refusal_is_a_422_and_stores_nothing(zs_api, zhangsan, setup, fields, code, word):
    funded_account(zhangsan, **setup)
    files = [
        (name, upload("材料.pdf") if kind == "pdf" else upload("a.txt", BAD_TEXT, "text/plain"))
        for name, kind in fields.pop("files", [])
    ]
    before = stored()
    response = apply(zs_api, files=files, **fields)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == code and word in body["message"]
    assert stored() == before
    if code == "refused":
        failed = body["checks"]
        assert failed and all(set(c) == {"code", "label", "message"} for c in failed)
        assert any(word in c["message"] for c in failed)
        assert "未保存任何内容" in body["message"]


def test_names_and_files_must_pair(zs_api, zhangsan):
    funded_account(zhangsan)
    response = zs_api.client.post(
        URL,
        {"code": "01", "amount": "100", "material_names": list(BUY), "materials": [upload()]},
        **zs_api._headers({}),
    )
    assert response.status_code == 422
    assert response.json()["code"] == "material_names"
    assert not Material.objects.exists()


def test_a_refusal_keeps_the_web_draft_and_a_submission_replaces_it(
    zs_api, zhangsan, django_capture_on_commit_callbacks
):
    funded_account(zhangsan)
    web = draft(zhangsan, "01", "100.00")
    attach(zhangsan, web, BUY[0])
    web_file = Path(django_settings.GJJ_MEDIA_ROOT) / web.materials.get().path
    assert apply(zs_api, code="07", amount="9999.00").status_code == 422  # over the cap
    web.refresh_from_db()
    assert web.data["code"] == "01" and web.materials.count() == 1 and web_file.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert apply(zs_api, code="07", amount="100.00").status_code == 201
    assert not Draft.objects.exists()
    assert Material.objects.filter(application__isnull=True).count() == 0
    assert not web_file.exists()  # the replaced draft's file left the disk with it


def test_too_many_or_too_large_files_are_refused_before_they_are_read(zs_api, zhangsan):
    from gjj.applications.uploads import MAX_BYTES

    funded_account(zhangsan)
    name = "房屋租赁合同或租赁备案证明"
    eleven = apply(zs_api, files=[(name, upload(f"{i}.pdf")) for i in range(11)])
    assert eleven.status_code == 422 and "最多上传 10 个文件" in eleven.json()["message"]
    big = upload("大.pdf", pdf_bytes("x" * MAX_BYTES))
    large = apply(zs_api, files=[(name, big)], HTTP_IDEMPOTENCY_KEY="big")
    assert large.status_code == 422 and "超过 10 MB" in large.json()["message"]
    assert not Material.objects.exists() and not IdempotentAnswer.objects.exists()


def test_one_withdrawal_in_progress(zs_api, zhangsan):
    funded_account(zhangsan)
    submit(zhangsan, "01", "100.00", materials=BUY)
    response = apply(zs_api)
    assert response.status_code == 422
    assert "已有一笔提取申请正在办理" in response.json()["message"]
    codes = [c["code"] for c in response.json()["checks"]]
    assert codes == ["one_in_progress"]


# --- Idempotency-Key ---------------------------------------------------------------------------


def test_the_same_key_and_body_get_the_first_answer(zs_api, zhangsan):
    funded_account(zhangsan)
    files = lambda: [(BUY[0], upload()), (BUY[1], upload())]  # noqa: E731
    first = apply(zs_api, code="01", files=files(), HTTP_IDEMPOTENCY_KEY="w-1")
    again = apply(zs_api, code="01", files=files(), HTTP_IDEMPOTENCY_KEY="w-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Application.objects.count() == 1 and Material.objects.count() == 2
    # The same key with another body: another amount, or another file.
    other = apply(zs_api, code="01", amount="99.00", files=files(), HTTP_IDEMPOTENCY_KEY="w-1")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_conflict"
    changed = [(BUY[0], upload()), (BUY[1], upload(content=pdf_bytes("other")))]
    other_file = apply(zs_api, code="01", files=changed, HTTP_IDEMPOTENCY_KEY="w-1")
    assert other_file.status_code == 409
    assert Application.objects.count() == 1 and Material.objects.count() == 2


def test_a_refusal_is_replayed_too_and_a_new_key_tries_again(zs_api, zhangsan):
    account = funded_account(zhangsan, card="")
    first = apply(zs_api, HTTP_IDEMPOTENCY_KEY="w-2")
    assert first.status_code == 422
    account.grckzhhm = "6222021234561234"
    account.save(update_fields=["grckzhhm"])
    assert apply(zs_api, HTTP_IDEMPOTENCY_KEY="w-2").json() == first.json()
    assert apply(zs_api, HTTP_IDEMPOTENCY_KEY="w-3").status_code == 201
    assert IdempotentAnswer.objects.count() == 2


# --- 撤回 and ownership ------------------------------------------------------------------------


def test_withdraw_before_the_center_acts(zs_api, zhangsan):
    funded_account(zhangsan)
    app = submit(zhangsan, "01", "100.00", materials=BUY)
    url = f"/api/v1/applications/{app.sqid}/withdraw"
    response = zs_api.post(url, HTTP_IDEMPOTENCY_KEY="wd-1")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "withdrawn" and response.json()["message"] == "申请已撤回。"
    assert zs_api.post(url, HTTP_IDEMPOTENCY_KEY="wd-1").json() == response.json()  # replayed
    app.refresh_from_db()
    assert app.state == State.WITHDRAWN
    event = AuditEvent.objects.get(action="application_withdraw")
    assert event.detail["channel"] == "app"
    again = zs_api.post(url)
    assert again.status_code == 409 and again.json()["code"] == "cannot_withdraw"
    assert "不能撤回" in again.json()["message"]


def test_withdraw_after_the_center_acted_is_a_409(zs_api, zhangsan):
    from gjj.applications import services as apps

    funded_account(zhangsan)
    app = submit(zhangsan, "01", "100.00", materials=BUY)
    apps.application_act(
        application=app, user=make_staff("clerk", "受理"), xh=2, version=0, action="pass"
    )
    response = zs_api.post(f"/api/v1/applications/{app.sqid}/withdraw")
    assert response.status_code == 409
    app.refresh_from_db()
    assert app.state == State.REVIEW


def test_another_persons_application_is_a_404(ls_api, zhangsan, lisi):
    funded_account(zhangsan)
    app = submit(zhangsan, "01", "100.00", materials=BUY)
    response = ls_api.post(f"/api/v1/applications/{app.sqid}/withdraw")
    assert response.status_code == 404
    app.refresh_from_db()
    assert app.state == State.SUBMITTED
    assert ls_api.get("/api/v1/withdrawal/reasons").json()["in_progress"] is None


def test_without_a_token_nothing_is_written(anon_api, zhangsan):
    funded_account(zhangsan)
    assert apply(anon_api).status_code == 401
    assert anon_api.get("/api/v1/withdrawal/reasons").status_code == 401
    assert not Application.objects.exists()


# --- the form's data ---------------------------------------------------------------------------


def test_reasons_are_the_policies_offered_online(zs_api, zhangsan):
    funded_account(zhangsan, balance="20000.00")
    body = zs_api.get("/api/v1/withdrawal/reasons").json()
    codes = [r["code"] for r in body["reasons"]]
    assert "07" in codes and "08" not in codes and "99" not in codes  # 08, 99: not online
    rent = next(r for r in body["reasons"] if r["code"] == "07")
    assert rent["cap_month"] == "1800.00" and rent["auto_approve"] is True
    assert rent["materials"] == [{"name": "房屋租赁合同或租赁备案证明", "required": False}]
    assert body["account"]["card"] == "6222****1234" and body["account"]["grzhye"] == "20000.00"
    assert body["in_progress"] is None and body["max_files"] == 10
    app = submit(zhangsan, "01", "100.00", materials=BUY)
    assert zs_api.get("/api/v1/withdrawal/reasons").json()["in_progress"] == app.sqid


def test_the_whole_amount_is_what_the_rules_accept(zs_api, zhangsan):
    """A sealed account earns interest to yesterday; a closed one none (as the rules count)."""
    account = funded_account(zhangsan, balance="5000.00", grzhzt="02")
    sealed = zs_api.get("/api/v1/withdrawal/reasons").json()["account"]
    assert Decimal(sealed["interest"]) > 0
    assert Decimal(sealed["whole_amount"]) == Decimal(sealed["grzhye"]) + Decimal(
        sealed["interest"]
    )
    account.grzhzt = "04"
    account.save(update_fields=["grzhzt"])
    closed = zs_api.get("/api/v1/withdrawal/reasons").json()["account"]
    assert closed["interest"] == "0.00" and closed["whole_amount"] == closed["grzhye"]


def test_a_person_without_an_account_gets_reasons_and_no_account(zs_api, zhangsan):
    body = zs_api.get("/api/v1/withdrawal/reasons").json()
    assert body["account"] is None and body["reasons"]
    response = apply(zs_api)
    assert response.status_code == 422
    assert any(c["code"] == "account_state" for c in response.json()["checks"])


# --- queries -----------------------------------------------------------------------------------


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(
        [q for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "ROLLBACK"))]
    )


@pytest.mark.parametrize("n_history", [1, 12])
def test_query_counts_are_constant(zs_api, zhangsan, n_history):
    entries = [
        (dt.date(2025, 7, 1) + dt.timedelta(days=i), "01", "10.00") for i in range(n_history)
    ]
    funded_account(zhangsan, entries=entries)
    for _ in range(n_history):  # finished withdrawals before
        app = submit(zhangsan, "07", "1.00")
        Application.objects.filter(pk=app.pk).update(state=State.DONE)
    assert queries(lambda: zs_api.get("/api/v1/withdrawal/reasons")) == 6
    files = [(BUY[0], upload()), (BUY[1], upload())]
    submitted = {}

    def post():
        submitted["r"] = apply(zs_api, code="01", files=files, HTTP_IDEMPOTENCY_KEY="q")

    assert queries(post) == WITHDRAWAL_POST_QUERIES
    sqid = submitted["r"].json()["sqid"]
    url = f"/api/v1/applications/{sqid}/withdraw"
    assert queries(lambda: zs_api.post(url)) == WITHDRAW_QUERIES


WITHDRAWAL_POST_QUERIES = 29
WITHDRAW_QUERIES = 10
