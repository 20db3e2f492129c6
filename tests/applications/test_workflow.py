"""Staff actions on the generic workflow: nodes in order, compare-and-set (also with two threads
on two connections), segregation of duties, roles, 退回补正 and 补正, messages and SMS."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from gjj.applications import drafts
from gjj.applications import services as apps
from gjj.applications.models import Application, ApplicationStep, Event, State
from gjj.core.models import AuditEvent
from gjj.inbox.models import Message
from tests.withdrawals.makers import freeze, funded_account, make_staff, submit, upload

BUY = ("购房合同或不动产权证书", "购房发票或契税完税凭证")


@pytest.fixture
def app(db, zhangsan, monkeypatch):
    freeze(monkeypatch, dt.datetime(2026, 3, 16, 10, 0))
    funded_account(zhangsan)
    return submit(zhangsan, "01", "8000.00", materials=BUY)


@pytest.fixture
def clerk(db):
    return make_staff("clerk", "受理", "初审", name="王受理")


@pytest.fixture
def reviewer(db):
    return make_staff("reviewer2", "初审", name="赵初审")


def act(app, user, action="pass", opinion=""):
    app.refresh_from_db()
    return apps.application_act(
        application=app,
        user=user,
        xh=app.current_xh,
        version=app.version,
        action=action,
        opinion=opinion,
    )


def test_accept_then_first_review_approves(app, clerk, reviewer):
    act(app, clerk)
    app.refresh_from_db()
    assert app.state == State.REVIEW and app.accepted_at is not None
    assert app.steps.get(xh=2).blr == "王受理"
    act(app, reviewer, opinion="材料齐全，同意")
    app.refresh_from_db()
    assert app.state == State.APPROVED and app.current_xh == 4
    assert app.steps.get(xh=3).spyj == "材料齐全，同意"
    texts = list(Message.objects.order_by("id").values_list("xxnr", flat=True))
    assert "已审核通过" in texts[-1]
    audit = AuditEvent.objects.filter(action="application_act").first()
    assert audit.detail["before"] == "review" and audit.detail["after"] == "approved"
    assert audit.user == reviewer


def test_the_same_person_cannot_act_on_two_nodes(app, clerk):
    act(app, clerk)
    with pytest.raises(apps.WorkflowError, match="岗位分离"):
        act(app, clerk)
    app.refresh_from_db()
    assert app.state == State.REVIEW and app.current_xh == 3


def test_a_staff_member_without_the_role_may_not_act(app, reviewer):
    with pytest.raises(apps.NotYours):
        act(app, reviewer)  # 初审 only; the current node is 受理
    assert not Event.objects.filter(action="通过").exists()


def test_the_admin_role_may_act_on_any_node(app):
    boss = make_staff("boss", "管理")
    act(app, boss)
    app.refresh_from_db()
    assert app.state == State.REVIEW


def test_a_stale_form_loses_and_writes_nothing(app, clerk):
    other = make_staff("clerk2", "受理")
    stale_version = app.version
    act(app, clerk)
    before = (Event.objects.count(), Message.objects.count(), AuditEvent.objects.count())
    with pytest.raises(apps.Moved, match="已由他人办理"):
        apps.application_act(
            application=app, user=other, xh=2, version=stale_version, action="refuse", opinion="x"
        )
    assert (Event.objects.count(), Message.objects.count(), AuditEvent.objects.count()) == before
    assert app.steps.get(xh=2).blr == "王受理"


def test_return_and_refuse_need_a_reason(app, clerk):
    for action in ("return", "refuse"):
        with pytest.raises(apps.WorkflowError, match="必须填写原因"):
            act(app, clerk, action, "  ")
    app.refresh_from_db()
    assert app.state == State.SUBMITTED


def test_return_then_correct_then_approve(app, clerk, reviewer, zhangsan):
    act(app, clerk)
    act(app, reviewer, "return", "购房发票不清晰")
    app.refresh_from_db()
    assert app.state == State.RETURNED and app.current_xh == 3
    assert "购房发票不清晰" in Message.objects.order_by("-id").first().xxnr
    # 补正: upload again and resubmit; the node that returned it acts again.
    drafts.material_add(
        person=zhangsan,
        application=app,
        name=BUY[1],
        upload=upload(),
        round=1,
    )
    apps.application_resubmit(application=app, person=zhangsan, checks=[], version=app.version)
    app.refresh_from_db()
    assert app.state == State.REVIEW and app.steps.get(xh=3).spyj == ""
    act(app, reviewer)
    app.refresh_from_db()
    assert app.state == State.APPROVED


def test_withdraw_is_refused_once_staff_acted(app, clerk, zhangsan):
    act(app, clerk)
    with pytest.raises(apps.WorkflowError, match="不能撤回"):
        apps.application_withdraw(application=app, person=zhangsan)


def test_refuse_finishes_and_frees_the_person(app, clerk, zhangsan):
    act(app, clerk, "refuse", "材料不属于本人")
    app.refresh_from_db()
    assert app.state == State.REFUSED and app.wcsj is not None
    assert app.steps.get(xh=2).spyj == "不予受理：材料不属于本人"
    assert submit(zhangsan, "07", "100.00").state == State.APPROVED


def test_sms_follows_approval_return_and_refusal(app, clerk, reviewer, settings, tmp_path):
    import json

    path = tmp_path / "sms.jsonl"
    settings.SMS_BACKEND = f"file:{path}"
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        act(app, clerk)  # accepted: message, no SMS
    assert not path.exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        act(app, reviewer)
    lines = [json.loads(x) for x in path.read_text().splitlines()]
    assert len(lines) == 1 and "已审核通过" in lines[0]["text"]
    assert lines[0]["phone"] == "18712349858"


# serialized_rollback: the flush after this test must not re-create content types behind the
# back of a later serialized test (tests/people), and the seeded policy rows come back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_at_once_one_wins(zhangsan, monkeypatch):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's in-memory test database answers 'table is locked' to a second connection "
            "instead of waiting; the stale-form test covers compare-and-set there"
        )
    freeze(monkeypatch, dt.datetime(2026, 3, 16, 10, 0))
    funded_account(zhangsan)
    app = submit(zhangsan, "01", "8000.00", materials=BUY)
    users = [make_staff("a1", "受理"), make_staff("a2", "受理")]
    barrier = threading.Barrier(2)
    outcome: list[str] = []

    def run(user, action):
        try:
            barrier.wait()
            apps.application_act(
                application=Application.objects.get(pk=app.pk),
                user=user,
                xh=2,
                version=app.version,
                action=action,
                opinion="并发",
            )
            outcome.append("won")
        except apps.Moved:
            outcome.append("moved")
        except Exception as exc:  # SQLite: the loser may wait on the write lock and then lose
            outcome.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(users[0], "pass")),
        threading.Thread(target=run, args=(users[1], "refuse")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcome) == ["moved", "won"]
    app.refresh_from_db()
    assert app.version == 1
    assert ApplicationStep.objects.filter(application=app, actor__isnull=False).count() == 1
    assert Event.objects.filter(application=app).exclude(action="提交申请").count() == 1


def test_a_refusal_reads_as_sentences_one_after_the_other():
    from gjj.applications.services import Refused
    from gjj.applications.workflow import Check

    checks = [
        Check("a", "账户", False, "您在本中心没有公积金账户。"),
        Check("b", "期限", False, "贷款期限最长 11 年，请缩短期限"),
    ]
    assert str(Refused(checks)) == "您在本中心没有公积金账户。贷款期限最长 11 年，请缩短期限。"
