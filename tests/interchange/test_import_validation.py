"""Every rejected cell names the file, the line (header = line 1), the column and the reason."""

from __future__ import annotations

import pytest

from gjj.fund.models import FundAccount, LedgerEntry
from gjj.interchange import specs
from gjj.loans.models import LoanContract, LoanTxn
from gjj.people.models import Person
from tests.interchange import csvdata as C

pytestmark = pytest.mark.django_db

MINIMAL = {
    "persons.csv": C.person,
    "accounts.csv": C.account,
    "ledger.csv": lambda: C.entry("L1", "1151.00"),
    "loans.csv": C.loan,
    "loan_txns.csv": lambda: C.txn("D1"),
    "messages.csv": C.message,
    "applications.csv": C.application,
    "application_steps.csv": lambda: C.step(1, "任务发起人"),
}
REQUIRED = [(spec.name, column) for spec in specs.ALL for column in spec.required]


@pytest.mark.parametrize(("name", "column"), REQUIRED, ids=[f"{n}:{c}" for n, c in REQUIRED])
def test_a_missing_required_column_is_an_error_naming_it(tmp_path, name, column):
    row = MINIMAL[name]()
    columns = [c for c in row if c != column]
    C.write_csv(tmp_path, name, [row], columns=columns)
    code, out = C.run_import(tmp_path)
    assert code == 1
    assert f"文件 {name} 第 1 行 {column} 列：缺少必需的列" in out
    assert C.counts(out, name) == (1, 0, 0, 1)


def test_an_unknown_column_is_an_error(tmp_path):
    row = {**C.person(), "beizhu": "x"}
    C.write_csv(tmp_path, "persons.csv", [row])
    code, out = C.run_import(tmp_path)
    assert code == 1
    assert "文件 persons.csv 第 1 行 beizhu 列：未知的列" in out
    assert Person.objects.count() == 0


def import_with_one_account(tmp_path, **account):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.write_csv(tmp_path, "accounts.csv", [C.account(grzhye="0.00", **account)])
    return C.run_import(tmp_path)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("khrq", "2016/07/01", "日期应写成 YYYY-MM-DD"),
        ("khrq", "2017-02-30", "日期 2017-02-30 不存在"),
        ("jzny", "2016-12", "年月应写成 YYYYMM"),
        ("jzny", "201613", "年月应写成 YYYYMM"),
        ("grjcjs", "1808.001", "金额最多两位小数"),
        ("grjcjs", "一千", "金额应为数字"),
        ("grjcjs", "-5.00", "金额不能为负数"),
        ("dwjcbl", "7.00001", "利率或比例最多四位小数"),
        ("dwjcbl", "7%", "利率或比例应为百分数的数字"),
        ("grzhzt", "07", "“07”不是有效的个人账户状态代码"),
        ("dwmc", "", "必须填写，不能为空"),
    ],
)
def test_a_bad_cell_rejects_the_record_with_its_line_and_column(tmp_path, field, value, reason):
    code, out = import_with_one_account(tmp_path, **{field: value})
    assert code == 1
    assert f"文件 accounts.csv 第 2 行 {field} 列：{reason}" in out
    assert FundAccount.objects.count() == 0
    assert C.counts(out, "accounts.csv") == (1, 0, 0, 1)


def test_a_ledger_amount_with_three_decimals_names_line_and_column(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.write_csv(tmp_path, "accounts.csv", [C.account(grzhye="1151.00")])
    rows = [C.entry(f"L{i}", "0.00", gjhtqywlx="10") for i in range(10)]
    rows.append(C.entry("L10", "1151.005"))
    rows.append(C.entry("L11", "1151.00"))
    C.write_csv(tmp_path, "ledger.csv", rows)
    code, out = C.run_import(tmp_path)
    assert code == 1
    assert "文件 ledger.csv 第 12 行 fse 列：金额最多两位小数" in out
    assert LedgerEntry.objects.count() == 11  # the other rows are stored
    assert FundAccount.objects.get().grzhye == 1151


def test_a_wrong_id_check_character_is_rejected(tmp_path):
    bad = C.ZHANG_ID[:17] + ("0" if C.ZHANG_ID[17] != "0" else "1")
    C.write_csv(tmp_path, "persons.csv", [C.person(zjhm=bad), C.person(zjhm=C.WANG_ID)])
    code, out = C.run_import(tmp_path)
    assert code == 1
    assert "文件 persons.csv 第 2 行 zjhm 列：身份证号码校验位不正确" in out
    assert Person.objects.count() == 1


def test_other_id_types_skip_the_check_character(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person(zjlx="03", zjhm="E12345678")])
    code, out = C.run_import(tmp_path)
    assert code == 0, out
    assert Person.objects.by_id_number("e12345678").exists()


