"""The 信息查询 pages over the sample folder imported by `import_core` (the manual's cases).

The sample (gjj/interchange/fixtures/sample/) holds 测试一: a closed account and a normal one
(the manual's §3.2.1 header and six ledger rows), the settled 1,000.00 loan of §3.5, and
01201702270009, signed and not disbursed (§3.4, §3.6 step 6).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

import gjj.interchange
from gjj.identity.models import User
from gjj.people.models import Person
from tests.factories import PASSWORD
from tests.loans.pages import table_rows, text

SAMPLE = Path(gjj.interchange.__file__).parent / "fixtures" / "sample"
SETTLED = "01201702090011"
NOT_DISBURSED = "01201702270009"


@pytest.fixture
def client_ceshi(client, db):
    """测试一 as imported, with a hall login (registration itself is not under test here)."""
    call_command("import_core", str(SAMPLE), stdout=io.StringIO())
    person = Person.objects.get(xingming="测试一")
    person.user = User.objects.create_user(username="ceshi1", password=PASSWORD)
    person.save(update_fields=["user"])
    client.force_login(person.user)
    return client


def test_basic_info_masks_the_id_number_and_the_phone(client_ceshi):
    response = client_ceshi.get(reverse("fund:basic_info"))
    page = text(response)
    for expected in (
        "姓名 测试一",
        "证件类型 居民身份证",
        "证件号码 370402********1236",
        "手机号码 187****9858",
        "性别 男",
        "家庭住址 山东省枣庄市市中区光明路1号",
        "个人账号 3100000001",
        "账户状态 提取销户",
        "个人账号 3100000002",
        "单位名称 枣庄市示例有限公司",
        "账户状态 正常",
        "缴存基数 1,808.00",
        "缴存比例 单位10%,个人10%",
        "月缴存额 361.60（单位 180.80 + 个人 180.80）",
        "缴至年月 201612",
        "余额 15,360.98",
        "开户银行 工商银行枣庄薛城支行 6222****1234",
    ):
        assert expected in page, expected
    html = response.content.decode()
    assert "370402198503151236" not in html and "18700009858" not in html
    assert "6222020000001234" not in html


def test_the_ledger_shows_the_manuals_header_and_rows(client_ceshi):
    response = client_ceshi.get(
        reverse("fund:ledger"), {"ksrq": "2017-01-01", "jsrq": "2017-03-15"}
    )
    page = text(response)
    for expected in (
        "个人账户余额 15,360.98",
        "个人缴存基数 1,808.00",
        "缴存比例 单位10%,个人10%",
        "缴至年月 201612",
        "单位缴存金额 180.80",
        "个人缴存金额 180.80",
        "共6条记录 第1/1页",
    ):
        assert expected in page, expected
    assert table_rows(response.content.decode()) == [
        ["1", "2017-02-27", "部分提取", "10.00", "0.00", "偿还购房贷款本息", "现金提取"],
        ["2", "2017-02-28", "公积金提取还款", "10.00", "0.00", "偿还购房贷款本息", "其他"],
        ["3", "2017-02-28", "部分提取", "2.22", "0.00", "偿还购房贷款本息", "现金提取"],
        ["4", "2017-02-28", "部分提取", "2.89", "0.00", "物业管理费", "现金提取"],
        ["5", "2017-03-01", "部分提取", "10.00", "0.00", "偿还购房贷款本息", "现金提取"],
        ["6", "2017-03-01", "公积金提取还款", "50.00", "0.00", "偿还购房贷款本息", "其他"],
    ]


def test_the_repayments_are_the_manuals_table(client_ceshi):
    response = client_ceshi.get(reverse("loans:repayments"), {"jkhtbh": SETTLED})
    rows = table_rows(response.content.decode())
    z = "0.00"
    assert rows[0] == ["1", "2017-02-09", "", "贷款发放", z, z, z, z, "1,000.00", z, z, "1,000.00"]
    assert rows[1] == [
        *("2", "2017-02-09", "201702", "正常还款", "1.63", "2.75", z, "4.38"),
        *(z, "1.63", "2.75", "998.37"),
    ]
    prepaid = [(r[3], r[4], r[7], r[9], r[10], r[11]) for r in rows[2:]]
    assert prepaid == [
        ("提前还款", "100.00", "100.00", "101.63", "2.75", "898.37"),
        ("提前还款", "44.00", "44.00", "145.63", "2.75", "854.37"),
        ("提前还款", "0.40", "0.40", "146.03", "2.75", "853.97"),
        ("提前还款", "99.00", "99.00", "245.03", "2.75", "754.97"),
        ("提前还款", "0.90", "0.90", "245.93", "2.75", "754.07"),
        ("提前还款", "754.00", "754.00", "999.93", "2.75", "0.07"),
        ("提前还款", "0.07", "0.07", "1,000.00", "2.75", "0.00"),
    ]
    assert all(r[2] == "201704" and r[5] == z and r[8] == z for r in rows[2:])
    assert "共9条记录 第1/1页" in text(response)


def test_the_settled_loan_says_so_and_shows_its_state(client_ceshi):
    plan = text(client_ceshi.get(reverse("loans:plan"), {"jkhtbh": SETTLED}))
    assert "此合同【01201702090011】的贷款已结清" in plan
    info = text(client_ceshi.get(reverse("loans:info"), {"jkhtbh": SETTLED}))
    for expected in (
        "贷款金额 1,000.00",
        "贷款期限(月) 360",
        "贷款年利率 3.3%",
        "月还款额 0.00",
        "贷款余额 0.00",
        "剩余期数 0",
        "提前还款方式 提前结清",
        "贷款状态 结清",
        "委托银行 工行薛城支行",
    ):
        assert expected in info, expected


@pytest.mark.parametrize("name", ["loans:info", "loans:repayments", "loans:plan"])
def test_the_contract_not_disbursed_says_so(client_ceshi, name):
    page = text(client_ceshi.get(reverse(name), {"jkhtbh": NOT_DISBURSED}))
    assert "此合同【01201702270009】的贷款未发放" in page


def test_the_loan_pages_open_on_the_newest_contract(client_ceshi):
    html = client_ceshi.get(reverse("loans:plan")).content.decode()
    assert f'<option value="{NOT_DISBURSED}" selected>' in html
    assert f'<option value="{SETTLED}">' in html
    assert "此合同【01201702270009】的贷款未发放" in text(client_ceshi.get(reverse("loans:plan")))


def test_progress_shows_the_open_application_of_the_contract(client_ceshi):
    response = client_ceshi.get(reverse("loans:progress"), {"jkhtbh": NOT_DISBURSED})
    rows = table_rows(response.content.decode())
    assert [r[:4] for r in rows] == [
        ["1", "申请受理", "已完成", "测试16"],
        ["2", "初审", "已完成", "测试16"],
        ["3", "复审", "已完成", "测试16"],
        ["4", "终审", "已完成", "测试16"],
        ["5", "签订合同", "已完成", "测试16"],
        ["6", "抵押登记", "当前节点", ""],
        ["7", "放款", "未开始", ""],
    ]
    assert rows[4][5] == "2017-03-02 15:00:00"
