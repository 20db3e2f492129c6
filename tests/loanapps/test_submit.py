"""Submitting a loan application: each condition refused plainly, the limit with each of the four
limits binding in turn (through the application), the co-borrower, the term, nothing stored on a
refusal, one in progress, and the staff's re-check through BusinessHooks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gjj.applications import registry
from gjj.applications import services as apps
from gjj.applications.models import Application, ApplicationStep, Draft, Event, Material, State
from gjj.core import pii
from gjj.core.models import AuditEvent
from gjj.inbox.models import Message
from gjj.loanapps import rules, services
from gjj.loans import limits
from gjj.loans.models import LoanPolicy
from tests.factories import make_account, make_id_number, make_loan
from tests.loanapps.makers import (
    NOW,
    attach_all,
    depositor,
    draft,
    ensure_loan_defaults,
    freeze,
    submit,
)

pytestmark = pytest.mark.django_db


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
        AuditEvent.objects.filter(action="application_submit").count(),
    )


def refused(person, **overrides) -> str:
    """Submit a draft that must be refused: nothing is stored, the draft is kept."""
    before = counts()
    d = draft(person, **overrides)
    if not Material.objects.filter(draft=d).exists():
        attach_all(person, d)
    with pytest.raises(apps.Refused) as refusal:
        services.loan_submit(person=person, draft=d)
    assert counts() == before
    assert Draft.objects.filter(pk=d.pk).exists()
    return str(refusal.value)


def test_a_loan_application_goes_to_the_six_nodes(zhangsan):
    depositor(zhangsan)
    app = submit(zhangsan)
    assert app.state == State.SUBMITTED and app.business == "loan" and app.ywlx == "贷款申请"
    assert [s.jdmc for s in app.steps.all()] == [
        "任务发起人", "受理", "初审", "复审", "签订合同", "抵押登记", "放款", "办结",
    ]  # fmt: skip
    assert [s.role for s in app.steps.filter(kind="staff")] == [
        "受理", "初审", "复审", "签约", "抵押", "放款",
    ]  # fmt: skip
    assert app.amount == Decimal("300000.00")
    assert app.materials.count() == len(rules.REQUIRED_MATERIALS)
    d = app.detail
    assert d["dkqx"] == 240 and d["hkfs"] == "01" and d["dkll"] == "2.6000"
    # The plan it gives, by hand: 300,000 over 240 months at 2.60 % a year (r = 0.026/12):
    # 300000 × r × (1+r)^240 / ((1+r)^240 − 1) = 1,604.3641… → 1,604.36 a month.
    assert d["first_installment"] == "1604.36"
    # Σ interest ≈ 240 × 1,604.36 − 300,000 = 85,046.40; each period's interest is rounded to
    # the fen and the last period absorbs the rest, so the engine's sum is within 2 yuan of it.
    assert abs(Decimal(d["total_interest"]) - Decimal("85046.40")) < Decimal("2.00")
    assert not Draft.objects.exists()


def test_the_plan_preview_is_the_engines(zhangsan):
    from gjj.loans import plan as engine

    depositor(zhangsan)
    app = submit(zhangsan, hkfs="02", dkje="240000.00", qx=10)
    plan = engine.build_plan(
        principal=Decimal("240000.00"),
        annual_rate=Decimal("2.60"),
        months=120,
        method="02",
        first_due=services.first_due(NOW.date()),
    )
    # 等额本金: 240,000 / 120 = 2,000.00 principal + 240,000 × 2.6 % / 12 = 520.00 interest.
    assert app.detail["first_installment"] == "2520.00" == str(plan[0].total)
    assert app.detail["total_interest"] == str(engine.total_interest(plan))
    # Σ interest = 240000 × 0.026/12 × (120 + 119 + … + 1)/120 = 520 × 60.5 = 31,460.00
    assert app.detail["total_interest"] == "31460.00"


@pytest.mark.parametrize(
    ("setup", "word"),
    [
        ({"grzhzt": "02"}, "个人账户状态为“封存”，正常缴存的账户才能申请贷款。"),
        ({"months": 3}, "已连续缴存 3 个月，还差 3 个月。"),
    ],
)
def test_each_account_condition_is_refused_plainly(zhangsan, setup, word):
    depositor(zhangsan, **setup)
    assert word in refused(zhangsan)


def test_no_account_is_refused(zhangsan):
    ensure_loan_defaults()
    assert "您在本中心没有公积金账户。" in refused(zhangsan)


def test_an_outstanding_loan_is_refused(zhangsan):
    depositor(zhangsan)
    make_loan(zhangsan, jkhtbh="01201702090001")
    assert "借款合同【01201702090001】的贷款尚未结清。" in refused(zhangsan)


def test_one_loan_application_in_progress(zhangsan):
    depositor(zhangsan)
    first = submit(zhangsan)
    message = refused(zhangsan)
    assert "您有一笔贷款申请正在办理" in message
    # Once finished, a new one may be made.
    Application.objects.filter(pk=first.pk).update(state=State.REFUSED)
    assert submit(zhangsan).pk != first.pk


def test_the_minimum_months_is_the_policy(zhangsan):
    LoanPolicy.objects.update(min_deposit_months=36)
    depositor(zhangsan, months=24)
    assert "已连续缴存 24 个月，还差 12 个月。" in refused(zhangsan)


# --- the four limits, each binding in turn --------------------------------------------------


@pytest.mark.parametrize(
    ("code", "balance", "income", "price", "expected"),
    [
        # 中心最高额度: 600,000 (balance × 15 = 1,500,000; price × 80 % = 1,600,000).
        (limits.CAP, "100000.00", "50000.00", "2000000.00", Decimal("600000.00")),
        # 余额 × 15: 20,000 × 15 = 300,000.
        (limits.BALANCE, "20000.00", "50000.00", "2000000.00", Decimal("300000.00")),
        # 房价 × (1 − 20 %): 300,000 × 0.8 = 240,000.
        (limits.PRICE, "100000.00", "50000.00", "300000.00", Decimal("240000.00")),
        # 还款能力: 3,000 × 50 % = 1,500 a month over 240 months at 2.60 %: the largest
        # principal is 1500 × ((1+r)^240 − 1) / (r (1+r)^240) = 280,434.77…, down to 280,400.
        (limits.CAPACITY, "100000.00", "3000.00", "2000000.00", Decimal("280400.00")),
    ],
)
def test_each_limit_binds_in_turn(zhangsan, code, balance, income, price, expected):
    depositor(zhangsan, balance=balance)
    over = str(expected + Decimal("0.01"))
    message = refused(zhangsan, ysr=income, fj=price, dkje=over)
    label = limits.LABELS[code]
    assert f"贷款金额超过可贷额度 {expected:,.2f} 元（决定额度的是：{label}）" in message
    app = submit(zhangsan, ysr=income, fj=price, dkje=str(expected))
    assert app.detail["binding"] == [code]
    assert Decimal(app.detail["limit"]) == expected
    assert Decimal(app.detail["limits"][code]) == expected
    assert all(Decimal(v) > expected for k, v in app.detail["limits"].items() if k != code)


def test_the_capacity_limit_fits_the_installment(zhangsan):
    """The capacity limit's installment is within 1,500.00, a unit more is not."""
    from gjj.loans import plan as engine

    rate = Decimal("2.60")
    assert engine.monthly_payment(Decimal("280400"), rate, 240) <= Decimal("1500.00")
    assert engine.monthly_payment(Decimal("280500"), rate, 240) > Decimal("1500.00")