def test_an_account_of_an_unknown_person_is_rejected(tmp_path):
    C.write_csv(tmp_path, "accounts.csv", [C.account(grzhye="0.00")])
    code, out = C.run_import(tmp_path)
    assert code == 1
    assert "文件 accounts.csv 第 2 行 zjhm 列：证件号码对应的缴存人不存在" in out


def test_a_ledger_entry_of_an_unknown_account_is_rejected(tmp_path):
    C.write_csv(tmp_path, "ledger.csv", [C.entry("L1", "10.00", grzh="3199999999")])
    code, out = C.run_import(tmp_path)
    assert code == 1
    assert "文件 ledger.csv 第 2 行 grzh 列：个人账户 3199999999 不存在" in out


def test_a_transaction_of_an_unknown_loan_is_rejected(tmp_path):
    C.write_csv(tmp_path, "loan_txns.csv", [C.txn("D1", jkhtbh="0199")])
    code, out = C.run_import(tmp_path)
    assert code == 1
    assert "文件 loan_txns.csv 第 2 行 jkhtbh 列：借款合同 0199 不存在" in out


def test_children_of_a_rejected_parent_are_rejected_saying_why(tmp_path):
    bad = C.ZHANG_ID[:17] + ("0" if C.ZHANG_ID[17] != "0" else "1")
    C.write_csv(tmp_path, "persons.csv", [C.person(zjhm=bad)])
    C.write_csv(tmp_path, "accounts.csv", [C.account(zjhm=bad, grzhye="10.00")])
    C.write_csv(tmp_path, "ledger.csv", [C.entry("L1", "10.00")])
    C.write_csv(tmp_path, "messages.csv", [C.message(zjhm=bad)])
    code, out = C.run_import(tmp_path)
    assert code == 1
    parent = "该证件号码的缴存人在 persons.csv 第 2 行被拒绝"
    assert f"文件 accounts.csv 第 2 行 zjhm 列：{parent}" in out
    assert "文件 ledger.csv 第 2 行 grzh 列：个人账户 3100000001 在 accounts.csv 第 2 行被拒" in out
    assert f"文件 messages.csv 第 2 行 zjhm 列：{parent}" in out
    assert C.counts(out, "ledger.csv") == (1, 0, 0, 1)


def ledger_folder(tmp_path, row):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.write_csv(tmp_path, "accounts.csv", [C.account(grzhye=row["fse"])])
    C.write_csv(tmp_path, "ledger.csv", [row])
    return C.run_import(tmp_path)


@pytest.mark.parametrize("kind", ["11", "12", "70"])
def test_withdrawals_need_reason_and_method(tmp_path, kind):
    code, out = ledger_folder(tmp_path, C.entry("L1", "0.00", gjhtqywlx=kind))
    assert code == 1
    assert "文件 ledger.csv 第 2 行 tqyy 列：业务类型为" in out
    assert "必须填写提取原因" in out
    assert "文件 ledger.csv 第 2 行 tqfs 列：" in out


def test_a_withdrawal_with_reason_and_method_is_accepted(tmp_path):
    row = C.entry("L1", "0.00", gjhtqywlx="11", tqyy="06", tqfs="01")
    code, out = ledger_folder(tmp_path, row)
    assert code == 0, out


def test_a_bad_withdrawal_reason_code_is_rejected(tmp_path):
    row = C.entry("L1", "0.00", gjhtqywlx="11", tqyy="11", tqfs="01")
    code, out = ledger_folder(tmp_path, row)
    assert "文件 ledger.csv 第 2 行 tqyy 列：“11”不是有效的提取原因代码" in out


