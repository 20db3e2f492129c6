"""Browser walk of the home page, 消息, 已阅 and 我发起的 as 张三 (with the manual's figures)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.applications.makers import make_application
from tests.browser.shots import SHOTS
from tests.factories import PASSWORD, make_account, make_loan
from tests.inbox.makers import make_message

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

D = dt.date


@pytest.fixture(autouse=True)
def _captcha_test_mode(monkeypatch):
    # django-simple-captcha reads its test mode once at import; the live server shares this process.
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", True)


@pytest.fixture
def depositor(zhangsan):
    make_account(
        zhangsan,
        grzh="3100000001",
        grzhzt="05",
        entries=[
            (D(2007, 6, 30), "02", "11065.70"),
            (D(2007, 7, 2), "01", "662.00"),
            (D(2007, 8, 1), "01", "662.00"),
            (D(2007, 9, 1), "01", "662.00"),
            (D(2010, 1, 5), "12", "-13051.70", "03", "02"),
        ],
    )
    make_account(
        zhangsan,
        grzh="3100000002",
        entries=[
            (D(2016, 7, 25), "01", "1151.00"),
            (D(2016, 8, 26), "01", "1151.00"),
            (D(2017, 2, 24), "11", "-1000.00", "01", "01"),
            (D(2017, 3, 24), "01", "1382.00"),
            (D(2017, 4, 24), "01", "5836.99"),
        ],
    )
    make_loan(
        zhangsan,
        jkhtbh="01201504240001",
        dkzh="201505000000",
        htdkje=Decimal("300000.00"),
        dkye=Decimal("109450.32"),
        disbursed=D(2015, 4, 24),
        txns=[
            dict(ywfsrq=D(2015, 4, 24), dkywmxlx="01", ffje=Decimal("300000.00")),
            dict(
                ywfsrq=D(2015, 5, 20),
                dkywmxlx="02",
                bjje=Decimal("2312.29"),
                lxje=Decimal("1000.00"),
            ),
            dict(
                ywfsrq=D(2015, 6, 23),
                dkywmxlx="02",
                bjje=Decimal("2319.12"),
                lxje=Decimal("993.17"),
            ),
        ],
    )
    make_message(
        zhangsan,
        ywmc="汇补缴业务补缴复核",
        xxnr="尊敬的张三，您的201908至201908补缴的公积金已到账。",
        ago=dt.timedelta(days=7),
    )
    make_message(
        zhangsan,
        ywmc="汇补缴业务基数调整复核",
        xxnr="尊敬的张三缴存人，您的公积金缴存基数已由1550.39变更为1500.00",
        tsqd="柜面",
        ago=dt.timedelta(days=8),
    )
    make_message(
        zhangsan,
        ywmc="汇补缴业务封存复核",
        xxnr="尊敬的张三，您的账户已封存",
        tsqd="短信",
        ago=dt.timedelta(days=16),
        is_read=True,
    )
    start = timezone.now() - dt.timedelta(days=20)
    make_application(zhangsan, fqsj=start, took=dt.timedelta(minutes=1, seconds=10))
    make_application(
        zhangsan,
        ywlx="提取业务",
        ywxx="缴存人购买住房提取审批",
        fqsj=start + dt.timedelta(days=1),
        took=dt.timedelta(hours=1, minutes=7, seconds=32),
        nodes=("任务发起人", "提取初审", "提取复审", "提取终审"),
    )
    make_application(
        zhangsan,
        ywlx="个人贷款业务",
        ywxx="借款人贷款审批",
        fqsj=timezone.now() - dt.timedelta(hours=2),
        finished=False,
        done_nodes=2,
    )
    return zhangsan


def test_home_cards_show_the_figures_and_screenshots_are_taken(page, login_as, depositor):
    login_as(depositor, PASSWORD)
    assert page.locator(".site-user__greeting").inner_text().startswith("张三")
    fund = page.locator("section[aria-labelledby=fund-title]")
    assert "8,520.99" in fund.inner_text()
    assert "汇缴:5,836.99元" in fund.inner_text().replace("\n", "")
    closed = fund.locator("details.account--closed")
    assert not closed.evaluate("d => d.open")
    assert not closed.locator(".lines").is_visible()
    closed.locator("summary").click()
    assert closed.locator(".lines").is_visible()
    assert "销户提取:13,051.70元" in closed.inner_text().replace("\n", "")
    closed.locator("summary").click()
    loans = page.locator("section[aria-labelledby=loan-title]").inner_text().replace("\n", "")
    assert "300,000.00" in loans and "109,450.32" in loans
    assert "贷款发放:300,000.00" in loans and "正常还款:3,312.29" in loans
    # amounts are right-aligned
    align = page.locator("section[aria-labelledby=loan-title] dd.money").first.evaluate(
        "e => getComputedStyle(e).textAlign"
    )
    assert align == "right"
    page.screenshot(path=f"{SHOTS}/home-1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways at 375 px ({width})"
    page.screenshot(path=f"{SHOTS}/home-375.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_delete_a_message_view_one_and_mark_it_read(page, login_as, depositor):
    login_as(depositor, PASSWORD)
    panel = page.locator("#panel-messages")
    assert panel.locator("tbody tr").count() == 2
    # 删除 with the 是/否 dialog: 否 keeps it, 是 deletes it.
    panel.locator("tr", has_text="汇补缴业务基数调整复核").get_by_role("link", name="删除").click()
    dialog = page.locator("#confirm-dialog")
    assert dialog.is_visible() and "确定要删除这条消息吗？" in dialog.inner_text()
    dialog.get_by_role("button", name="否").click()
    assert not dialog.is_visible()
    assert panel.locator("tbody tr").count() == 2
    panel.locator("tr", has_text="汇补缴业务基数调整复核").get_by_role("link", name="删除").click()
    dialog.get_by_role("button", name="是").click()
    page.wait_for_load_state()
    assert "消息已删除" in page.locator(".notices").inner_text()
    assert page.locator("#panel-messages tbody tr").count() == 1
    assert "汇补缴业务基数调整复核" not in page.locator("#panel-messages").inner_text()
    # 查看 opens a dialog with the whole message; 关闭 closes it.
    page.locator("#panel-messages").get_by_role("link", name="查看").first.click()
    view = page.locator("dialog[open]")
    text = view.inner_text()
    assert "尊敬的张三，您的201908至201908补缴的公积金已到账。" in text
    assert "网厅-单位版" in text and "7天前" in text
    page.screenshot(path=f"{SHOTS}/home-message-dialog.png")
    view.get_by_role("button", name="关闭").click()
    assert page.locator("dialog[open]").count() == 0
    # 标为已阅 moves it to 已阅.
    page.locator("#panel-messages").get_by_role("link", name="查看").first.click()
    page.locator("dialog[open]").get_by_role("button", name="标为已阅").click()
    page.wait_for_load_state()
    assert "已标记为已阅" in page.locator(".notices").inner_text()
    assert "暂无消息" in page.locator("#panel-messages").inner_text()
    page.get_by_role("tab", name="已阅").click()
    read = page.locator("#panel-read")
    assert read.is_visible()
    assert "汇补缴业务补缴复核" in read.inner_text()
    assert "汇补缴业务封存复核" in read.inner_text()
    page.locator("#panel-read").get_by_role("link", name="更多").click()
    assert "共1页 每页显示 10 共2条记录" in page.locator(".pager").inner_text()


def test_open_an_applications_flow(page, login_as, depositor):
    login_as(depositor, PASSWORD)
    page.get_by_role("tab", name="我发起的").click()
    mine = page.locator("#panel-mine")
    text = mine.inner_text()
    assert "1小时7分32秒" in text and "1分10秒" in text and "办理中" in text
    mine.locator("tr", has_text="办理中").get_by_role("link", name="查看").click()
    page.wait_for_load_state()
    flow = page.locator("ol.flow")
    assert flow.locator(".flow__node--done").count() == 2
    current = flow.locator(".flow__node--current")
    assert current.count() == 1 and "当前" in current.inner_text() and "●" in current.inner_text()
    assert flow.locator(".flow__node--todo").inner_text().count("未到达") == 1
    assert "主页面" in page.locator(".breadcrumb").inner_text()
    page.screenshot(path=f"{SHOTS}/home-application-flow.png", full_page=True)


def test_large_text_mode_is_switched_from_the_header_and_remembered(page, login_as, depositor):
    login_as(depositor, PASSWORD)
    body_px = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body_px < 18
    page.get_by_role("button", name="大字模式").click()
    page.wait_for_load_state()
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18
    heights = page.locator("main .btn:visible").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 44
    page.screenshot(path=f"{SHOTS}/home-large-text.png")
    page.goto("/messages/")
    assert page.evaluate("document.body.classList.contains('large-text')")
    page.get_by_role("button", name="标准字号").click()
    page.wait_for_load_state()
    assert not page.evaluate("document.body.classList.contains('large-text')")


def test_print_preview_of_a_list_has_no_navigation(page, login_as, depositor):
    login_as(depositor, PASSWORD)
    page.goto("/applications/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".breadcrumb").is_visible()
    assert not page.locator("td.actions").first.is_visible()
    assert page.locator("table").is_visible()
    assert page.get_by_text("共1页 每页显示 10 共3条记录").is_visible()
    assert (
        not page.locator(".pager__links").count() or not page.locator(".pager__links").is_visible()
    )
    page.screenshot(path=f"{SHOTS}/home-print-applications.png", full_page=True)


def test_keyboard_focus_is_visible(page, login_as, depositor):
    login_as(depositor, PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] == "solid" and outline[1] >= 2


def test_logout_asks_yes_or_no(page, login_as, depositor):
    login_as(depositor, PASSWORD)
    page.locator("header").get_by_role("button", name="退出").click()
    dialog = page.locator("#confirm-dialog")
    dialog.get_by_role("button", name="否").click()
    assert "欢迎您" in page.content()
    page.locator("header").get_by_role("button", name="退出").click()
    dialog.get_by_role("button", name="是").click()
    page.wait_for_load_state()
    assert "欢迎您" not in page.content()


def test_without_javascript_delete_asks_on_a_page(browser, live_server, depositor):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/login/")
        page.fill("input[name=username]", depositor.zjhm)
        page.fill("input[name=password]", PASSWORD)
        if page.locator("input[name=captcha_1]").count():
            page.fill("input[name=captcha_1]", "PASSED")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        page.goto("/?tab=read")
        assert page.locator("#panel-read").is_visible()
        assert not page.locator("#panel-messages").is_visible()
        page.goto("/messages/")
        page.locator("tr", has_text="汇补缴业务补缴复核").get_by_role("link", name="删除").click()
        assert "确定要删除这条消息吗？" in page.content()
        page.get_by_role("button", name="是").click()
        assert "消息已删除" in page.content()
        page.get_by_role("link", name="查看").first.click()
        assert "消息详情" in page.content()
        page.get_by_role("button", name="标为已阅").click()
        assert "已标记为已阅" in page.content()
    finally:
        context.close()