def test_a_second_home_takes_the_second_down_payment_and_rate(zhangsan):
    depositor(zhangsan, balance="100000.00")
    app = submit(zhangsan, tflx=rules.SECOND_HOME, fj="400000.00", ysr="50000.00", dkje="280000")
    assert app.detail["binding"] == [limits.PRICE]  # 400,000 × 70 %
    assert app.detail["limit"] == "280000.00" and app.detail["dkll"] == "3.0750"


# --- the co-borrower ------------------------------------------------------------------------


def test_an_invalid_spouse_id_number_is_refused(zhangsan):
    depositor(zhangsan)
    good = make_id_number("19870101")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")  # a wrong check character
    message = refused(zhangsan, spouse=("李梅", wrong, False))
    assert "配偶身份证号码有误：身份证号码校验位不正确" in message
    message = refused(zhangsan, spouse=("李梅", "370402198701010000", False))
    assert "配偶身份证号码有误" in message
    message = refused(zhangsan, spouse=("李梅", zhangsan.zjhm, False))
    assert "配偶的身份证号码不能与借款人本人相同" in message
    message = refused(zhangsan, spouse=("", make_id_number("19870101"), False))
    assert "请填写配偶（共同借款人）的姓名" in message


def test_a_spouse_who_deposits_here_counts_for_the_couple(zhangsan, lisi):
    depositor(zhangsan, balance="30000.00")
    make_account(lisi, entries=[(NOW.date().replace(day=1), "01", "30000.00")])
    # One: 30,000 × 15 = 450,000 binds. The couple: 60,000 × 15 = 900,000 > 800,000 (couple cap).
    alone = submit(zhangsan, ysr="50000.00", fj="3000000.00", dkje="450000.00")
    assert alone.detail["binding"] == [limits.BALANCE]
    Application.objects.filter(pk=alone.pk).update(state=State.WITHDRAWN)
    app = submit(
        zhangsan,
        ysr="50000.00",
        fj="3000000.00",
        dkje="800000.00",
        spouse=("李四", lisi.zjhm, True),
    )
    assert app.detail["binding"] == [limits.CAP] and app.detail["limit"] == "800000.00"
    assert app.detail["spouse_balance"] == "30000.00"
    # The spouse's number is kept encrypted and exported whole.
    assert lisi.zjhm not in str(app.detail)
    assert pii.decrypt(app.detail["pozjhm"]) == lisi.zjhm
    assert services.application_export(app)["gtjkrzjhm"] == lisi.zjhm


