"""Importing the same folder twice stores nothing new; later exports update, except the
append-only ledger and loan transactions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from gjj.applications.models import Application, ApplicationStep
from gjj.core.models import AuditEvent
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.inbox.models import Message
from gjj.interchange import specs
from gjj.loans.models import LoanContract, LoanTxn
from gjj.people.models import Person
from tests.interchange import csvdata as C

# calendar: read the clock; .ci/run runs them again at 2028-02-29 23:59:30 China time.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


def test_the_whole_folder_imports_and_a_second_run_stores_nothing(tmp_path):
    folder = C.full_folder(tmp_path / "x")
    code, out = C.run_import(folder)
    assert code == 0, out
    assert C.counts(out, "ledger.csv") == (3, 3, 0, 0)
    assert C.counts(out, "application_steps.csv") == (2, 2, 0, 0)
    code, out = C.run_import(folder)
    assert code == 0, out
    for spec in specs.ALL:
        read, stored, updated, rejected = C.counts(out, spec.name)
        assert (stored, updated, rejected) == (0, 0, 0), spec.name
    assert (Person.objects.count(), FundAccount.objects.count()) == (1, 1)
    assert (LedgerEntry.objects.count(), LoanTxn.objects.count()) == (3, 2)
    assert (Message.objects.count(), Application.objects.count()) == (1, 1)
    assert ApplicationStep.objects.count() == 2
    assert Application.objects.get().contract == LoanContract.objects.get()


def test_the_import_is_audited(tmp_path):
    C.run_import(C.full_folder(tmp_path / "x"))
    event = AuditEvent.objects.get(action="import_core")
    assert event.outcome == "ok"
    assert event.detail["files"]["ledger.csv"] == [3, 3, 0, 0]


def test_a_changed_account_field_counts_as_updated(tmp_path):
    folder = C.full_folder(tmp_path / "x")
    C.run_import(folder)
    C.write_csv(folder, "accounts.csv", [C.account(grzhye="2302.00", grzhzt="02")])
    C.write_csv(folder, "persons.csv", [C.person(sjhm="18600003387")])
    code, out = C.run_import(folder)
    assert code == 0, out
    assert C.counts(out, "accounts.csv") == (1, 0, 1, 0)
    assert C.counts(out, "persons.csv") == (1, 0, 1, 0)
    assert FundAccount.objects.get().grzhzt == "02"
    assert Person.objects.by_phone("18600003387").exists()


def test_the_same_figure_written_differently_is_not_an_update(tmp_path):
    folder = C.full_folder(tmp_path / "x")
    C.run_import(folder)
    C.write_csv(folder, "accounts.csv", [C.account(grzhye="2302", dwjcbl="10.00")])
    code, out = C.run_import(folder)
    assert C.counts(out, "accounts.csv") == (1, 0, 0, 0)


def test_a_changed_ledger_amount_under_an_existing_key_is_an_error(tmp_path):
    folder = C.full_folder(tmp_path / "x")
    C.run_import(folder)
    C.write_csv(
        folder,
        "ledger.csv",
        [
            C.entry("L1", "1151.00", "2016-07-25"),
            C.entry("L2", "1251.00", "2016-08-26"),
            C.entry("L3", "0.00", "2016-09-01", gjhtqywlx="10"),
        ],
    )
    code, out = C.run_import(folder)
    assert code == 1
    assert (
        "文件 ledger.csv 第 3 行 fse 列：业务流水号 L2 已导入过，fse 不同（已有 1,151.00，"
        "本次 1,251.00）：明细只能追加、不能修改" in out
    )
    assert LedgerEntry.objects.get(ywlsh="L2").fse == Decimal("1151.00")
    assert C.counts(out, "ledger.csv") == (3, 0, 0, 1)


def test_a_changed_loan_transaction_is_an_error(tmp_path):
    folder = C.full_folder(tmp_path / "x")
    C.run_import(folder)
    C.write_csv(
        folder,
        "loan_txns.csv",
        [
            C.txn("D1", "01", ffje="1000.00", ywfsrq="2017-02-09", hkny=""),
            C.txn("D2", "02", bjje="1.63", lxje="2.76", ywfsrq="2017-03-09", hkny="201703"),
        ],
    )
    code, out = C.run_import(folder)
    assert code == 1
    assert "文件 loan_txns.csv 第 3 行 lxje 列：业务流水号 D2 已导入过，lxje 不同" in out
    assert LoanTxn.objects.get(ywlsh="D2").lxje == Decimal("2.75")


def test_a_reimport_keeps_the_depositors_read_and_deleted_state(tmp_path):
    folder = C.full_folder(tmp_path / "x")
    C.run_import(folder)
    now = timezone.now()
    Message.objects.update(is_read=True, read_at=now, is_deleted=True, deleted_at=now)
    C.write_csv(folder, "messages.csv", [C.message(xxnr="更正后的内容"), C.message(xxid="M2")])
    code, out = C.run_import(folder)
    assert C.counts(out, "messages.csv") == (2, 1, 1, 0)
    old, new = Message.objects.get(xxid="M1"), Message.objects.get(xxid="M2")
    assert (old.xxnr, old.is_read, old.is_deleted) == ("更正后的内容", True, True)
    assert (new.is_read, new.is_deleted) == (False, False)


def test_application_steps_are_updated_by_sqid_and_order(tmp_path):
    folder = C.full_folder(tmp_path / "x")
    C.run_import(folder)
    C.write_csv(
        folder,
        "application_steps.csv",
        [
            C.step(1, "任务发起人", blr="张三", spyj="", blsj="2017-02-09 09:30:00"),
            C.step(2, "贷款受理初审", spyj="不同意", blsj="2017-02-09 09:35:12"),
            C.step(3, "贷款受理复审"),
        ],
    )
    code, out = C.run_import(folder)
    assert C.counts(out, "application_steps.csv") == (3, 1, 1, 0)
    steps = list(ApplicationStep.objects.values_list("xh", "spyj", "blsj"))
    assert [s[:2] for s in steps] == [(1, ""), (2, "不同意"), (3, "同意")]
    assert steps[2][2] is None


def test_exit_code_is_non_zero_when_anything_was_rejected(tmp_path):
    folder = C.full_folder(tmp_path / "x")
    C.write_csv(folder, "messages.csv", [C.message(tssj="昨天")])
    code, out = C.run_import(folder)
    assert code == 1
    assert "有 1 条记录被拒绝" in out
    assert C.counts(out, "ledger.csv") == (3, 3, 0, 0)  # the rest is stored
