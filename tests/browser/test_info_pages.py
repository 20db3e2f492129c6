"""Browser walk of the 信息查询 tabs: a persona with two loans (active, settled) and one without."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from gjj.applications.models import Application, ApplicationStep
from gjj.loans import plan as engine
from tests.browser.shots import SHOTS
from tests.factories import PASSWORD, make_account, make_loan

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


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
    # Repaid on time up to today: every installment due before today is paid.
    schedule = engine.build_plan(
        principal=Decimal("500000.00"),
        annual_rate=Decimal("3.10"),
        months=240,
        method="01",
        first_due=dt.date(year, 2, 15),
    )
    paid = [row for row in schedule if row.due_date < today]
    active = make_loan(
        zhangsan,
        jkhtbh=f"01{year}01150001",
        htdkje=Decimal("500000.00"),
        dkqs=240,
        dkll=Decimal("3.10"),
        jkhtqdrq=dt.date(year, 1, 10),
        disbursed=dt.date(year, 1, 15),
        ydhkr=15,
        dkye=paid[-1].balance_after,
        txns=[
            dict(ywfsrq=dt.date(year, 1, 15), dkywmxlx="01", ffje=Decimal("500000.00")),
            *(
                dict(
                    ywfsrq=row.due_date,
                    hkny=row.hkny,
                    dkywmxlx="02",
                    bjje=row.principal,
                    lxje=row.interest,
                )
                for row in paid
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


def shot(page, name):
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_borrower_walks_every_tab(page, login_as, borrower):
    person, active, settled = borrower
    login_as(person, PASSWORD)

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
    today = timezone.localdate()
    end = today.replace(year=today.year + 1) - dt.timedelta(days=1)
    page.fill("input[name=ksrq]", f"{today:%Y-%m-%d}")
    page.fill("input[name=jsrq]", f"{end:%Y-%m-%d}")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    rows = page.locator("tbody tr")
    assert rows.count() == 12
    first = rows.first.locator("td").all_inner_texts()
    assert first[2] >= f"{today:%Y-%m-%d}" and first[2].endswith("-15")
    assert {rows.nth(i).locator("td").nth(5).inner_text() for i in range(11)} == {"2,798.08"}
    assert "逾期" not in page.locator("tbody").inner_text()
    shot(page, "info-plan")
    with page.expect_download() as info:
        page.get_by_role("link", name="数据下载").click()
    assert info.value.suggested_filename.startswith(f"还款计划_{active.jkhtbh}_")

    page.select_option("select[name=jkhtbh]", settled.jkhtbh)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert "此合同【01201702090011】的贷款已结清" in page.content()


def test_a_person_without_loans_sees_the_message(page, login_as, lisi):
    make_account(lisi, entries=[(timezone.localdate(), "01", "1382.00")], grjcbl="7.5")
    login_as(lisi, PASSWORD)
    page.goto("/info/ledger/")
    assert "单位12%,个人7.5%" in page.content()
    assert page.get_by_role("link", name="还款计划").count() == 0
    page.get_by_role("link", name="贷款进度查询").click()
    page.wait_for_load_state()
    assert "您未办理贷款业务，如需办理贷款业务，请回到主页面进行贷款申请" in page.content()
    shot(page, "info-noloan")


def test_overdue_installments_are_marked(page, login_as, zhangsan):
    """One installment of 2,798.08 paid, then nothing: every later one due before today is late."""
    today = timezone.localdate()
    signed = today.replace(day=1) - dt.timedelta(days=130)
    schedule = engine.build_plan(
        principal=Decimal("500000.00"),
        annual_rate=Decimal("3.10"),
        months=240,
        method="01",
        first_due=dt.date(signed.year, signed.month, 15),
    )
    paid = schedule[:1]
    make_loan(
        zhangsan,
        jkhtbh=f"01{signed:%Y%m%d}0009",
        htdkje=Decimal("500000.00"),
        dkqs=240,
        dkll=Decimal("3.10"),
        jkhtqdrq=signed,
        disbursed=signed,
        ydhkr=15,
        scyhny=paid[0].hkny,
        dkye=paid[0].balance_after,
        txns=[
            dict(ywfsrq=signed, dkywmxlx="01", ffje=Decimal("500000.00")),
            dict(
                ywfsrq=paid[0].due_date,
                hkny=paid[0].hkny,
                dkywmxlx="02",
                bjje=paid[0].principal,
                lxje=paid[0].interest,
            ),
        ],
    )
    late = [row for row in schedule[1:] if row.due_date < today]
    login_as(zhangsan, PASSWORD)
    page.goto("/info/loan/")
    assert "贷款状态 逾期" in " ".join(page.locator(".facts").inner_text().split())
    page.get_by_role("link", name="还款计划").click()
    page.wait_for_load_state()
    page.fill("input[name=ksrq]", f"{signed:%Y-%m-%d}")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert page.locator("#overdue-notice").inner_text().startswith(f"此合同有{len(late)}期")
    assert page.locator("tbody .tag--overdue").count() == len(late)
    shot(page, "info-plan-overdue")
