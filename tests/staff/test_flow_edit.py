"""审核流程 of each business in /staff/policy/: the time limit, and the 复审 amount where a node is
added above an amount (the withdrawal's); 管理 only; every change audited; a bad value changes
nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gjj.applications.models import Business
from gjj.core.models import AuditEvent
from tests.withdrawals.makers import make_staff

pytestmark = pytest.mark.django_db


def test_every_business_has_its_flow_on_the_policy_page(client):
    client.force_login(make_staff("boss", "管理"))
    html = client.get(reverse("staff:policy_list")).content.decode()
    for code, name in Business.objects.values_list("code", "ywlx"):
        assert f"审核流程：{name}" in html
        assert reverse("staff:flow_edit_business", args=[code]) in html


def test_the_withdrawal_flow_edits_the_second_review_amount_and_the_time_limit(client):
    client.force_login(make_staff("boss", "管理"))
    url = reverse("staff:flow_edit_business", args=["withdrawal"])
    assert "超过此金额增加复审" in client.get(url).content.decode()
    r = client.post(url, {"second_review_above": "80000.00", "time_limit_days": "5"})
    assert r.status_code == 302
    business = Business.objects.get(code="withdrawal")
    assert business.time_limit_days == 5
    assert [n["above"] for n in business.nodes if "above" in n] == ["80000.00"]
    event = AuditEvent.objects.get(action="flow_update")
    assert event.detail["business"] == "withdrawal"
    assert event.detail["after"]["time_limit_days"] == 5


def test_the_loan_flow_has_no_amount_and_keeps_its_nodes(client):
    client.force_login(make_staff("boss", "管理"))
    url = reverse("staff:flow_edit_business", args=["loan"])
    assert "超过此金额增加复审" not in client.get(url).content.decode()
    nodes = Business.objects.get(code="loan").nodes
    r = client.post(url, {"time_limit_days": "20"})
    assert r.status_code == 302
    business = Business.objects.get(code="loan")
    assert business.time_limit_days == 20 and business.nodes == nodes


def test_a_bad_time_limit_changes_nothing_and_says_why(client):
    client.force_login(make_staff("boss", "管理"))
    url = reverse("staff:flow_edit_business", args=["prepayment"])
    before = Business.objects.get(code="prepayment").time_limit_days
    r = client.post(url, {"time_limit_days": "0"})
    assert r.status_code == 200 and "确保该值大于或等于1" in r.content.decode()
    assert Business.objects.get(code="prepayment").time_limit_days == before
    assert not AuditEvent.objects.filter(action="flow_update").exists()


def test_flows_need_the_admin_role_and_an_unknown_business_is_404(client):
    client.force_login(make_staff("clerk", "受理"))
    assert client.get(reverse("staff:flow_edit_business", args=["loan"])).status_code == 404
    client.force_login(make_staff("boss", "管理"))
    assert client.get(reverse("staff:flow_edit_business", args=["nothing"])).status_code == 404