def loan_folder(tmp_path, txns, **loan):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.write_csv(tmp_path, "loans.csv", [C.loan(**loan)])
    if txns:
        C.write_csv(tmp_path, "loan_txns.csv", txns)
    return C.run_import(tmp_path)


def test_a_disbursement_needs_its_amount(tmp_path):
    code, out = loan_folder(tmp_path, [C.txn("D1", "01", ffje="", hkny="")])
    assert "文件 loan_txns.csv 第 2 行 ffje 列：贷款发放必须填写放款金额" in out


@pytest.mark.parametrize("column", ["bjje", "lxje", "fxje"])
def test_a_repayment_needs_principal_interest_and_penalty(tmp_path, column):
    code, out = loan_folder(tmp_path, [C.txn("D1", "02", **{column: ""})])
    assert f"文件 loan_txns.csv 第 2 行 {column} 列：正常还款必须填写" in out


def test_a_prepayment_needs_its_mode(tmp_path):
    code, out = loan_folder(tmp_path, [C.txn("D1", "03", tqhkfs="")])
    assert "文件 loan_txns.csv 第 2 行 tqhkfs 列：提前还款必须填写提前还款方式" in out


@pytest.mark.parametrize(("kind", "label"), [("02", "正常还款"), ("04", "逾期还款")])
def test_monthly_repayments_need_their_month(tmp_path, kind, label):
    code, out = loan_folder(tmp_path, [C.txn("D1", kind, hkny="")])
    assert f"文件 loan_txns.csv 第 2 行 hkny 列：{label}必须填写还款年月" in out


def test_a_disbursed_loan_needs_its_balance(tmp_path):
    code, out = loan_folder(tmp_path, [], dkye="")
    assert "文件 loans.csv 第 2 行 dkye 列：贷款已发放" in out
    assert LoanContract.objects.count() == 0


def test_a_bad_rate_on_a_loan_is_rejected(tmp_path):
    code, out = loan_folder(tmp_path, [], dkll="三点三", dkffrq="", dkye="")
    assert "文件 loans.csv 第 2 行 dkll 列：利率或比例应为百分数的数字" in out


def test_an_application_of_an_unknown_contract_and_its_steps_are_rejected(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.write_csv(tmp_path, "applications.csv", [C.application(jkhtbh="0100")])
    C.write_csv(tmp_path, "application_steps.csv", [C.step(1, "任务发起人")])
    code, out = C.run_import(tmp_path)
    assert "文件 applications.csv 第 2 行 jkhtbh 列：借款合同 0100 不存在" in out
    assert "文件 application_steps.csv 第 2 行 sqid 列：业务申请 SQ1 在 applications.csv" in out


def test_a_row_with_a_wrong_number_of_cells_is_rejected(tmp_path):
    path = tmp_path / "persons.csv"
    path.write_text(f"zjlx,zjhm,xingming\n01,{C.ZHANG_ID}\n", encoding="utf-8")
    code, out = C.run_import(tmp_path)
    assert "文件 persons.csv 第 2 行：该行有 2 列，而表头有 3 列" in out


def test_line_numbers_count_a_quoted_cell_over_two_lines(tmp_path):
    path = tmp_path / "messages.csv"
    path.write_text(
        "xxid,zjhm,ywmc,xxnr,tsqd,tssj\n"
        f'M1,{C.ZHANG_ID},业务,"第一行\n第二行",柜面,2019-09-14 16:45:00\n'
        f"M2,{C.ZHANG_ID},业务,内容,柜面,2019-09-14 25:00:00\n",
        encoding="utf-8",
    )
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    code, out = C.run_import(tmp_path)
    assert "文件 messages.csv 第 4 行 tssj 列：时间 2019-09-14 25:00:00 不存在" in out


def test_errors_go_to_the_errors_file_too(tmp_path):
    C.write_csv(tmp_path, "ledger.csv", [C.entry(f"L{i}", "1.00", grzh="X") for i in range(250)])
    errors = tmp_path / "errors.txt"
    code, out = C.run_import(tmp_path, "--errors", str(errors))
    assert code == 1
    assert len(errors.read_text(encoding="utf-8").splitlines()) == 250
    assert out.count("文件 ledger.csv") == 200
    assert "另有 50 条错误未显示" in out
    assert LoanTxn.objects.count() == 0
