"""export_applications → the core system's answer → import_core: written once, 办结 on the
flow, the lower balance on the account, the message; sqid in ledger.csv."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import stat
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from gjj.applications import services as apps
from gjj.applications.models import Application, State
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.inbox.models import Message
from gjj.interchange.core_results import write_results
from gjj.interchange.export import COLUMNS, export_applications
from tests.withdrawals.makers import freeze, funded_account, make_staff, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    freeze(monkeypatch, dt.datetime(2026, 3, 16, 10, 0))


def read(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def run_import(folder) -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_core", str(folder), stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue() + err.getvalue() + str(exc)
    return out.getvalue() + err.getvalue()


def test_export_once_owner_only_and_again(tmp_path, zhangsan):
    funded_account(zhangsan)
    app = submit(zhangsan, "07", "1500.00")
    result = export_applications(tmp_path)
    assert result.rows == 1
    rows = read(tmp_path / "applications_out.csv")
    assert list(rows[0]) == list(COLUMNS)
    row = rows[0]
    assert row["sqid"] == app.sqid and row["zjhm"] == zhangsan.zjhm
    assert (row["ywlx"], row["tqyy"], row["tqfs"], row["tqje"]) == ("11", "07", "02", "1500.00")
    assert row["skzh"] == "6222021234561234"
    assert row["spjd"].startswith("系统自动审核:系统:2026-03-16 10:00:00")
    assert stat.S_IMODE(os.stat(tmp_path / "applications_out.csv").st_mode) == 0o600
    app.refresh_from_db()
    assert app.state == State.EXPORTED
    assert export_applications(tmp_path).rows == 0  # nothing new
    assert len(read(tmp_path / "applications_out.csv")) == 1
    assert export_applications(tmp_path, again=app.sqid).rows == 1
    assert len(read(tmp_path / "applications_out.csv")) == 2


def test_only_approved_applications_are_exported(tmp_path, zhangsan):
    funded_account(zhangsan)
    submit(zhangsan, "01", "100.00", materials=("购房合同或不动产权证书", "购房发票或契税完税凭证"))
    assert export_applications(tmp_path).rows == 0
    assert not (tmp_path / "applications_out.csv").exists()


def test_round_trip_shows_done_and_the_lower_balance(tmp_path, zhangsan):
    account = funded_account(zhangsan, balance="20000.00")
    app = submit(zhangsan, "07", "1500.00")
    export_applications(tmp_path / "out")
    write_results(tmp_path / "out", tmp_path / "back")
    assert "sqid" in read(tmp_path / "back" / "ledger.csv")[0]
    report = run_import(tmp_path / "back")
    assert "没有被拒绝的记录" in report
    app.refresh_from_db()
    assert app.state == State.DONE and app.wcsj is not None
    core = app.steps.order_by("-xh").first()
    assert (core.jdmc, core.blr, core.spyj) == ("办结", "核心系统", "已转账")
    account.refresh_from_db()
    assert account.grzhye == Decimal("18500.00")
    entry = LedgerEntry.objects.get(sqid=app.sqid)
    assert entry.fse == Decimal("-1500.00") and entry.tqyy == "07"
    assert "已办结" in Message.objects.order_by("-id").first().xxnr
    # Importing the same answer again changes nothing and sends nothing.
    messages = Message.objects.count()
    run_import(tmp_path / "back")
    assert Message.objects.count() == messages
    assert LedgerEntry.objects.filter(sqid=app.sqid).count() == 1


def test_closing_round_trip_credits_interest_and_closes(tmp_path, zhangsan):
    account = funded_account(zhangsan, balance="10000.00")
    app = submit(zhangsan, "03", whole=True, materials=("离休、退休证明或养老金领取证明",))
    a, b = make_staff("a", "受理"), make_staff("b", "初审")
    apps.application_act(application=app, user=a, xh=2, version=0, action="pass")
    apps.application_act(application=app, user=b, xh=3, version=1, action="pass")
    export_applications(tmp_path / "out")
    write_results(tmp_path / "out", tmp_path / "back")
    run_import(tmp_path / "back")
    app.refresh_from_db()
    account.refresh_from_db()
    assert app.state == State.DONE
    assert account.grzhye == Decimal("0.00") and account.grzhzt == "05"
    assert LedgerEntry.objects.get(sqid=app.sqid, gjhtqywlx="09").fse == Decimal("107.50")


def test_a_refusal_from_the_core_system(tmp_path, zhangsan):
    funded_account(zhangsan)
    app = submit(zhangsan, "07", "1500.00")
    export_applications(tmp_path)
    (tmp_path / "back").mkdir()
    (tmp_path / "back" / "application_steps.csv").write_text(
        "sqid,xh,jdmc,blr,spyj,blsj\n"
        f"{app.sqid},3,驳回,核心系统,银行卡已销户,2026-03-17 09:00:00\n",
        encoding="utf-8",
    )
    run_import(tmp_path / "back")
    app.refresh_from_db()
    assert app.state == State.REFUSED
    assert "银行卡已销户" in Message.objects.order_by("-id").first().xxnr


def test_a_core_step_cannot_overwrite_a_hall_node(tmp_path, zhangsan):
    funded_account(zhangsan)
    app = submit(zhangsan, "07", "1500.00")
    (tmp_path / "application_steps.csv").write_text(
        f"sqid,xh,jdmc,blr,spyj,blsj\n{app.sqid},2,初审,某人,同意,2026-03-17 09:00:00\n",
        encoding="utf-8",
    )
    report = run_import(tmp_path)
    assert "只接受核心系统的“办结”或“驳回”节点" in report
    assert app.steps.get(xh=2).jdmc == "系统自动审核"
    assert Application.objects.get(pk=app.pk).state == State.APPROVED
    assert FundAccount.objects.count() == 1
