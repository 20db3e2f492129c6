"""UTF-8 with or without a BOM, GBK with --encoding gbk, columns in any order."""

from __future__ import annotations

import pytest

from gjj.inbox.models import Message
from gjj.people.models import Person
from tests.interchange import csvdata as C

pytestmark = pytest.mark.django_db


def test_a_utf8_file_with_a_bom_is_read(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person()], bom=True)
    code, out = C.run_import(tmp_path)
    assert code == 0, out
    assert Person.objects.by_id_number(C.ZHANG_ID).get().xingming == "张三"


def test_a_gbk_file_is_read_with_the_encoding_option(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person(jtzz="山东省枣庄市")], encoding="gbk")
    C.write_csv(tmp_path, "messages.csv", [C.message()], encoding="gbk")
    code, out = C.run_import(tmp_path, "--encoding", "gbk")
    assert code == 0, out
    person = Person.objects.get()
    assert (person.xingming, person.jtzz) == ("张三", "山东省枣庄市")
    assert Message.objects.get().xxnr == "尊敬的张三，您的201908至201908补缴的公积金已到账。"


def test_a_gbk_file_read_as_utf8_says_how_to_fix_it(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person()], encoding="gbk")
    code, out = C.run_import(tmp_path)
    assert code == 1
    assert "无法按 UTF-8 解码（若文件是 GBK 编码导出的，请加 --encoding gbk 重新导入）" in out
    assert Person.objects.count() == 0


def test_columns_may_come_in_any_order(tmp_path):
    row = C.person()
    C.write_csv(tmp_path, "persons.csv", [row], columns=list(reversed(list(row))))
    C.write_csv(tmp_path, "accounts.csv", [C.account(grzhye="0.00")], columns=sorted(C.account()))
    code, out = C.run_import(tmp_path)
    assert code == 0, out
    assert C.counts(out, "accounts.csv") == (1, 1, 0, 0)


def test_optional_columns_may_be_left_out(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [dict(zjlx="01", zjhm=C.ZHANG_ID, xingming="张三")])
    code, out = C.run_import(tmp_path)
    assert code == 0, out
    person = Person.objects.get()
    assert person.sjhm_enc == "" and person.sjhm_digest == ""


def test_missing_files_mean_nothing_of_that_kind(tmp_path):
    code, out = C.run_import(tmp_path)
    assert code == 0
    assert "loans.csv（无）" in out
