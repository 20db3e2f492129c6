"""The depositor's pages: conditions + limit check → form + materials → summary with the plan →
确认提交; refusals on the pages; ownership; constant query counts (two data sizes)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gjj.applications.models import Application, Draft, Material
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.loanapps import rules
from tests.factories import make_account, make_id_number, make_loan
from tests.loanapps.makers import (
    NOW,
    attach_all,
    depositor,
    draft,
    freeze,
    monthly_deposits,
    submit,
)
from tests.loans.pages import text
from tests.withdrawals.makers import upload

pytestmark = pytest.mark.django_db

LIMIT = {
    "ysr": "20,000",
    "yzw": "",
    "fj": "1000000",
    "tflx": "1",
    "qx": "20",
    "hkfs": "01",
}


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    freeze(monkeypatch, NOW)


def get(client, name, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, response.status_code
    return response


def test_the_walk_from_the_limit_check_to_submission(client_zhangsan, zhangsan):
    depositor(zhangsan, balance="40000.00")
    page = text(get(client_zhangsan, "loanapps:start"))
    assert "您符合申请公积金贷款的基本条件。" in page
    assert "连续缴存 24 个月" in page and "41 周岁" in page
    # 试算: balance 40,000 × 15 = 600,000 = the cap (both bind); price 1,000,000 × 80 % = 800,000.
    r = client_zhangsan.post(reverse("loanapps:start"), {**LIMIT, "go": "check"})
    html = r.content.decode()
    assert r.status_code == 200 and not Draft.objects.exists()
    assert 'data-figure="limit">600,000.00 元' in html
    assert html.count("决定额度</span>") == 2
    assert 'data-limit="cap"' in html and 'data-limit="balance"' in html
    r = client_zhangsan.post(reverse("loanapps:start"), {**LIMIT, "go": "apply"})
    assert r.headers["Location"] == reverse("loanapps:fill")
    assert Draft.objects.get().data["dkje"] == "600000.00"  # the limit, to start from
    html = get(client_zhangsan, "loanapps:fill").content.decode()
    assert 'value="600000.00"' in html and "决定额度的是：中心最高贷款额度公积金余额 × 倍数" in html
    files = {
        f"file-{i}": upload(f"{i}.pdf") for i, m in enumerate(rules.MATERIALS) if m["required"]
    }
    r = client_zhangsan.post(
        reverse("loanapps:fill"),
        {
            **LIMIT,
            "dkje": "500000",
            "fwzl": "薛城区泰山南路 1 号",
            "fwmj": "120.5",
            "fwxz": "02",
            "go": "next",
            **files,
        },
    )
    assert r.headers["Location"] == reverse("loanapps:confirm")
    page = text(get(client_zhangsan, "loanapps:confirm"))
    assert "500,000.00 元" in page and "二手房，首套住房" in page
    # 500,000 over 240 months at 2.60 %: 500000 × r(1+r)^240 / ((1+r)^240 − 1) = 2,673.94.
    assert "月还款额 2,673.94 元" in page
    assert "确认提交" in page
    r = client_zhangsan.post(reverse("loanapps:confirm"))
    app = Application.objects.get()
    assert r.headers["Location"] == reverse("applications:detail", args=[app.pk])
    page = text(get(client_zhangsan, "applications:detail", app.pk))
    assert "签订合同" in page and "抵押登记" in page and "放款" in page
    assert "500,000.00 元" in page
    # The same form posted again creates nothing.
    again = client_zhangsan.post(reverse("loanapps:confirm"))
    assert again.status_code == 302 and Application.objects.count() == 1


def test_the_confirm_page_lists_every_failed_rule_and_offers_no_submit(client_zhangsan, zhangsan):
    depositor(zhangsan)
    draft(zhangsan, dkje="900000.00", qx=30)
    page = text(get(client_zhangsan, "loanapps:confirm"))
    assert "这笔申请暂时不能提交" in page
    assert "贷款期限最长 24 年" in page
    assert "请上传以下材料" in page
    assert "贷款金额超过可贷额度" in page
    assert "确认提交" not in page
    client_zhangsan.post(reverse("loanapps:confirm"))
    assert not Application.objects.exists()


def test_an_invalid_spouse_id_on_the_form_stores_nothing(client_zhangsan, zhangsan):
    depositor(zhangsan)
    good = make_id_number("19870101")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    r = client_zhangsan.post(
        reverse("loanapps:start"),
        {**LIMIT, "po": "on", "poxm": "李梅", "pozjhm": wrong, "go": "apply"},
    )
    assert r.status_code == 200
    assert "配偶身份证号码有误：身份证号码校验位不正确。" in r.content.decode()
    assert not Draft.objects.exists()
    r = client_zhangsan.post(reverse("loanapps:start"), {**LIMIT, "po": "on", "go": "check"})
    page = r.content.decode()
    assert "请填写配偶姓名。" in page and "请填写配偶身份证号码。" in page


@pytest.mark.parametrize(
    ("field", "value", "word"),
    [
        ("ysr", "abc", "家庭月收入应为数字"),
        ("fj", "0", "房屋总价应在 1 至 100,000,000 元之间"),
        ("qx", "0", "贷款期限应在 1 至 50 年之间"),
        ("qx", "25", "贷款期限最长 24 年"),
        ("ysr", "1.234", "最多保留 2 位小数"),
    ],
)
def test_the_limit_check_refuses_bad_input_in_chinese(
    client_zhangsan, zhangsan, field, value, word
):
    depositor(zhangsan)
    r = client_zhangsan.post(reverse("loanapps:start"), {**LIMIT, field: value, "go": "apply"})
    assert r.status_code == 200 and word in r.content.decode()
    assert not Draft.objects.exists()


def test_a_depositor_who_may_not_apply_sees_why_and_no_form(client_zhangsan, zhangsan):
    depositor(zhangsan, months=2)
    make_loan(zhangsan, jkhtbh="01201702090001")
    page = text(get(client_zhangsan, "loanapps:start"))
    assert "已连续缴存 2 个月，还差 4 个月。" in page
    assert "借款合同【01201702090001】的贷款尚未结清。" in page
    assert "您暂不符合申请公积金贷款的条件" in page and "家庭月收入" not in page
    r = client_zhangsan.post(reverse("loanapps:start"), {**LIMIT, "go": "apply"})
    assert r.status_code == 200 and not Draft.objects.exists()


def test_an_application_in_progress_is_linked(client_zhangsan, zhangsan):
    depositor(zhangsan)
    app = submit(zhangsan)
    page = text(get(client_zhangsan, "loanapps:start"))
    assert "您有一笔贷款申请正在办理" in page and app.sqid in page
    assert (
        reverse("applications:detail", args=[app.pk])
        in get(client_zhangsan, "hall:loan_apply_guide").content.decode()
    )


def test_the_form_pages_need_a_draft(client_zhangsan, zhangsan):
    depositor(zhangsan)
    for name in ("loanapps:fill", "loanapps:confirm"):
        r = client_zhangsan.get(reverse(name))
        assert r.headers["Location"] == reverse("loanapps:start")


def test_another_persons_application_and_draft_material_are_404(client, zhangsan, lisi):
    depositor(zhangsan)
    app = submit(zhangsan)
    d = draft(lisi)
    attach_all(lisi, d)
    lisi_file = Material.objects.filter(draft=d).first()
    client.force_login(zhangsan.user)
    assert client.post(reverse("loanapps:material_remove", args=[lisi_file.pk])).status_code == 404
    assert Material.objects.filter(pk=lisi_file.pk).exists()
    client.force_login(lisi.user)
    for url in (
        reverse("applications:detail", args=[app.pk]),
        reverse("applications:material", args=[app.materials.first().pk]),
    ):
        assert client.get(url).status_code == 404


def test_cancel_discards_the_draft_and_its_files(client_zhangsan, zhangsan):
    depositor(zhangsan)
    d = draft(zhangsan)
    attach_all(zhangsan, d)
    client_zhangsan.post(reverse("loanapps:cancel"))
    assert not Draft.objects.exists() and not Material.objects.exists()


# --- query counts ---------------------------------------------------------------------------


def _grow(person, tag):
    """More of everything the pages read: a longer ledger and settled loans."""
    acc = FundAccount.objects.get(person=person)
    last = LedgerEntry.objects.filter(account=acc).order_by("-jzrq", "-ywlsh").first()
    rows = [
        LedgerEntry(
            ywlsh=f"{acc.grzh}-x{i:05d}",
            account=acc,
            jzrq=dt.date(2010, 1, 1) + dt.timedelta(days=i),
            gjhtqywlx="01",
            fse=0,
            balance=last.balance,
        )
        for i in range(300)
    ]
    LedgerEntry.objects.bulk_create(rows)
    for i in range(3):
        make_loan(person, dkye="0", dkzt="03", jkhtbh=f"01201001{tag}{i:04d}")


PAGES = (
    ("get", "loanapps:start", None),
    ("post", "loanapps:start", {**LIMIT, "go": "check"}),
    ("get", "loanapps:fill", None),
    ("get", "loanapps:confirm", None),
)


@pytest.mark.parametrize(("method", "name", "data"), PAGES)
def test_query_counts_are_constant(
    client_zhangsan,
    zhangsan,
    lisi,
    django_assert_num_queries,
    django_assert_max_num_queries,
    method,
    name,
    data,
):
    depositor(zhangsan)
    make_account(lisi, entries=monthly_deposits(3))
    d = draft(zhangsan, spouse=("李四", lisi.zjhm, True))
    attach_all(zhangsan, d)
    url = reverse(name)

    def call():
        return getattr(client_zhangsan, method)(url, data) if data else client_zhangsan.get(url)

    assert call().status_code == 200
    with django_assert_max_num_queries(40) as small:
        call()
    _grow(zhangsan, "11")
    _grow(lisi, "22")
    with django_assert_num_queries(len(small.captured_queries)):
        assert call().status_code == 200
    print(f"{method.upper()} {url}: {len(small.captured_queries)} queries")
