"""Each rule of an online prepayment refuses plainly and a refusal stores nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from gjj.applications import services as apps
from gjj.applications.models import Application, Draft, State
from gjj.fund.models import FundAccount
from gjj.loans.models import Holiday, LoanPolicy
from gjj.prepayments import services
from gjj.withdrawals.models import WithdrawalPolicy
from tests.prepayments.makers import D, borrower, domain_loan, submit
from tests.withdrawals.makers import freeze
from tests.withdrawals.makers import submit as withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def loan(zhangsan, monkeypatch):
    return borrower(zhangsan, monkeypatch)[0]


def refused(person, loan, **kwargs) -> list[str]:
    with pytest.raises(apps.Refused) as exc:
        submit(person, loan, **kwargs)
    assert Application.objects.count() == 0 and Draft.objects.count() == 0  # nothing stored
    return [c.message for c in exc.value.checks]


def test_a_valid_application_is_stored_with_its_figures(zhangsan, loan):
    app = submit(zhangsan, loan, mode="02", amount="100000")
    assert app.state == State.SUBMITTED and app.business == "prepayment"
    assert app.ywlx == "提前还款" and app.ywxx == "借款人减少月还款额申请"
    assert [s.jdmc for s in app.steps.all()] == ["任务发起人", "受理", "审核", "办结"]
    d = app.detail
    # 100,000 prepaid on 2026-01-12: 2 days of interest since 2026-01-10 = 17.22.
    assert (d["amount"], d["accrued"], d["pay_now"], d["days"]) == (
        "100000.00",
        "17.22",
        "100017.22",
        2,
    )
    assert (d["fund_amount"], d["card_amount"], d["source"]) == ("0.00", "100017.22", "1")
    assert "grzh" not in d  # the card pays: no fund account involved
    assert app.amount == D("100017.22")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"amount": "2798"}, "提前还款金额不能少于一期月还款额（2,798.08 元）。"),
        ({"amount": "5000.50"}, "提前还款金额须为整元。"),
        (
            {"amount": "481664"},
            "提前还款金额应小于剩余本金 481,663.98 元；全部还清请选择提前结清。",
        ),
        ({"on": dt.date(2026, 1, 17)}, "2026-01-17 是星期六，请选择工作日。"),
        ({"on": dt.date(2026, 2, 12)}, "提前还款日期应为下一还款日，或今天起 30 天内"),
        ({"on": dt.date(2026, 1, 9)}, "提前还款日期应为下一还款日"),
        ({"source": "9"}, "请选择还款资金来源。"),
        ({"source": "3", "fund": "0"}, "公积金冲还金额应大于 0 且小于本次应付 100,017.22 元"),
        ({"source": "3", "fund": "100017.22"}, "公积金冲还金额应大于 0 且小于本次应付"),
    ],
)
def test_each_refusal_stores_nothing(zhangsan, loan, kwargs, message):
    messages = refused(zhangsan, loan, **kwargs)
    assert any(message in m for m in messages), messages


def test_arrears_come_first_and_a_settlement_clears_them(zhangsan, monkeypatch):
    freeze(monkeypatch, dt.datetime(2026, 1, 12, 10))
    loan = domain_loan(zhangsan, paid=11)  # 202601 (due 2026-01-10) unpaid
    messages = refused(zhangsan, loan, mode="02", amount="100000")
    # 2 days late: 2,798.08 × 3.10 % × 1.5 × 2 / 360 = 0.72 of penalty.
    assert messages[0].startswith(
        "此合同有 1 期应还款项逾期未还（202601），逾期本息 2,798.08 元，截至今日罚息 0.72 元"
    )
    # 03 settles the overdue installment and its penalty with the balance.
    app = submit(zhangsan, loan, mode="03")
    assert app.detail["overdue"] == "2798.08" and D(app.detail["penalty"]) > 0
    assert D(app.detail["pay_now"]) == (
        D(app.detail["balance"]) + D(app.detail["accrued"]) + D("2798.08")
        + D(app.detail["penalty"])
    )  # fmt: skip


def test_one_prepayment_in_progress_per_contract(zhangsan, loan):
    first = submit(zhangsan, loan)
    messages = refused_after(zhangsan, loan, mode="03")
    assert messages == [
        f"借款合同【{loan.jkhtbh}】已有一笔提前还款申请正在办理（申请编号 {first.sqid}），"
        "请等它办结或撤回后再申请。"
    ]
    # Withdrawn, it no longer blocks.
    apps.application_withdraw(application=first, person=zhangsan)
    assert submit(zhangsan, loan, mode="03").state == State.SUBMITTED


def refused_after(person, loan, **kwargs) -> list[str]:
    before = Application.objects.count()
    with pytest.raises(apps.Refused) as exc:
        submit(person, loan, **kwargs)
    assert Application.objects.count() == before and Draft.objects.count() == 0
    return [c.message for c in exc.value.checks if not c.passed]


def test_per_year_count_includes_applications_in_progress(zhangsan, loan):
    LoanPolicy.objects.update(prepay_per_year=1)
    # One partial prepayment booked this year already → the second is refused.
    loan.txns.create(ywlsh="p1", ywfsrq=dt.date(2026, 1, 5), dkywmxlx="03", tqhkfs="01")
    messages = refused(zhangsan, loan, mode="02", amount="100000")
    assert (
        "每年最多办理 1 次部分提前还款，您今年已办理 1 次；可选择提前结清，或明年再办理。"
        in messages
    )


def test_an_application_in_progress_counts_for_the_year(zhangsan, loan):
    from gjj.prepayments import selectors

    app = submit(zhangsan, loan, mode="02", amount="100000")
    facts, _ = selectors.facts(
        person=zhangsan, contract=loan, mode="01", amount=D("50000"), on=dt.date(2026, 1, 13),
        source="1", fund_amount=None, today=dt.date(2026, 1, 12),
    )  # fmt: skip
    assert facts.done_this_year == 1
    facts, _ = selectors.facts(
        person=zhangsan, contract=loan, mode="01", amount=D("50000"), on=dt.date(2026, 1, 13),
        source="1", fund_amount=None, today=dt.date(2026, 1, 12), exclude_pk=app.pk,
    )  # fmt: skip
    assert facts.done_this_year == 0


def test_a_settlement_is_not_counted_as_partial(zhangsan, loan):
    LoanPolicy.objects.update(prepay_per_year=0)
    assert refused(zhangsan, loan, mode="02")
    assert submit(zhangsan, loan, mode="03").detail["mode"] == "03"


def test_the_fund_part_is_refused_by_the_withdrawal_rules(zhangsan, loan):
    FundAccount.objects.filter(person=zhangsan).update(grzhzt="02")  # 封存: 70 needs 正常
    messages = refused(zhangsan, loan, source="2")
    assert any(m.startswith("公积金冲还不能办理：您的账户状态为“封存”") for m in messages)


def test_the_fund_part_cannot_exceed_the_balance(zhangsan, monkeypatch):
    loan, _ = borrower(zhangsan, monkeypatch, balance="30000.00")
    messages = refused(zhangsan, loan, source="2")  # 100,017.22 from 30,000.00
    assert "公积金冲还不能办理：提取金额超过可提取余额 30,000.00 元，请改小金额。" in messages
    # Combined: 30,000 from the fund, the rest from the card.
    app = submit(zhangsan, loan, source="3", fund="30000")
    assert (app.detail["fund_amount"], app.detail["card_amount"]) == ("30000.00", "70017.22")


def test_a_withdrawal_in_progress_refuses_the_fund_part(zhangsan, loan):
    withdraw(
        zhangsan, "01", "100.00", materials=("购房合同或不动产权证书", "购房发票或契税完税凭证")
    )
    messages = refused_after(zhangsan, loan, source="2")
    assert "公积金冲还不能办理：您已有一笔提取申请正在办理，请等它办结或撤回后再申请。" in messages
    assert submit(zhangsan, loan, source="1").detail["source"] == "1"  # the card still may


def test_fund_offline_is_refused(zhangsan, loan):
    WithdrawalPolicy.objects.filter(code="70").update(online=False)
    assert "公积金冲还不能办理：公积金冲还暂不能在网上办理。" in refused(zhangsan, loan, source="2")


def test_holidays_and_working_weekends(zhangsan, loan):
    Holiday.objects.create(day=dt.date(2026, 1, 13), kind="休", name="测试假日")
    Holiday.objects.create(day=dt.date(2026, 1, 17), kind="班", name="调休上班")
    assert "2026-01-13 是法定节假日，请选择工作日。" in refused(
        zhangsan, loan, on=dt.date(2026, 1, 13)
    )
    # A Saturday that is a 调休上班日 is a working day.
    assert submit(zhangsan, loan, on=dt.date(2026, 1, 17)).detail["date"] == "2026-01-17"


def test_a_second_post_of_the_same_page_returns_the_first(zhangsan, loan):
    token = services.new_token(zhangsan)
    first = submit(zhangsan, loan, token=token)
    assert submit(zhangsan, loan, token=token).pk == first.pk
    assert Application.objects.count() == 1


def test_another_persons_token_or_contract_is_refused(zhangsan, lisi, loan):
    with pytest.raises(apps.WorkflowError):
        submit(lisi, loan)  # zhangsan's contract
    with pytest.raises(apps.WorkflowError):
        submit(zhangsan, loan, token=services.new_token(lisi))
    assert Application.objects.count() == 0


def test_staff_add_a_holiday_in_admin_and_it_is_audited(client, zhangsan, loan):
    from django.contrib.auth.models import Permission

    from gjj.core.models import AuditEvent
    from tests.withdrawals.makers import make_staff

    user = make_staff("calendar")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=("add_holiday", "view_holiday"))
    )
    client.force_login(user)
    response = client.post(
        "/admin/loans/holiday/add/", {"day": "2026-01-13", "kind": "休", "name": "测试假日"}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="holiday_add").exists()
    assert "2026-01-13 是法定节假日，请选择工作日。" in refused(
        zhangsan, loan, on=dt.date(2026, 1, 13)
    )


def test_the_fund_part_in_progress_is_not_available_to_a_withdrawal(zhangsan, monkeypatch):
    from gjj.applications.registry import checks_for

    loan, _ = borrower(zhangsan, monkeypatch, balance="30000.00")
    app = submit(zhangsan, loan, source="3", fund="29000")
    assert app.detail["fund_hold"] == "29000.00"
    # 30,000 − 29,000 held = 1,000 left for a 租房 withdrawal of 1,500.
    with pytest.raises(apps.Refused) as exc:
        withdraw(zhangsan, "07", "1500.00")
    assert [c.message for c in exc.value.checks] == [
        "提取金额超过可提取余额 1,000.00 元（另有 29,000.00 元已用于正在办理的公积金冲还），"
        "请改小金额。"
    ]
    assert withdraw(zhangsan, "07", "1000.00").state == State.APPROVED  # 秒批
    # The staff's re-check of the prepayment leaves its own hold out, and now sees the rent
    # withdrawal in progress (one withdrawal at a time).
    failed = [c for c in checks_for(app, today=dt.date(2026, 1, 12)) if not c.passed]
    assert [c.code for c in failed] == ["fund"]
    assert "您已有一笔提取申请正在办理" in failed[0].message
