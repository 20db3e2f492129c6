"""The back office: staff-only login, first-login password change, queues (same query count for
10 and 10,000 waiting), detail, actions, role scoping (404), materials by role, policy editing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gjj.applications.models import Application, ApplicationStep, State
from gjj.core.models import AuditEvent
from gjj.people.models import Person
from gjj.staff import services as staff_services
from gjj.withdrawals.models import WithdrawalPolicy
from tests.factories import PASSWORD
from tests.identity.conftest import solved_captcha
from tests.withdrawals.makers import freeze, funded_account, make_staff, submit

pytestmark = pytest.mark.django_db
BUY = ("购房合同或不动产权证书", "购房发票或契税完税凭证")


@pytest.fixture(autouse=True)
def _clock(monkeypatch, settings):
    freeze(monkeypatch, dt.datetime(2026, 3, 16, 10, 0))


@pytest.fixture
def app(zhangsan):
    funded_account(zhangsan)
    return submit(zhangsan, "01", "8000.00", materials=BUY)


def login_post(client, username, password):
    return client.post(
        reverse("staff:login"),
        {"username": username, "password": password, **solved_captcha("staff_login")},
    )


def test_staff_login_first_password_change_then_queue(client, app):
    _, password = staff_services.staff_add(username="wang", name="王受理", roles=["受理"])
    r = login_post(client, "wang", password)
    assert r.status_code == 302
    assert client.get(reverse("staff:queue")).headers["Location"] == reverse("staff:password")
    r = client.post(
        reverse("staff:password"),
        {"old": password, "new1": "Staff-pass-2026!", "new2": "Staff-pass-2026!"},
    )
    assert r.headers["Location"] == reverse("staff:queue")
    html = client.get(reverse("staff:queue")).content.decode()
    assert app.sqid in html and "张*" in html


def test_a_depositor_cannot_log_in_as_staff_and_gets_the_same_answer(client, zhangsan):
    make_staff("wang", "受理")
    answers = set()
    for username, password in (
        (zhangsan.zjhm, PASSWORD),  # a depositor's right password
        ("wang", "wrong-password"),
        ("nobody", PASSWORD),
    ):
        r = login_post(client, username, password)
        answers.add("账号或密码不正确" in r.content.decode())
        assert "_auth_user_id" not in client.session
    assert answers == {True}


def test_wrong_captcha_checks_no_password(client):
    make_staff("wang", "受理")
    r = client.post(
        reverse("staff:login"),
        {
            "username": "wang",
            "password": PASSWORD,
            **solved_captcha("staff_login"),
            "captcha_1": "WRONG",
        },
    )
    assert "_auth_user_id" not in client.session
    assert "账号或密码不正确" not in r.content.decode()


def test_lockout_after_five_failures(client, monkeypatch):
    monkeypatch.undo()  # django-axes dates its lock with the real clock
    make_staff("wang", "受理")
    for _ in range(5):
        login_post(client, "wang", "wrong-password")
    r = login_post(client, "wang", PASSWORD)
    assert "已暂时锁定" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_depositor_session_gets_404_in_the_back_office(client_zhangsan, app):
    for url in (reverse("staff:queue"), reverse("staff:detail", args=[app.pk])):
        assert client_zhangsan.get(url).status_code == 404


def test_staff_without_the_role_get_404(client, app, zhangsan):
    # Only 复审 nodes: this application (8,000.00) has none.
    client.force_login(make_staff("second", "复审"))
    assert client.get(reverse("staff:detail", args=[app.pk])).status_code == 404
    material = app.materials.first()
    assert client.get(reverse("staff:material", args=[material.pk])).status_code == 404
    r = client.post(reverse("staff:act", args=[app.pk]), {"xh": 2, "version": 0, "action": "pass"})
    assert r.status_code == 404
    app.refresh_from_db()
    assert app.state == State.SUBMITTED


def test_accept_and_approve_through_the_pages(client, app):
    clerk = make_staff("clerk", "受理", name="王受理")
    client.force_login(clerk)
    html = client.get(reverse("staff:detail", args=[app.pk])).content.decode()
    assert "办理：受理" in html and "证件号码" in html and "********" in html
    material = app.materials.first()
    r = client.get(reverse("staff:material", args=[material.pk]))
    assert r.status_code == 200 and r["Content-Disposition"] == "inline"
    r = client.post(reverse("staff:act", args=[app.pk]), {"xh": 2, "version": 0, "action": "pass"})
    assert r.status_code == 302
    # A second post of the same (now stale) form is told the application moved on.
    r = client.post(
        reverse("staff:act", args=[app.pk]), {"xh": 2, "version": 0, "action": "pass"}, follow=True
    )
    assert "已由他人办理" in r.content.decode()
    # Refusing needs a reason; the form says so and nothing changes.
    client.force_login(make_staff("first", "初审"))
    r = client.post(
        reverse("staff:act", args=[app.pk]), {"xh": 3, "version": 1, "action": "refuse"}
    )
    assert r.status_code == 400 and "必须填写原因" in r.content.decode()
    r = client.post(reverse("staff:act", args=[app.pk]), {"xh": 3, "version": 1, "action": "pass"})
    app.refresh_from_db()
    assert app.state == State.APPROVED


def test_policy_edit_is_audited(client):
    client.force_login(make_staff("boss", "管理"))
    assert client.get(reverse("staff:policy_list")).status_code == 200
    r = client.post(
        reverse("staff:policy_edit", args=["07"]),
        {
            "label": "租赁住房",
            "online": "on",
            "account_states": ["01"],
            "materials": "房屋租赁合同（可选）\n租金发票",
            "cap_month": "1500.00",
            "cap_year": "",
            "min_interval_days": "0",
            "auto_approve": "on",
        },
    )
    assert r.status_code == 302
    policy = WithdrawalPolicy.objects.get(code="07")
    assert policy.cap_month == 1500
    assert policy.materials == [
        {"name": "房屋租赁合同", "required": False},
        {"name": "租金发票", "required": True},
    ]
    event = AuditEvent.objects.get(action="policy_update")
    assert event.detail["changes"]["cap_month"] == ["1800.00", "1500.00"]


def test_policy_pages_need_the_admin_role(client):
    client.force_login(make_staff("clerk", "受理"))
    assert client.get(reverse("staff:policy_list")).status_code == 404
    assert client.get(reverse("staff:policy_edit", args=["07"])).status_code == 404


def _waiting(n):
    """`n` applications of `n` people waiting at 受理 (one in progress per person)."""
    now = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
    people = Person.objects.bulk_create(
        [
            Person(zjlx="01", zjhm_enc="-", zjhm_digest=f"bulk{i:08d}", xingming="排队人")
            for i in range(n)
        ],
        batch_size=2000,
    )
    apps = Application.objects.bulk_create(
        [
            Application(
                sqid=f"WTQ{i:08d}",
                person=people[i],
                ywlx="提取业务",
                ywxx="缴存人购买住房提取审批",
                fqsj=now + dt.timedelta(seconds=i),
                business="withdrawal",
                state=State.SUBMITTED,
                current_xh=2,
                current_role="受理",
                detail={"code": "01", "label": "购买住房"},
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    ApplicationStep.objects.bulk_create(
        [
            ApplicationStep(application=a, xh=2, jdmc="受理", role="受理", kind="staff")
            for a in apps
        ],
        batch_size=2000,
    )


@pytest.mark.parametrize("n", [10, 10_000])
def test_queue_query_count_is_the_same_for_10_and_10000(
    client, zhangsan, n, django_assert_num_queries, session_queries
):
    _waiting(n)
    client.force_login(make_staff("clerk", "受理"))
    # The same count whatever the length of the queue (keyset paging, one COUNT, the holiday
    # calendar for 剩余时限).
    with django_assert_num_queries(8 + session_queries):
        r = client.get(reverse("staff:queue"))
    assert r.status_code == 200
    html = r.content.decode()
    assert f"共 {n} 笔" in html
    with django_assert_num_queries(8 + session_queries):
        r = client.get(reverse("staff:queue") + "?tab=todo&after=2026-03-10T09:00:05%2B00:00~6")
    assert r.status_code == 200


def test_detail_query_count_is_constant(client, app, django_assert_num_queries, session_queries):
    client.force_login(make_staff("clerk", "受理"))
    with django_assert_num_queries(15 + session_queries):
        assert client.get(reverse("staff:detail", args=[app.pk])).status_code == 200
