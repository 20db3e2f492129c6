"""Browser walk of the 信息查询 tabs: a persona with two loans (active, settled) and one without."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from gjj.applications.models import Application, ApplicationStep
from tests.factories import make_account, make_loan

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = "docs/screenshots"


def at(*args):
    return timezone.make_aware(dt.datetime(*args))


def _ledger(today):
    entries = [(dt.date(2016, 7, 1), "08", "20000.00")]
    for i in range(23, 0, -1):
        day = (today.replace(day=1) - dt.timedelta(days=30 * i)).replace(day=24)
        entries.append((day, "01", "1382.00"))
    entries.insert(12, (entries[11][0], "11", "-14100.00", "06", "01"))
    return entries


@pytest.fixture
def borrower(zhangsan):
    zhangsan.xingbie = "1"
    zhangsan.jtzz = "山东省枣庄市市中区光明路1号"
    zhangsan.save()
    today = timezone.localdate()
    make_account(
        zhangsan,
        grzh="3100000021",
        entries=_ledger(today),
        grjcjs="7273.68",
        dwjcbl="12",
        grjcbl="7",
        dwyjce="872.84",
        gryjce="509.16",
        jzny=f"{today:%Y%m}",
        grckzhhm="6222021234561234",
        grckzhkhyhmc="工商银行枣庄分行",
    )
    year = today.year - 1
    active = make_loan(
        zhangsan,
        jkhtbh=f"01{year}01150001",
        htdkje=Decimal("500000.00"),
        dkqs=240,
        dkll=Decimal("3.10"),
        jkhtqdrq=dt.date(year, 1, 10),
        disbursed=dt.date(year, 1, 15),
        ydhkr=15,
        dkye=Decimal("496983.29"),
        txns=[
            dict(ywfsrq=dt.date(year, 1, 15), dkywmxlx="01", ffje=Decimal("500000.00")),
            dict(
                ywfsrq=dt.date(year, 2, 15),
                hkny=f"{year}02",
                dkywmxlx="02",
                bjje=Decimal("1506.41"),
                lxje=Decimal("1291.67"),
            ),
            dict(
                ywfsrq=dt.date(year, 3, 15),
                hkny=f"{year}03",
                dkywmxlx="02",
                bjje=Decimal("1510.30"),
                lxje=Decimal("1287.78"),
            ),
        ],
    )
    settled = make_loan(
        zhangsan,
        jkhtbh="01201702090011",
        dkye=Decimal("0.00"),
        dkzt="03",
        txns=[
            dict(ywfsrq=dt.date(2017, 2, 9), dkywmxlx="01", ffje=Decimal("1000.00")),
            dict(
                ywfsrq=dt.date(2017, 3, 9),
                hkny="201703",
                dkywmxlx="02",
                bjje=Decimal("1.63"),
                lxje=Decimal("2.75"),
            ),
            dict(
                ywfsrq=dt.date(2017, 3, 20),
                hkny="201704",
                dkywmxlx="03",
                bjje=Decimal("998.37"),
                tqhkfs="03",
            ),
        ],
    )
    app = Application.objects.create(
        sqid="SQ-ACTIVE",
        person=zhangsan,
        ywlx="个人贷款业务",
        ywxx="借款人贷款审批",
        contract=active,
        fqsj=at(year, 1, 3, 9, 0, 0),
    )
    steps = [
        ("申请受理", "测试一", at(year, 1, 3, 9, 0, 0)),
        ("初审", "测试16", at(year, 1, 4, 10, 12, 5)),
        ("复审", "测试16", at(year, 1, 6, 15, 30, 0)),
        ("终审", "测试18", at(year, 1, 8, 9, 45, 10)),
        ("签订合同", "测试18", at(year, 1, 10, 10, 0, 0)),
        ("抵押登记", "", None),
        ("放款", "", None),
    ]
    for xh, (name, who, when) in enumerate(steps, start=1):
        ApplicationStep.objects.create(
            application=app, xh=xh, jdmc=name, blr=who, spyj="同意" if when else "", blsj=when
        )
    return zhangsan, active, settled


def sign_in(page, live_server, person):
    """A session made by Django's test client, handed to the browser.

    The login form has its own browser test; these tests are about the information pages.
    """
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(person.user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def shot(page, name):
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_borrower_walks_every_tab(page, live_server, borrower):
    person, active, settled = borrower
    sign_in(page, live_server, person)

    page.goto("/info/basic/")
    assert "187****9858" in page.content()
    assert "6222****1234" in page.content()
    shot(page, "info-basic")

    page.get_by_role("link", name="缴存支取信息").first.click()
    page.wait_for_load_state()
    assert "单位12%,个人7%" in page.content()
    assert "共" in page.locator(".pager__summary").inner_text()
    shot(page, "info-ledger")
    page.get_by_role("link", name="下一页").click()
    page.wait_for_load_state()
    assert page.locator("tbody tr td").first.inner_text() == "11"

    page.get_by_role("link", name="贷款进度查询").click()
    page.wait_for_load_state()
    assert page.locator(".flow__node--current").inner_text().split()[-1] == "当前节点"
    shot(page, "info-progress")

    page.get_by_role("link", name="贷款信息").click()
    page.wait_for_load_state()
    assert "2,798.08" in page.content()
    shot(page, "info-loan")

    page.get_by_role("link", name="还款明细").click()
    page.wait_for_load_state()
    cells = page.locator("tbody tr").nth(2).locator("td").all_inner_texts()
    assert cells[-3:] == ["3,016.71", "2,579.45", "496,983.29"]
    shot(page, "info-repayments")

    page.get_by_role("link", name="还款计划").click()
    page.wait_for_load_state()
    page.fill("input[name=ksrq]", f"{active.dkffrq.year}-01-01")
    page.fill("input[name=jsrq]", f"{active.dkffrq.year}-12-31")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    first = page.locator("tbody tr").first.locator("td").all_inner_texts()
    assert first[3:] == ["1,514.21", "1,283.87", "2,798.08"]
    shot(page, "info-plan")
    with page.expect_download() as info:
        page.get_by_role("link", name="数据下载").click()
    assert info.value.suggested_filename.startswith(f"还款计划_{active.jkhtbh}_")

    page.select_option("select[name=jkhtbh]", settled.jkhtbh)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert "此合同【01201702090011】的贷款已结清" in page.content()


def test_a_person_without_loans_sees_the_message(page, live_server, lisi):
    make_account(lisi, entries=[(timezone.localdate(), "01", "1382.00")], grjcbl="7.5")
    sign_in(page, live_server, lisi)
    page.goto("/info/ledger/")
    assert "单位12%,个人7.5%" in page.content()
    assert page.get_by_role("link", name="还款计划").count() == 0
    page.get_by_role("link", name="贷款进度查询").click()
    page.wait_for_load_state()
    assert "您未办理贷款业务，如需办理贷款业务，请回到主页面进行贷款申请" in page.content()
    shot(page, "info-noloan")
