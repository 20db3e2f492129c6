"""Another person's number or id is a 404 on every path, whatever the method."""

from __future__ import annotations

import pytest

from gjj.inbox.models import Message

pytestmark = pytest.mark.django_db


def others_paths(data) -> list[tuple[str, str]]:
    grzh, loan = data["account"].grzh, data["loan"].jkhtbh
    return [
        ("get", f"/api/v1/accounts/{grzh}"),
        ("get", f"/api/v1/accounts/{grzh}/ledger"),
        ("get", f"/api/v1/loans/{loan}"),
        ("get", f"/api/v1/loans/{loan}/repayments"),
        ("get", f"/api/v1/loans/{loan}/plan"),
        ("get", f"/api/v1/loans/{loan}/progress"),
        ("post", f"/api/v1/messages/{data['message'].pk}/read"),
        ("delete", f"/api/v1/messages/{data['message'].pk}"),
        ("get", f"/api/v1/applications/{data['application'].sqid}"),
    ]


def test_every_path_with_another_persons_id_is_a_404(zs_api, zs_data, ls_data):
    for method, path in others_paths(ls_data):
        response = getattr(zs_api, method)(path)
        assert response.status_code == 404, path
        assert response.json() == {"code": "not_found", "message": "请求的内容不存在。"}
    message = Message.objects.get(pk=ls_data["message"].pk)
    assert not message.is_read and not message.is_deleted


def test_the_same_paths_with_ones_own_ids_answer(zs_api, zs_data, ls_data):
    for method, path in others_paths(zs_data):
        response = getattr(zs_api, method)(path)
        assert response.status_code in (200, 204), path


def test_lists_show_only_ones_own(zs_api, zs_data, ls_data):
    assert [a["grzh"] for a in zs_api.get("/api/v1/accounts").json()] == ["3100000001"]
    assert [c["jkhtbh"] for c in zs_api.get("/api/v1/loans").json()] == ["01201702090001"]
    (message,) = zs_api.get("/api/v1/messages").json()["messages"]
    assert message["id"] == zs_data["message"].pk
    (application,) = zs_api.get("/api/v1/applications").json()["applications"]
    assert application["sqid"] == zs_data["application"].sqid


def test_without_a_token_every_read_is_a_401(anon_api, zs_data):
    for method, path in [*others_paths(zs_data), ("get", "/api/v1/me")]:
        response = getattr(anon_api, method)(path)
        assert response.status_code == 401, path
        assert response.json()["code"] == "unauthorized"
