"""The public calculators: figures from the engine, the inputs at their edges, Chinese
messages (never a 500), the fragment for live updates, the download and constant queries."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook

from tests.loans.pages import freeze_today, text

LOAN = "/calc/loan/"
PREPAY = "/calc/prepay/"
LIMIT = "/calc/limit/"
DOMAIN_LOAN = {"dkje": "500000", "qx": "20", "qxdw": "y", "ll": "3.10", "hkfs": "01"}


@pytest.fixture(autouse=True)
def _today(monkeypatch, db):
    # The rate in force on 2026-01-15 is the row of 2025-05-08.
    freeze_today(monkeypatch, dt.date(2026, 1, 15))


def get(client, url, **params):
    response = client.get(f"{url}?{urlencode(params)}" if params else url)
    assert response.status_code == 200
    return response


def test_pages_need_no_login_and_start_empty(client):
    for url in (LOAN, PREPAY, LIMIT):
        html = get(client, url).content.decode()
        assert "data-figure" not in html and "请输入" not in html


def test_login_page_links_the_three_calculators(client):
    html = client.get("/").content.decode()
    for url in (LOAN, PREPAY, LIMIT):
        assert f'href="{url}"' in html


def test_the_depositors_navigation_links_the_calculators(client_zhangsan):
    html = client_zhangsan.get(LOAN).content.decode()
    assert f'<a href="{LOAN}" aria-current="page">计算器</a>' in html


def test_equal_installment_figures_are_the_domains(client):
    page = text(get(client, LOAN, **DOMAIN_LOAN))
    assert "月还款额 2,798.08 元" in page
    assert "利息总额 171,540.64 元" in page
    assert "还款总额 671,540.64 元" in page
    # The first period (due 2026-02-15): interest 1,291.67, principal 1,506.41.
    assert "1 202602 1,506.41 1,291.67 2,798.08 498,493.59" in page
    assert "共20页 每页显示 12 共240条记录" in page


def test_equal_principal_shows_the_first_installment_and_the_decrease(client):
    page = text(get(client, LOAN, **{**DOMAIN_LOAN, "hkfs": "02"}))
    # domain.md: first 3,375.00, second 3,369.61 (5.39 less each month); interest 155,646.09.
    assert "首月还款额 3,375.00 元" in page
    assert "每月递减 5.39 元" in page
    assert "利息总额 155,646.09 元" in page


@pytest.mark.parametrize(
    "params, rate",
    [
        ({"qx": "20"}, "2.6%（2025年5月8日起首套住房五年以上贷款利率 2.6%）"),
        ({"qx": "5"}, "2.1%（2025年5月8日起首套住房五年以下（含）贷款利率 2.1%）"),
        ({"qx": "61", "qxdw": "m"}, "2.6%"),
        ({"qx": "20", "tflx": "2"}, "3.075%（2025年5月8日起第二套住房五年以上贷款利率 3.075%）"),
    ],
)
def test_a_blank_rate_is_the_one_in_force_today(client, params, rate):
    page = text(get(client, LOAN, dkje="500000", **params))
    assert f"年利率{rate}".replace(" ", "") in page.replace(" ", "")


def test_the_last_page_of_the_plan_ends_the_loan(client):
    page = text(get(client, LOAN, **DOMAIN_LOAN, page="20"))
    assert "240 204601" in page and " 0.00 " in page
    assert "第20/20页" in page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("dkje", "", "请输入贷款金额。"),
        ("dkje", "abc", "贷款金额应为数字"),
        ("dkje", "0.99", "贷款金额应在 1 至 10,000,000 元之间。"),
        ("dkje", "10000000.01", "贷款金额应在 1 至 10,000,000 元之间。"),
        ("dkje", "1.234", "贷款金额最多保留 2 位小数。"),
        ("dkje", "NaN", "贷款金额应为数字"),
        ("dkje", "1e999", "贷款金额应在 1 至 10,000,000 元之间。"),
        ("dkje", "-5", "贷款金额应在 1 至 10,000,000 元之间。"),
        ("qx", "0", "贷款期限应在 1 至 30 年之间。"),
        ("qx", "31", "贷款期限应在 1 至 30 年之间。"),
        ("qx", "2.5", "贷款期限应为整数。"),
        ("ll", "0.001", "年利率应在 0.01 至 20 %之间。"),
        ("ll", "20.01", "年利率应在 0.01 至 20 %之间。"),
        ("ll", "3.12345", "年利率最多保留 4 位小数。"),
        ("hkfs", "09", "请选择还款方式。"),
    ],
)
def test_refused_inputs_say_why_in_chinese(client, field, value, message):
    page = text(get(client, LOAN, **{**DOMAIN_LOAN, field: value}))
    assert message in page
    assert "计算结果" not in page


@pytest.mark.parametrize(
    "params",
    [
        {"qx": "361", "qxdw": "m"},
        {"qx": "0", "qxdw": "m"},
    ],
)
def test_months_outside_one_to_360_are_refused(client, params):
    page = text(get(client, LOAN, **{**DOMAIN_LOAN, **params}))
    assert "贷款期限应在 1 至 360 个月之间。" in page


@pytest.mark.parametrize(
    "params",
    [
        {"dkje": "1", "qx": "1", "qxdw": "m", "ll": "0.01"},
        {"dkje": "10000000", "qx": "360", "qxdw": "m", "ll": "20"},
        {"dkje": "１２３，４５６.７８", "qx": "３０"},  # full-width digits and separators
    ],
)
def test_the_edges_are_accepted(client, params):
    page = text(get(client, LOAN, **params))
    assert "计算结果" in page


def test_odd_inputs_never_fail(client):
    odd = ["\x00", "1" * 200, "１e5", "∞", "Infinity", "-0", "1,,0", "<script>", "0x10", " "]
    for value in odd:
        for field in ("dkje", "qx", "ll", "qxdw", "tflx", "page"):
            get(client, LOAN, **{**DOMAIN_LOAN, field: value})
        for field in ("yhqs", "tqhkje", "ts", "tqhkfs"):
            get(client, PREPAY, **{**DOMAIN_LOAN, "yhqs": "12", "tqhkje": "1000", field: value})
        for field in ("nl", "ye", "jcys", "ysr", "yzw", "fj", "qx", "hy"):
            get(client, LIMIT, **{**LIMIT_FORM, field: value})


def test_the_fragment_for_live_updates_is_the_result_only(client):
    response = get(client, LOAN, **DOMAIN_LOAN, partial="1")
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert "2,798.08" in html
    refused = get(client, LOAN, **{**DOMAIN_LOAN, "dkje": "0"}, partial="1").content.decode()
    assert 'role="alert"' in refused and "贷款金额应在 1 至 10,000,000 元之间。" in refused


def test_download_is_the_whole_plan(client):
    response = client.get(f"/calc/loan/export/?{urlencode(DOMAIN_LOAN)}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "贷款计算器还款计划表"
    assert rows[1][:4] == (
        "贷款金额：500,000.00元",
        "期限：240个月",
        "年利率：3.1%",
        "还款方式：等额本息",
    )
    assert len(rows) == 3 + 240
    assert rows[3][:6] == (1, "202602", "2026-02-15", 1506.41, 1291.67, 2798.08)
    assert sum(round(r[4] * 100) for r in rows[3:]) == 17154064  # total interest 171,540.64


def test_download_of_a_refused_input_shows_the_page(client):
    response = client.get("/calc/loan/export/?dkje=0&qx=20")
    assert response.status_code == 200
    assert "贷款金额应在 1 至 10,000,000 元之间。" in text(response)


def test_calculators_answer_with_the_rate_table_and_policy_only(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        get(client, LOAN, **DOMAIN_LOAN)
    with django_assert_num_queries(1):
        get(client, LOAN, **{**DOMAIN_LOAN, "qx": "30", "page": "30"})
    with django_assert_num_queries(1):
        get(client, PREPAY, **DOMAIN_LOAN, yhqs="12", tqhkje="100000")
    with django_assert_num_queries(2):
        get(client, LIMIT, **LIMIT_FORM)


def test_post_is_refused(client):
    assert client.post(LOAN, DOMAIN_LOAN).status_code == 405


# --- 提前还款计算器 -----------------------------------------------------------------------------


def test_prepayment_calculator_shows_the_whatif(client):
    page = text(get(client, PREPAY, **DOMAIN_LOAN, yhqs="12", tqhkfs="02", tqhkje="100000"))
    # See tests/loans/test_whatif.py: 381,663.98 over 228 periods is 2,217.16 a month.
    assert "月还款额（下一期） 2,798.08 2,217.16" in page
    assert "剩余期数 228 228" in page
    assert "提前还款本金 100,000.00 元" in page
    page = text(get(client, PREPAY, **DOMAIN_LOAN, yhqs="12", tqhkfs="01", tqhkje="100000"))
    assert "剩余期数 228 169" in page


def test_prepayment_calculator_settlement(client):
    page = text(get(client, PREPAY, **DOMAIN_LOAN, yhqs="12", tqhkfs="03", ts="10"))
    # 481,663.98 + 481,663.98 × 3.10 % × 10 / 360 (414.77) = 482,078.75.
    assert "剩余本金 481,663.98 元 应计利息 414.77 元 结清金额 482,078.75 元" in page


@pytest.mark.parametrize(
    "params, message",
    [
        ({"yhqs": "240"}, "已还期数应在 0 至 239 期之间。"),
        ({"yhqs": ""}, "请输入已还期数。"),
        ({"tqhkje": ""}, "请输入提前还款本金。"),
        (
            {"tqhkje": "481663.98"},
            "提前还款本金应小于剩余本金 481,663.98 元；全部还清请选择提前结清。",
        ),
        ({"ts": "31"}, "距上一还款日天数应在 0 至 30 天之间。"),
    ],
)
def test_prepayment_calculator_refusals(client, params, message):
    form = {**DOMAIN_LOAN, "yhqs": "12", "tqhkfs": "02", "tqhkje": "1000", **params}
    assert message in text(get(client, PREPAY, **form))


# --- 额度试算 -----------------------------------------------------------------------------------

LIMIT_FORM = {
    "nl": "35",
    "ye": "60000",
    "jcys": "24",
    "ysr": "15000",
    "yzw": "0",
    "fj": "1200000",
    "tflx": "1",
}


def test_limit_check_shows_the_four_limits_and_which_binds(client):
    html = get(client, LIMIT, **LIMIT_FORM).content.decode()
    page = text(get(client, LIMIT, **LIMIT_FORM))
    assert "可贷额度 600,000.00 元" in page
    assert '<tr class="row--binding" data-limit="cap">' in html
    assert "公积金余额 × 倍数 900,000.00" in page
    assert "房价 × (1 − 首付比例) 960,000.00" in page
    # Age 35: 360 months; 600,000 at 2.60 % over 360 months is 2,402.04 a month.
    assert "贷款期限 360 个月" in page and "月还款额 2,402.04 元" in page


def test_limit_check_term_by_age_and_wish(client):
    page = text(get(client, LIMIT, **{**LIMIT_FORM, "nl": "50"}))
    assert "贷款期限 180 个月" in page
    page = text(get(client, LIMIT, **{**LIMIT_FORM, "nl": "50", "qx": "25"}))
    assert "180 个月 （您希望的年限超过了最长可贷期限 180 个月）" in page
    response = get(client, LIMIT, **{**LIMIT_FORM, "nl": "65"})
    assert "贷款到期时借款人年龄不得超过 65 周岁" in text(response)
    assert "data-figure" not in response.content.decode()


def test_limit_check_says_when_deposits_are_too_short(client):
    page = text(get(client, LIMIT, **{**LIMIT_FORM, "jcys": "5"}))
    assert "连续缴存不足 6 个月（您填写 5 个月），暂不能申请公积金贷款。" in page


def test_limit_check_follows_the_policy_the_center_edits(client):
    from gjj.loans.models import LoanPolicy

    LoanPolicy.objects.update(cap_single=500000, down_first=40)
    page = text(get(client, LIMIT, **LIMIT_FORM))
    assert "可贷额度 500,000.00 元" in page
    assert "房价 × (1 − 首付比例) 720,000.00" in page


def test_without_a_rate_in_force_the_pages_say_so(client):
    from gjj.loans.models import LoanRate

    LoanRate.objects.all().delete()
    assert "利率表中没有今天适用的贷款利率，请直接输入年利率。" in text(
        get(client, LOAN, dkje="500000", qx="20")
    )
    assert "计算结果" in text(get(client, LOAN, **DOMAIN_LOAN))
    assert "暂不能试算" in text(get(client, LIMIT, **LIMIT_FORM))
