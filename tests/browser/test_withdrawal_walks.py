"""The three walks of issue 9 in a real browser: a 租房 withdrawal with a PDF reviewed in /staff/
and booked by the core system; a closing (退休) withdrawal returned for correction, corrected and
approved; a 秒批 withdrawal. Screenshots of the depositor's form and summary (1280 and 375 px) and
of the staff queue and detail."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gjj.applications.models import Application, State
from gjj.fund.models import FundAccount
from gjj.interchange.core_results import write_results
from gjj.interchange.export import export_applications
from gjj.staff.models import StaffProfile
from tests.browser.shots import SHOTS
from tests.factories import PASSWORD
from tests.withdrawals.makers import funded_account, make_staff, pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _patient(page):
    """These walks cross several pages and two doors; a shared machine can be slow."""
    page.context.set_default_timeout(60_000)


@pytest.fixture
def depositor(zhangsan):
    funded_account(zhangsan, balance="20000.00")
    return zhangsan


@pytest.fixture
def staff_pair():
    a = make_staff("slcs", "受理", "初审", name="王受理")
    b = make_staff("fsgl", "复审", "管理", name="李复审")
    StaffProfile.objects.create(user=a, must_change_password=False)
    StaffProfile.objects.create(user=b, must_change_password=False)
    return a, b


def staff_login(browser, live_server, username):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(60_000)
    pg = context.new_page()
    pg.goto("/staff/login/")
    pg.fill("input[name=username]", username)
    pg.fill("input[name=password]", PASSWORD)
    pg.fill("input[name=captcha_1]", "PASSED")
    pg.click("main button[type=submit]")
    pg.wait_for_url("**/staff/")
    return pg


def act(pg, sqid, action="pass", opinion=""):
    pg.goto("/staff/")
    pg.click(f"tr:has-text('{sqid}') >> text=办理")
    pg.check(f"input[name=action][value={action}]")
    if opinion:
        pg.fill("textarea[name=opinion]", opinion)
    pg.click("text=提交办理结果")
    pg.wait_for_url("**/staff/")


def test_rent_with_a_pdf_through_staff_and_the_core_system(
    page, login_as, depositor, staff_pair, browser, live_server, tmp_path
):
    login_as(depositor, PASSWORD)
    page.click("main >> text=我要提取")
    page.check("#code-07")
    page.click("text=下一步")
    page.fill("input[name=amount]", "1500.00")
    page.set_input_files(
        "#file-0",
        files=[{"name": "租赁合同.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    page.screenshot(path=f"{SHOTS}/withdraw-fill-1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=f"{SHOTS}/withdraw-fill-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("text=下一步：核对")
    assert "6222****1234" in page.content()
    assert "租赁合同.pdf" in page.content()
    page.screenshot(path=f"{SHOTS}/withdraw-summary-1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=f"{SHOTS}/withdraw-summary-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("text=确认提交")
    assert "已提交，待受理" in page.content()
    app = Application.objects.get()

    clerk = staff_login(browser, live_server, "slcs")
    clerk.screenshot(path=f"{SHOTS}/staff-queue.png", full_page=True)
    clerk.click(f"tr:has-text('{app.sqid}') >> text=办理")
    assert "规则校验" in clerk.content() and "租赁合同.pdf" in clerk.content()
    clerk.screenshot(path=f"{SHOTS}/staff-detail.png", full_page=True)
    act(clerk, app.sqid)
    boss = staff_login(browser, live_server, "fsgl")
    act(boss, app.sqid, opinion="同意")

    page.goto(f"/applications/{app.pk}/")
    html = page.content()
    assert "王受理" in html and "李复审" in html and "待入账" in html
    page.goto("/messages/")
    assert "已审核通过" in page.content()

    assert export_applications(tmp_path / "out").rows == 1
    assert export_applications(tmp_path / "out").rows == 0
    write_results(tmp_path / "out", tmp_path / "back")
    from django.core.management import call_command

    call_command("import_core", str(tmp_path / "back"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto(f"/applications/{app.pk}/")
    assert "办结" in page.content() and "已转账" in page.content()
    page.goto("/")
    assert "18,500.00" in page.content()


def test_closing_withdrawal_returned_corrected_approved(
    page, login_as, depositor, staff_pair, browser, live_server
):
    login_as(depositor, PASSWORD)
    page.goto("/withdraw/")
    page.check("#code-03")
    page.click("text=下一步")
    assert "应计利息" in page.content()
    page.set_input_files(
        "#file-0",
        files=[{"name": "退休证.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    page.click("text=下一步：核对")
    html = page.content()
    assert "应计利息" in html and "提取合计" in html
    page.click("text=确认提交")
    app = Application.objects.get()
    assert app.amount > Decimal("20000.00")  # balance plus the accrued interest

    clerk = staff_login(browser, live_server, "slcs")
    act(clerk, app.sqid, "return", "退休证照片不清晰，请重新上传")
    page.goto(f"/applications/{app.pk}/")
    assert "退休证照片不清晰" in page.content()
    page.set_input_files(
        "#correct-files",
        files=[
            {"name": "退休证-清晰.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("2")}
        ],
    )
    page.click("text=上传并重新提交")
    assert "已补正并重新提交" in page.content()
    act(clerk, app.sqid)
    boss = staff_login(browser, live_server, "fsgl")
    act(boss, app.sqid)
    app.refresh_from_db()
    assert app.state == State.APPROVED


def test_rule_approved_rent(page, login_as, depositor):
    login_as(depositor, PASSWORD)
    page.goto("/withdraw/")
    page.check("#code-07")
    page.click("text=下一步")
    page.fill("input[name=amount]", "1800")
    page.click("text=下一步：核对")
    page.click("text=确认提交")
    html = page.content()
    assert "系统自动审核" in html and "规则校验通过" in html and "待入账" in html
    assert Application.objects.get().state == State.APPROVED
    assert FundAccount.objects.get().grzhye == Decimal("20000.00")  # no ledger entry posted
