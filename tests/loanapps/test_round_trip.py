"""A loan application from submission through every staff node (at /staff/), the export with the
loan's columns, the core system's contract (demo_core_results → import_core, loans.csv with the
sqid) to 贷款进度查询 and 贷款信息 showing the contract linked to the application."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from gjj.applications.models import Application, State
from gjj.inbox.models import Message
from gjj.interchange import specs
from gjj.interchange.core_results import write_results
from gjj.interchange.export import COLUMNS, export_applications
from gjj.loans.models import LoanContract, LoanTxn
from tests.factories import make_account
from tests.loanapps.makers import NODES, NOW, depositor, freeze, make_staff, node_staff, submit
from tests.loans.pages import text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    freeze(monkeypatch, NOW)


def read(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def act_through_every_node(client, app, staff):
    for node in NODES:
        user = staff[node]
        client.force_login(user)
        app.refresh_from_db()
        page = text(client.get(reverse("staff:detail", args=[app.pk])))
        assert f"当前节点：{node}" in page or node in page
        assert "贷款金额" in page and "决定额度" in page
        r = client.post(
            reverse("staff:act", args=[app.pk]),
            {"xh": app.current_xh, "version": app.version, "action": "pass", "opinion": "同意"},
        )
        assert r.status_code == 302, (node, r.content.decode()[:2000])
        app.refresh_from_db()
    return app


def test_each_node_takes_its_own_role(client, zhangsan):
    depositor(zhangsan)
    app = submit(zhangsan)
    staff = node_staff()
    # 初审's clerk may not act on 受理, nor see the queue item as theirs.
    client.force_login(staff["初审"])
    r = client.post(
        reverse("staff:act", args=[app.pk]),
        {"xh": app.current_xh, "version": app.version, "action": "pass"},
    )
    assert r.status_code == 404
    expected_roles = ["初审", "复审", "签约", "抵押", "放款", ""]
    for node, role in zip(NODES, expected_roles, strict=True):
        client.force_login(staff[node])
        queue = client.get(reverse("staff:queue")).content.decode()
        assert app.sqid in queue, node
        app.refresh_from_db()
        client.post(
            reverse("staff:act", args=[app.pk]),
            {"xh": app.current_xh, "version": app.version, "action": "pass"},
        )
        app.refresh_from_db()
        assert app.current_role == role
    assert app.state == State.APPROVED
    assert list(app.steps.filter(kind="staff").values_list("blr", flat=True)) == [
        "受理员", "初审员", "复审员", "签约员", "抵押员", "放款员",
    ]  # fmt: skip


def test_one_person_may_not_act_on_two_nodes(client, zhangsan):
    depositor(zhangsan)
    app = submit(zhangsan)
    boss = make_staff("boss", "管理")
    client.force_login(boss)
    client.post(
        reverse("staff:act", args=[app.pk]),
        {"xh": app.current_xh, "version": app.version, "action": "pass"},
    )
    app.refresh_from_db()
    r = client.post(
        reverse("staff:act", args=[app.pk]),
        {"xh": app.current_xh, "version": app.version, "action": "pass"},
    )
    assert r.status_code == 400 and "岗位分离" in r.content.decode()


def test_round_trip_to_the_contract(client, tmp_path, zhangsan, lisi):
    depositor(zhangsan)
    make_account(lisi, entries=[(NOW.date().replace(day=1), "01", "30000.00")])
    app = submit(zhangsan, spouse=("李四", lisi.zjhm, True), fwxz="02", dkje="300000.00")
    app = act_through_every_node(client, app, node_staff())
    assert app.state == State.APPROVED

    result = export_applications(tmp_path / "out")
    assert result.rows == 1
    (row,) = read(tmp_path / "out" / "applications_out.csv")
    assert list(row) == list(COLUMNS)
    assert row["ywdm"] == "loan" and row["sqid"] == app.sqid and row["zjhm"] == zhangsan.zjhm
    assert {c: row[c] for c in ("dkje", "dkqx", "dkhkfs", "fwzl", "fwmj", "fwzj")} == {
        "dkje": "300000.00",
        "dkqx": "240",
        "dkhkfs": "01",
        "fwzl": "薛城区泰山南路 1 号 2 单元 301 室",
        "fwmj": "89.50",
        "fwzj": "1000000.00",
    }
    assert (row["fwxz"], row["gfts"]) == ("02", "1")
    assert (row["gtjkrxm"], row["gtjkrzjhm"]) == ("李四", lisi.zjhm)
    assert row["tqje"] == "" and row["ywlx"] == ""  # the withdrawal's columns stay empty
    assert row["spjd"].count("；") == 5 and row["spjd"].startswith("受理:受理员:")
    app.refresh_from_db()
    assert app.state == State.EXPORTED

    assert write_results(tmp_path / "out", tmp_path / "back", today=NOW.date()) == 1
    (loan,) = read(tmp_path / "back" / specs.LOANS.name)
    assert loan["sqid"] == app.sqid and loan["htdkje"] == "300000.00" and loan["dkqs"] == "240"
    assert loan["dkll"] == "2.60"  # first home, over five years, in force on 2026-03-16
    call_command("import_core", str(tmp_path / "back"), stdout=io.StringIO())

    app.refresh_from_db()
    contract = LoanContract.objects.get(jkhtbh=loan["jkhtbh"])
    assert app.state == State.DONE and app.contract_id == contract.pk
    assert contract.sqid == app.sqid and contract.person_id == zhangsan.pk
    assert contract.htdkje == Decimal("300000.00") and contract.dkye == Decimal("300000.00")
    assert contract.dkffrq == NOW.date()
    assert LoanTxn.objects.get(contract=contract).ffje == Decimal("300000.00")
    assert app.steps.get(kind="core").spyj == f"已签订借款合同 {contract.jkhtbh} 并放款"
    message = Message.objects.filter(person=zhangsan).order_by("-id").first()
    assert "已办结，借款合同已签订并放款" in message.xxnr and app.sqid in message.xxnr

    client.force_login(zhangsan.user)
    progress = text(client.get(reverse("loans:progress") + f"?jkhtbh={contract.jkhtbh}"))
    for node in ("任务发起人", *NODES, "办结"):
        assert node in progress
    assert "放款员" in progress and app.sqid in progress
    info = text(client.get(reverse("loans:info") + f"?jkhtbh={contract.jkhtbh}"))
    assert contract.jkhtbh in info and "300,000.00" in info

    # A second import of the same folder changes nothing.
    call_command("import_core", str(tmp_path / "back"), stdout=io.StringIO())
    assert LoanContract.objects.count() == 1
    assert Message.objects.filter(person=zhangsan, xxnr__contains="已签订并放款").count() == 1


def test_a_contract_row_alone_settles_and_links(tmp_path, zhangsan):
    """loans.csv with the sqid and no 办结 step: the contract is the answer."""
    depositor(zhangsan)
    app = submit(zhangsan)
    Application.objects.filter(pk=app.pk).update(state=State.EXPORTED)
    folder = tmp_path / "back"
    folder.mkdir()
    columns = specs.LOANS.columns
    values = dict(
        jkhtbh="HT2026031600099", dkzh="DK1", zjhm=zhangsan.zjhm, htdkje="300000.00",
        dkqs="240", dkll="2.60", dkhkfs="01", swtyhmc="建行", jkhtqdrq="2026-03-16",
        dkffrq="2026-03-16", ydhkr="16", scyhny="202604", dkye="300000.00", fwzl="某路",
        fwjzmj="89.50", fwzj="1000000.00", sqid=app.sqid,
    )  # fmt: skip
    with open(folder / "loans.csv", "w", encoding="utf-8") as fh:
        fh.write(",".join(columns) + "\n" + ",".join(values[c] for c in columns) + "\n")
    with open(folder / "loan_txns.csv", "w", encoding="utf-8") as fh:
        fh.write("ywlsh,jkhtbh,ywfsrq,dkywmxlx,ffje\nF1,HT2026031600099,2026-03-16,01,300000.00\n")
    call_command("import_core", str(folder), stdout=io.StringIO())
    app.refresh_from_db()
    assert app.state == State.DONE and app.contract.jkhtbh == "HT2026031600099"
    # A later export of the contract without the column (or with it empty) keeps the link.
    later = tmp_path / "later"
    later.mkdir()
    plain = [c for c in columns if c != "sqid"]
    values["dkye"] = "299000.00"
    with open(later / "loans.csv", "w", encoding="utf-8") as fh:
        fh.write(",".join(plain) + "\n" + ",".join(values[c] for c in plain) + "\n")
    with open(later / "loan_txns.csv", "w", encoding="utf-8") as fh:
        fh.write(
            "ywlsh,jkhtbh,ywfsrq,dkywmxlx,bjje,lxje,fxje,hkny\n"
            "R1,HT2026031600099,2026-04-16,02,1000.00,650.00,0.00,202604\n"
        )
    call_command("import_core", str(later), stdout=io.StringIO())
    contract = LoanContract.objects.get(jkhtbh="HT2026031600099")
    assert contract.dkye == Decimal("299000.00") and contract.sqid == app.sqid


def test_return_for_correction_and_refusal_at_later_nodes(client, zhangsan):
    from tests.withdrawals.makers import upload

    depositor(zhangsan)
    app = submit(zhangsan)
    staff = node_staff()
    for node in NODES[:3]:
        client.force_login(staff[node])
        app.refresh_from_db()
        client.post(
            reverse("staff:act", args=[app.pk]),
            {"xh": app.current_xh, "version": app.version, "action": "pass"},
        )
    # 签订合同 returns it: the depositor uploads the correction and sends it back to that node.
    client.force_login(staff["签订合同"])
    app.refresh_from_db()
    client.post(
        reverse("staff:act", args=[app.pk]),
        {
            "xh": app.current_xh,
            "version": app.version,
            "action": "return",
            "opinion": "购房合同缺少签字页",
        },
    )
    app.refresh_from_db()
    assert app.state == State.RETURNED and app.current_role == "签约"
    client.force_login(zhangsan.user)
    r = client.post(
        reverse("applications:correct", args=[app.pk]),
        {"name": "购房合同或不动产权证书", "files": upload("签字页.pdf"), "go": "resubmit"},
    )
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.state == State.REVIEW and app.current_role == "签约"
    assert app.materials.filter(filename="签字页.pdf", round__gt=0).exists()
    # 签订合同 passes, 抵押登记 refuses (驳回): finished, nothing to export.
    for node, action in (("签订合同", "pass"), ("抵押登记", "refuse")):
        client.force_login(staff[node])
        app.refresh_from_db()
        client.post(
            reverse("staff:act", args=[app.pk]),
            {
                "xh": app.current_xh,
                "version": app.version,
                "action": action,
                "opinion": "不动产已查封",
            },
        )
    app.refresh_from_db()
    assert app.state == State.REFUSED
    assert "驳回：不动产已查封" in app.steps.get(jdmc="抵押登记").spyj


def test_the_message_after_the_last_node_speaks_of_the_loan_not_a_transfer(client, zhangsan):
    depositor(zhangsan)
    app = act_through_every_node(client, submit(zhangsan), node_staff())
    assert app.state == State.APPROVED
    latest = Message.objects.filter(person=zhangsan).order_by("-tssj", "-id").first()
    assert "已审核通过，中心将办理放款" in latest.xxnr and "转入账" not in latest.xxnr
