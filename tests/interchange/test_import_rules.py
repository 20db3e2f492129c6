"""The import rules of interchange.md that the other import tests do not reach: keys repeated
inside a file, the phone and length rules, the defaults of optional cells, the 首次应还年月
default, header mistakes and files with only a header."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gjj.applications.models import ApplicationStep
from gjj.core.codes import LoanState
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.inbox.models import Message
from gjj.loans.models import LoanContract
from gjj.people.models import Person
from tests.interchange import csvdata as C

pytestmark = pytest.mark.django_db


def test_a_person_repeated_in_the_file_is_rejected_once_and_the_first_row_kept(tmp_path):
    rows = [C.person(), C.person(xingming="张叁"), C.person(zjhm=C.WANG_ID, xingming="王五")]
    C.write_csv(tmp_path, "persons.csv", rows)
    code, out = C.run_import(tmp_path)
    assert code == 1
    assert "文件 persons.csv 第 3 行 zjhm 列：证件号码与第 2 行重复" in out
    assert C.counts(out, "persons.csv") == (3, 2, 0, 1)
    assert Person.objects.by_id_number(C.ZHANG_ID).get().xingming == "张三"


def test_the_same_id_number_in_lower_case_is_the_same_person(tmp_path):
    first17 = "11010519491231002"
    rows = [C.person(zjhm=first17 + "X"), C.person(zjhm=first17 + "x")]
    C.write_csv(tmp_path, "persons.csv", rows)
    code, out = C.run_import(tmp_path)
    assert "文件 persons.csv 第 3 行 zjhm 列：证件号码与第 2 行重复" in out
    assert Person.objects.count() == 1


def test_a_ledger_key_repeated_in_the_file_is_rejected(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.write_csv(tmp_path, "accounts.csv", [C.account(grzhye="100.00")])
    rows = [C.entry("L1", "100.00"), C.entry("L1", "100.00", "2016-08-25")]
    C.write_csv(tmp_path, "ledger.csv", rows)
    code, out = C.run_import(tmp_path)
    assert code == 1
    assert "文件 ledger.csv 第 3 行 ywlsh 列：业务流水号在本文件中重复出现" in out
    assert list(LedgerEntry.objects.values_list("ywlsh", "balance")) == [("L1", Decimal("100"))]
    assert FundAccount.objects.get().grzhye == Decimal("100.00")


def test_an_account_key_repeated_in_the_file_is_rejected(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    rows = [C.account(grzhye="0.00"), C.account(grzhye="0.00", dwmc="另一单位")]
    C.write_csv(tmp_path, "accounts.csv", rows)
    code, out = C.run_import(tmp_path)
    assert "文件 accounts.csv 第 3 行 grzh 列：个人账号与第 2 行重复" in out
    assert FundAccount.objects.get().dwmc == "枣庄市测试单位"


def test_a_step_repeated_for_the_same_application_is_rejected(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.write_csv(tmp_path, "applications.csv", [C.application(jkhtbh="")])
    steps = [C.step(1, "任务发起人"), C.step(1, "贷款受理初审"), C.step(2, "贷款受理初审")]
    C.write_csv(tmp_path, "application_steps.csv", steps)
    code, out = C.run_import(tmp_path)
    assert "文件 application_steps.csv 第 3 行 xh 列：同一申请的序号与第 2 行重复" in out
    assert list(ApplicationStep.objects.values_list("xh", "jdmc")) == [
        (1, "任务发起人"),
        (2, "贷款受理初审"),
    ]


@pytest.mark.parametrize("phone", ["1871234985", "187123498580", "28712349858", "187-1234-985"])
def test_a_phone_number_must_be_11_digits(tmp_path, phone):
    C.write_csv(tmp_path, "persons.csv", [C.person(sjhm=phone)])
    code, out = C.run_import(tmp_path)
    assert code == 1
    assert "文件 persons.csv 第 2 行 sjhm 列：手机号码应为 11 位数字" in out
    assert Person.objects.count() == 0


def test_a_person_without_a_phone_is_stored_without_one(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person(sjhm="")])
    code, out = C.run_import(tmp_path)
    assert code == 0, out
    assert Person.objects.get().sjhm == ""


@pytest.mark.parametrize(
    ("zjhm", "reason"),
    [
        ("37040219851315001X", "身份证号码中的出生日期不正确"),
        ("3704021985031500", "身份证号码应为18位"),
    ],
)
def test_a_resident_id_with_a_bad_date_or_length_is_rejected(tmp_path, zjhm, reason):
    C.write_csv(tmp_path, "persons.csv", [C.person(zjhm=zjhm)])
    code, out = C.run_import(tmp_path)
    assert f"文件 persons.csv 第 2 行 zjhm 列：{reason}" in out
    assert Person.objects.count() == 0


def test_a_cell_longer_than_its_field_is_rejected(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person(xingming="张" * 61)])
    code, out = C.run_import(tmp_path)
    assert "文件 persons.csv 第 2 行 xingming 列：长度不能超过 60 个字符" in out
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("zjlx", "05", "“05”不是有效的证件类型代码"),
        ("xingbie", "3", "“3”不是有效的性别代码"),
        ("xingming", "", "必须填写，不能为空"),
    ],
)
def test_bad_person_cells_are_rejected(tmp_path, column, value, reason):
    C.write_csv(tmp_path, "persons.csv", [C.person(**{column: value})])
    code, out = C.run_import(tmp_path)
    assert f"文件 persons.csv 第 2 行 {column} 列：{reason}" in out


def test_fslxe_and_czbz_default_to_zero_and_not_a_reversal(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.write_csv(tmp_path, "accounts.csv", [C.account(grzhye="15.21")])
    row = dict(ywlsh="I1", grzh="3100000001", jzrq="2017-06-30", gjhtqywlx="09", fse="15.21")
    C.write_csv(tmp_path, "ledger.csv", [row])
    code, out = C.run_import(tmp_path)
    assert code == 0, out
    entry = LedgerEntry.objects.get()
    assert (entry.fslxe, entry.czbz, entry.tqyy, entry.balance) == (
        Decimal("0.00"),
        "01",
        "",
        Decimal("15.21"),
    )


def test_a_reversal_is_a_new_negative_entry(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.write_csv(tmp_path, "accounts.csv", [C.account(grzhye="1151.00")])
    rows = [
        C.entry("L1", "1151.00", "2016-07-25"),
        C.entry("L2", "1151.00", "2016-07-26"),
        C.entry("L3", "-1151.00", "2016-07-27", czbz="02", ywzy="冲正 L2"),
    ]
    C.write_csv(tmp_path, "ledger.csv", rows)
    code, out = C.run_import(tmp_path)
    assert code == 0, out
    assert list(LedgerEntry.objects.order_by("jzrq").values_list("czbz", "balance")) == [
        ("01", Decimal("1151.00")),
        ("01", Decimal("2302.00")),
        ("02", Decimal("1151.00")),
    ]


def test_entries_of_one_day_run_in_key_order(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.write_csv(tmp_path, "accounts.csv", [C.account(grzhye="50.00")])
    rows = [
        C.entry("B", "-100.00", "2017-02-28", gjhtqywlx="11", tqyy="06", tqfs="01"),
        C.entry("A", "150.00", "2017-02-28"),
    ]
    C.write_csv(tmp_path, "ledger.csv", rows)
    code, out = C.run_import(tmp_path)
    assert code == 0, out
    running = LedgerEntry.objects.order_by("jzrq", "ywlsh").values_list("ywlsh", "balance")
    assert list(running) == [("A", Decimal("150.00")), ("B", Decimal("50.00"))]


def test_the_first_due_month_defaults_to_the_month_after_disbursement(tmp_path):
    # Disbursed 2017-02-09, due on the 9th: without scyhny the first installment is 201703, so a
    # repayment of 201703 alone leaves 201704 .. unpaid (逾期); with scyhny 201704 nothing is
    # due before the first repayment of 201704 and the loan is being repaid normally.
    txns = [
        C.txn("D1", "01", ffje="1000.00", ywfsrq="2017-02-09", hkny=""),
        C.txn("D2", "02", bjje="1.63", lxje="2.75", ywfsrq="2017-03-09", hkny="201703"),
    ]
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.write_csv(tmp_path, "loans.csv", [C.loan(dkqs="1", dkye="998.37")])
    C.write_csv(tmp_path, "loan_txns.csv", txns)
    code, out = C.run_import(tmp_path)
    assert code == 0, out
    assert LoanContract.objects.get().dkzt == LoanState.REPAYING  # its one period is paid

    other = tmp_path / "other"
    other.mkdir()
    C.write_csv(other, "persons.csv", [C.person()])
    C.write_csv(other, "loans.csv", [C.loan(jkhtbh="0102", dkqs="1", dkye="998.37")])
    txns = [{**t, "ywlsh": "X" + t["ywlsh"], "jkhtbh": "0102"} for t in txns]
    txns[1]["hkny"] = "201704"  # pays a month the plan does not have: 201703 is still owed
    C.write_csv(other, "loan_txns.csv", txns)
    code, out = C.run_import(other)
    assert code == 0, out
    assert LoanContract.objects.get(jkhtbh="0102").dkzt == LoanState.OVERDUE


@pytest.mark.parametrize(
    ("column", "value"), [("ydhkr", "0"), ("ydhkr", "32"), ("dkqs", "0"), ("dkqs", "十二")]
)
def test_repayment_day_and_term_must_be_in_range(tmp_path, column, value):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.write_csv(tmp_path, "loans.csv", [C.loan(dkffrq="", dkye="", **{column: value})])
    code, out = C.run_import(tmp_path)
    assert f"文件 loans.csv 第 2 行 {column} 列：应为 1 到" in out
    assert LoanContract.objects.count() == 0


def test_a_repeated_header_column_rejects_the_file(tmp_path):
    path = tmp_path / "persons.csv"
    path.write_text(f"zjlx,zjhm,xingming,zjhm\n01,{C.ZHANG_ID},张三,{C.ZHANG_ID}\n", "utf-8")
    code, out = C.run_import(tmp_path)
    assert code == 1
    assert "文件 persons.csv 第 1 行 zjhm 列：列名重复" in out
    assert "文件 persons.csv 第 1 行：表头有误，整个文件未导入" in out
    assert C.counts(out, "persons.csv") == (1, 0, 0, 1)
    assert Person.objects.count() == 0


def test_a_header_only_file_and_blank_lines_store_nothing_and_are_no_error(tmp_path):
    (tmp_path / "messages.csv").write_text("xxid,zjhm,ywmc,xxnr,tsqd,tssj\n\n\n", "utf-8")
    code, out = C.run_import(tmp_path)
    assert code == 0, out
    assert C.counts(out, "messages.csv") == (0, 0, 0, 0)
    assert Message.objects.count() == 0


def test_header_names_are_read_whatever_their_case_and_spaces(tmp_path):
    path = tmp_path / "persons.csv"
    path.write_text(f" ZJLX ,Zjhm,xingming\n01,{C.ZHANG_ID},张三\n", "utf-8")
    code, out = C.run_import(tmp_path)
    assert code == 0, out
    assert Person.objects.get().xingming == "张三"


def test_a_changed_name_and_address_in_a_later_export_update_the_person(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.run_import(tmp_path)
    C.write_csv(tmp_path, "persons.csv", [C.person(xingming="张三丰", jtzz="枣庄市市中区")])
    code, out = C.run_import(tmp_path)
    assert C.counts(out, "persons.csv") == (1, 0, 1, 0)
    person = Person.objects.get()
    assert (person.xingming, person.jtzz, person.zjhm) == ("张三丰", "枣庄市市中区", C.ZHANG_ID)


def test_a_nul_character_rejects_its_row_instead_of_failing_the_database(tmp_path):
    # PostgreSQL refuses NUL in text; the row is rejected with a plain reason, the rest stored.
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    good = C.message(xxid="M2")
    C.write_csv(tmp_path, "messages.csv", [C.message(xxnr="尊敬的\x00张三"), good])
    code, out = C.run_import(tmp_path)
    assert code == 1
    assert "文件 messages.csv 第 2 行：该行含有空字符（NUL，\\x00），请检查导出文件" in out
    assert list(Message.objects.values_list("xxid", flat=True)) == ["M2"]
    assert C.counts(out, "messages.csv") == (2, 1, 0, 1)


def test_a_full_width_id_number_in_a_later_file_is_the_same_person(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    full_width = C.ZHANG_ID.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})
    C.write_csv(tmp_path, "accounts.csv", [C.account(zjhm=full_width, grzhye="0.00")])
    code, out = C.run_import(tmp_path)
    assert code == 0, out
    C.write_csv(tmp_path, "persons.csv", [C.person(zjhm=full_width)])
    code, out = C.run_import(tmp_path)
    assert code == 0, out
    assert C.counts(out, "persons.csv") == (1, 0, 0, 0)
    assert Person.objects.by_id_number(C.ZHANG_ID).get().accounts.count() == 1


def test_a_phone_in_full_width_digits_is_refused(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person(sjhm="１８７１２３４９８５８")])
    code, out = C.run_import(tmp_path)
    assert "文件 persons.csv 第 2 行 sjhm 列：手机号码应为 11 位数字" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--encoding", "big-five-ish"], "不认识的编码 big-five-ish（可用 utf-8 或 gbk）"),
        (["--batch-size", "0"], "--batch-size 至少为 1"),
    ],
)
def test_bad_command_options_are_clear_errors_before_anything_is_read(tmp_path, args, message):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    code, out = C.run_import(tmp_path, *args)
    assert code == 1
    assert message in out
    assert Person.objects.count() == 0
