"""贷款申请 from the app: POST /api/v1/applications/loan runs the pages' form, draft, materials and
rules (gjj.loanapps); refusals store nothing; Idempotency-Key; constant queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gjj.applications.models import Application, ApplicationStep, Draft, Material
from gjj.core.models import AuditEvent
from gjj.inbox.models import Message
from gjj.loanapps import rules
from tests.api.conftest import Api
from tests.loanapps.makers import NOW, depositor, freeze
from tests.loanapps.test_pages import _grow
from tests.withdrawals.makers import make_staff, upload

pytestmark = pytest.mark.django_db
URL = "/api/v1/applications/loan"
FIELDS = {
    "dkje": "300000.00",
    "qx": "20",
    "hkfs": "01",
    "fwzl": "薛城区泰山南路 1 号 2 单元 301 室",
    "fwmj": "89.50",
    "fj": "1000000.00",
    "fwxz": "01",
    "tflx": "1",
    "ysr": "20000.00",
    "yzw": "0",
}


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    freeze(monkeypatch, NOW)


def apply(api: Api, names=rules.REQUIRED_MATERIALS, **fields):
    data = {**FIELDS, **fields}
    headers = {k: data.pop(k) for k in list(data) if k.startswith("HTTP_")}
    if names:
        data["material_names"] = list(names)
        data["materials"] = [upload(f"{i}.pdf") for i in range(len(names))]
    return api.client.post(URL, data, **api._headers(headers))


def stored() -> tuple:
    media = Path(django_settings.GJJ_MEDIA_ROOT)
    return (
        Application.objects.count(),
        ApplicationStep.objects.count(),
        Material.objects.count(),
        Draft.objects.count(),
        Message.objects.count(),
        AuditEvent.objects.filter(action="application_submit").count(),
        sorted(p.name for p in media.rglob("*") if p.is_file()),
    )


def test_a_loan_application_from_the_app(zs_api, zhangsan, client):
    depositor(zhangsan)
    response = apply(zs_api)
    assert response.status_code == 201, response.content
    body = response.json()
    app = Application.objects.get()
    assert body["sqid"] == app.sqid and body["state"] == "submitted"
    assert body["message"] == f"贷款申请已提交，申请编号 {app.sqid}，请留意办理进度。"
    assert [n["jdmc"] for n in body["nodes"]][:3] == ["任务发起人", "受理", "初审"]
    assert body["amount"] == "300000.00" and app.materials.count() == 4
    assert AuditEvent.objects.get(action="application_submit").detail["channel"] == "app"
    client.force_login(make_staff("clerk", "受理"))
    assert app.sqid in client.get("/staff/").content.decode()


@pytest.mark.parametrize(
    ("setup", "fields", "code", "word"),
    [
        ({"grzhzt": "02"}, {}, "refused", "正常缴存的账户才能申请贷款"),
        ({"months": 3}, {}, "refused", "还差 3 个月"),
        ({}, {"names": rules.REQUIRED_MATERIALS[:2]}, "refused", "请上传"),
        ({}, {"dkje": "abc"}, "invalid", "贷款金额"),
        ({}, {"po": "true"}, "invalid", "请填写配偶姓名"),
        ({}, {"names": ["房产证复印件"]}, "unknown_material", "不是贷款申请的材料"),
    ],
)
def test_each_refusal_is_a_422_and_stores_nothing(zs_api, zhangsan, setup, fields, code, word):
    depositor(zhangsan, **setup)
    before = stored()
    response = apply(zs_api, **fields)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == code and word in body["message"], body
    assert stored() == before


def test_the_same_key_and_body_get_the_first_answer(zs_api, zhangsan):
    depositor(zhangsan)
    first = apply(zs_api, HTTP_IDEMPOTENCY_KEY="l-1")
    again = apply(zs_api, HTTP_IDEMPOTENCY_KEY="l-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    other = apply(zs_api, dkje="200000.00", HTTP_IDEMPOTENCY_KEY="l-1")
    assert other.status_code == 409
    assert Application.objects.count() == 1


def test_the_query_count_is_constant(zs_api, zhangsan):
    depositor(zhangsan)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = apply(zs_api)
        assert response.status_code == 201, response.content
        return len(
            [q for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "ROLLBACK"))]
        )

    first = count()
    Application.objects.all().update(state="withdrawn")
    _grow(zhangsan, "11")  # a longer ledger and settled loans
    assert count() == first == LOAN_POST_QUERIES


LOAN_POST_QUERIES = 32
