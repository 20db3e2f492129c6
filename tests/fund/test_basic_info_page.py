"""个人基本信息 (manual §3.1): customer information masked, every account's information."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

from django.urls import reverse

from tests.factories import make_account, make_loan

URL = reverse("fund:basic_info")


def text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_customer_information_is_masked(client_zhangsan, zhangsan):
    zhangsan.xingbie = "1"
    zhangsan.jtzz = "山东省枣庄市市中区光明路1号"
    zhangsan.save()
    response = client_zhangsan.get(URL)
    page = text(response)
    number = zhangsan.zjhm
    assert "姓名 张三" in page
    assert "证件类型 居民身份证" in page
    assert f"证件号码 {number[:6]}********{number[-4:]}" in page
    assert "手机号码 187****9858" in page
    assert "性别 男" in page
    assert "家庭住址 山东省枣庄市市中区光明路1号" in page
    html = response.content.decode()
    assert number not in html and "18712349858" not in html


def test_every_account_is_shown_with_its_figures(client_zhangsan, zhangsan):
    make_account(
        zhangsan,
        grzh="3100000007",
        grzhzt="05",
        khrq=dt.date(2007, 6, 1),
        dwmc="枣庄旧单位",
        dwzh="10007",
        dwjcbl="10",
        grjcbl="7.5",
        grjcjs="1000.00",
        dwyjce="100.00",
        gryjce="75.00",
        jzny="201605",
    )
    make_account(
        zhangsan,
        grzh="3100000021",
        entries=[(dt.date(2017, 1, 24), "01", "15360.98")],
        grjcjs="1808.00",
        dwyjce="216.96",
        gryjce="126.56",
        jzny="201712",
        grckzhhm="6222021234561234",
        grckzhkhyhmc="工商银行枣庄分行",
    )
    response = client_zhangsan.get(URL)
    page = text(response)
    for expected in (
        "个人账号 3100000007 单位名称 枣庄旧单位 单位账号 10007",
        "开户日期 2007-06-01 账户状态 提取销户",
        "缴存基数 1,000.00 缴存比例 单位10%,个人7.5% 月缴存额 175.00（单位 100.00 + 个人 75.00）",
        "缴至年月 201605 余额 0.00",
        "个人账号 3100000021 单位名称 枣庄示例单位 单位账号 10001",
        "开户日期 2016-07-01 账户状态 正常",
        "缴存基数 1,808.00 缴存比例 单位12%,个人7% 月缴存额 343.52（单位 216.96 + 个人 126.56）",
        "缴至年月 201712 余额 15,360.98 开户银行 工商银行枣庄分行 6222****1234",
    ):
        assert expected in page
    assert "6222021234561234" not in response.content.decode()


def test_loan_tabs_only_for_a_person_with_loans(client_zhangsan, zhangsan):
    make_account(zhangsan)
    html = client_zhangsan.get(URL).content.decode()
    assert "还款计划" not in html and "还款明细" not in html
    make_loan(zhangsan, dkzt="03", dkye="0.00")
    html = client_zhangsan.get(URL).content.decode()
    for tab in ("缴存支取信息", "贷款进度查询", "贷款信息", "还款明细", "还款计划", "个人基本信息"):
        assert tab in html


def test_only_the_persons_own_accounts(client_lisi, zhangsan, lisi):
    make_account(zhangsan, grzh="3100000021")
    make_account(lisi, grzh="3100000022")
    html = client_lisi.get(URL).content.decode()
    assert "3100000022" in html and "3100000021" not in html


def test_queries_are_constant(client_zhangsan, zhangsan, django_assert_max_num_queries):
    for _ in range(5):
        make_account(zhangsan)
    with django_assert_max_num_queries(8):
        client_zhangsan.get(URL)