def test_a_spouse_said_to_deposit_here_but_not_found_is_refused(zhangsan):
    depositor(zhangsan)
    message = refused(zhangsan, spouse=("李梅", make_id_number("19870101"), True))
    assert "没有找到配偶在本中心正常缴存的公积金账户" in message


# --- amount and term ------------------------------------------------------------------------


def test_a_term_past_the_age_limit_is_refused(zhangsan):
    depositor(zhangsan)
    # 41 years old, limit 65: at most 24 years.
    message = refused(zhangsan, qx=25)
    assert "贷款期限最长 24 年" in message and "不超过 65 周岁" in message
    assert submit(zhangsan, qx=24).detail["dkqx"] == 288


def test_a_term_past_the_policy_is_refused(zhangsan):
    LoanPolicy.objects.update(max_term_months=120)
    depositor(zhangsan)
    assert "贷款期限最长 10 年（中心最长 10 年" in refused(zhangsan, qx=11)


@pytest.mark.parametrize(
    ("amount", "word"),
    [("0", "贷款金额必须大于 0"), ("", "请填写贷款金额"), ("100.001", "最多两位小数")],
)
def test_bad_amounts_are_refused(zhangsan, amount, word):
    depositor(zhangsan)
    assert word in refused(zhangsan, dkje=amount)


def test_missing_materials_are_refused(zhangsan):
    depositor(zhangsan)
    d = draft(zhangsan)
    with pytest.raises(apps.Refused, match="请上传以下材料：借款人及配偶的身份证明"):
        services.loan_submit(person=zhangsan, draft=d)
    assert not Application.objects.exists()


def test_the_same_draft_posted_twice_makes_one_application(zhangsan):
    depositor(zhangsan)
    d = draft(zhangsan)
    attach_all(zhangsan, d)
    first = services.loan_submit(person=zhangsan, draft=d)
    assert services.loan_submit(person=zhangsan, draft=d).pk == first.pk
    assert Application.objects.count() == 1


# --- the staff's re-check -------------------------------------------------------------------


def test_the_staff_recheck_runs_the_same_rules(zhangsan):
    depositor(zhangsan)
    app = submit(zhangsan)
    checks = registry.checks_for(app, today=NOW.date())
    assert [c.code for c in checks] == [
        "account_state", "deposit_months", "no_open_loan", "one_in_progress", "spouse",
        "house", "term", "limit", "materials",
    ]  # fmt: skip
    assert all(c.passed for c in checks)  # its own application is not "another in progress"
    # A loan appears after submission: the re-check says so.
    make_loan(zhangsan, jkhtbh="01202603160001")
    failed = [c for c in registry.checks_for(app, today=NOW.date()) if not c.passed]
    assert [c.code for c in failed] == ["no_open_loan"]
    summary = dict(registry.summary_for(app))
    assert summary["贷款金额"] == "300,000.00 元"
    assert summary["共同借款人（配偶）"] == "无"
    assert "决定额度" in summary["可贷额度"]
