"""Submitting a withdrawal: every refusal stores nothing; one in progress; double submission;
秒批; the interest of a closing withdrawal; 撤回 and 补正."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gjj.applications import services as apps
from gjj.applications.models import Application, ApplicationStep, Draft, Event, Material, State
from gjj.core.models import AuditEvent
from gjj.inbox.models import Message
from gjj.withdrawals import services
from gjj.withdrawals.models import WithdrawalPolicy
from tests.withdrawals.makers import attach, draft, freeze, funded_account, submit

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 16, 10, 0)


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    freeze(monkeypatch, NOW)


def counts():
    return (
        Application.objects.count(),
        ApplicationStep.objects.count(),
        Message.objects.count(),
        Event.objects.count(),
        Material.objects.filter(application__isnull=False).count(),
    )


def test_rent_within_the_cap_is_approved_by_rule(zhangsan):
    funded_account(zhangsan)
    app = submit(zhangsan, "07", "1500.00")
    assert app.state == State.APPROVED
    assert app.amount == Decimal("1500.00")
    steps = list(app.steps.values_list("jdmc", "blr", "blsj"))
    assert [s[0] for s in steps] == ["任务发起人", "系统自动审核", "办结"]
    auto = app.steps.get(xh=2)
    assert auto.spyj.startswith("规则校验通过：账户状态、收款银行卡")
    assert app.detail["card"] == "6222021234561234"
    msg = Message.objects.get(person=zhangsan)
    assert "已通过系统自动审核" in msg.xxnr and msg.tsqd == "网厅-个人版"
    assert not Draft.objects.exists()


def test_purchase_goes_to_staff_review_with_its_materials(zhangsan):
    funded_account(zhangsan)
    app = submit(
        zhangsan, "01", "8000.00", materials=("购房合同或不动产权证书", "购房发票或契税完税凭证")
    )
    assert app.state == State.SUBMITTED
    assert [s.jdmc for s in app.steps.all()] == ["任务发起人", "受理", "初审", "办结"]
    assert app.current_xh == 2
    assert app.materials.count() == 2
    assert AuditEvent.objects.filter(action="application_submit").count() == 1


def test_a_large_amount_adds_the_second_review(zhangsan):
    funded_account(zhangsan, balance="90000.00")
    app = submit(
        zhangsan, "01", "60000.00", materials=("购房合同或不动产权证书", "购房发票或契税完税凭证")
    )
    assert [s.jdmc for s in app.steps.all()] == ["任务发起人", "受理", "初审", "复审", "办结"]


@pytest.mark.parametrize(
    ("setup", "code", "amount", "word"),
    [
        ({"grzhzt": "06"}, "07", "100.00", "冻结"),
        ({"card": ""}, "07", "100.00", "银行卡"),
        ({}, "07", "0", "大于 0"),
        ({}, "07", "1800.01", "限额"),
        ({"balance": "500.00"}, "07", "600.00", "余额"),
        ({}, "01", "100.00", "请上传以下材料"),
        ({}, "70", "100.00", "没有正在还款"),
        ({}, "03", "100.00", "全部余额"),
    ],
)
def test_each_refusal_stores_nothing(zhangsan, setup, code, amount, word):
    funded_account(zhangsan, **setup)
    before = counts()
    d = draft(zhangsan, code, amount)
    with pytest.raises(apps.Refused) as refused:
        services.withdrawal_submit(person=zhangsan, draft=d)
    assert word in str(refused.value)
    assert counts() == before
    assert Draft.objects.filter(pk=d.pk).exists()  # the form is kept for a correction


def test_one_withdrawal_in_progress_per_person(zhangsan):
    funded_account(zhangsan)
    submit(zhangsan, "01", "100.00", materials=("购房合同或不动产权证书", "购房发票或契税完税凭证"))
    with pytest.raises(apps.Refused, match="已有一笔提取申请正在办理"):
        submit(zhangsan, "07", "100.00")
    assert Application.objects.count() == 1


def test_the_database_holds_one_in_progress_even_past_the_rules(zhangsan):
    """Two submissions racing past the rules: the unique constraint refuses the second."""
    funded_account(zhangsan)
    submit(zhangsan, "07", "100.00")
    second = draft(zhangsan, "07", "100.00")
    with pytest.raises(apps.Refused, match="正在办理"):
        apps.application_submit(
            person=zhangsan,
            business=services.selectors.business(),
            ywxx="x",
            amount=Decimal("1"),
            detail={},
            checks=[],
            draft=second,
        )
    assert Application.objects.count() == 1


def test_a_second_submission_of_the_same_form_returns_the_first(zhangsan):
    funded_account(zhangsan)
    d = draft(zhangsan, "07", "100.00")
    first = services.withdrawal_submit(person=zhangsan, draft=d)
    again = services.withdrawal_submit(person=zhangsan, draft=d)
    assert again.pk == first.pk
    assert Application.objects.count() == 1
    assert Message.objects.count() == 1


def test_closing_withdrawal_takes_balance_plus_interest_from_the_engine(zhangsan):
    # 10,000.00 held since before 1 July 2025; withdrawn on 16 March 2026: 258 days of interest.
    funded_account(zhangsan, balance="10000.00")
    app = submit(zhangsan, "03", whole=True, materials=("离休、退休证明或养老金领取证明",))
    interest = Decimal("10000") * 258 * Decimal("1.5") / 36000
    assert app.detail["interest"] == str(interest.quantize(Decimal("0.01")))  # 107.50
    assert app.amount == Decimal("10000.00") + Decimal(app.detail["interest"])
    assert app.detail["closes_account"] is True


def test_interval_and_cap_read_the_imported_ledger(zhangsan):
    funded_account(zhangsan, entries=[(dt.date(2026, 3, 2), "11", "-1000.00", "07", "02")])
    with pytest.raises(apps.Refused, match="已提取或在办 1,000.00 元"):
        submit(zhangsan, "07", "900.00")
    assert submit(zhangsan, "07", "800.00").state == State.APPROVED


def test_withdraw_while_nobody_acted(zhangsan):
    funded_account(zhangsan)
    app = submit(
        zhangsan, "01", "100.00", materials=("购房合同或不动产权证书", "购房发票或契税完税凭证")
    )
    apps.application_withdraw(application=app, person=zhangsan)
    app.refresh_from_db()
    assert app.state == State.WITHDRAWN and app.wcsj is not None
    assert "已撤回" in Message.objects.order_by("-id").first().xxnr
    # Then a new one may start.
    assert submit(zhangsan, "07", "100.00").state == State.APPROVED


def test_policy_change_applies_to_the_next_application(zhangsan):
    funded_account(zhangsan)
    WithdrawalPolicy.objects.filter(code="07").update(cap_month=Decimal("500.00"))
    with pytest.raises(apps.Refused, match="限额 500.00"):
        submit(zhangsan, "07", "600.00")
    d = Draft.objects.get(person=zhangsan)  # the refused form is kept
    d.data = {"code": "07", "amount": "500.00"}
    d.save()
    assert services.withdrawal_submit(person=zhangsan, draft=d).state == State.APPROVED


def test_a_rent_withdrawal_with_a_document_goes_to_staff(zhangsan):
    """秒批 only when there is nothing for a person to read."""
    funded_account(zhangsan)
    d = draft(zhangsan, "07", "500.00")
    attach(zhangsan, d, "房屋租赁合同或租赁备案证明")
    assert services.withdrawal_submit(person=zhangsan, draft=d).state == State.SUBMITTED
