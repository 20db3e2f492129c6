"""Every table carries the manual's columns, in the manual's order, and its 操作 buttons."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from tests.applications.makers import make_application
from tests.factories import make_account, make_loan
from tests.inbox.makers import make_message

# calendar: read the clock; .ci/run runs them again at 2028-02-29 23:59:30 China time.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]

MESSAGES = ["序号", "业务名称", "消息内容", "推送时间", "推送渠道", "操作"]
MINE = ["序号", "业务类型", "业务信息", "是否完成", "流程耗时", "操作"]
NODES = ["序号", "节点名称", "办理人", "审批意见", "办理时间"]
LEDGER = ["序号", "记账日期", "归集和提取业务类型", "发生额", "发生利息额", "提取原因", "提取方式"]
REPAYMENTS = ["序号", "还款日期", "还款年月", "业务摘要", "偿还本金", "偿还利息", "偿还罚息"]
REPAYMENTS += ["本息合计", "放款金额", "已还本金", "已还利息", "贷款余额"]
PLAN = ["序号", "应还年月", "应还日期", "应还本金", "应还利息", "应还本息"]


def visible(fragment: str) -> str:
    fragment = re.sub(r'<span class="visually-hidden">.*?</span>', "", fragment, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def headers(html: str, nth: int = 0) -> list[str]:
    head = re.findall(r"<thead>(.*?)</thead>", html, re.S)[nth]
    return [visible(th) for th in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]


def actions(html: str) -> list[str]:
    """The visible text of each row's 操作 cell."""
    return [visible(td) for td in re.findall(r'<td class="actions"[^>]*>(.*?)</td>', html, re.S)]


@pytest.fixture
def data(zhangsan):
    make_message(zhangsan, ywmc="汇补缴业务补缴复核")
    make_message(zhangsan, ywmc="汇补缴业务封存复核", is_read=True)
    app = make_application(zhangsan)
    make_account(zhangsan, grzh="3100000021", entries=[(dt.date.today(), "01", "1382.00")])
    make_loan(
        zhangsan,
        jkhtbh="01201702090019",
        dkye=Decimal("998.37"),
        txns=[
            dict(ywfsrq=dt.date(2017, 2, 9), dkywmxlx="01", ffje=Decimal("1000.00")),
            dict(
                ywfsrq=dt.date(2017, 3, 9),
                hkny="201703",
                dkywmxlx="02",
                bjje=Decimal("1.63"),
                lxje=Decimal("2.75"),
            ),
        ],
    )
    return app


def get(client, name, *args, **params) -> str:
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", ["inbox:list", "inbox:read_list"])
def test_message_lists_have_the_manuals_columns_and_buttons(client_zhangsan, data, name):
    html = get(client_zhangsan, name)
    assert headers(html) == MESSAGES
    assert actions(html) == ["删除 查看"]


@pytest.mark.parametrize(
    "tab, columns", [("messages", MESSAGES), ("mine", MINE), ("read", MESSAGES)]
)
def test_home_tabs_have_the_manuals_columns(client_zhangsan, data, tab, columns):
    html = get(client_zhangsan, "hall:home", tab=tab)
    panel = html.split(f'id="panel-{tab}"', 1)[1]
    assert headers(panel) == columns
    assert actions(panel)[0] == ("查看" if tab == "mine" else "删除 查看")


def test_mine_list_and_flow_have_the_manuals_columns(client_zhangsan, data):
    html = get(client_zhangsan, "applications:list")
    assert headers(html) == MINE
    assert actions(html) == ["查看"]
    assert headers(get(client_zhangsan, "applications:detail", data.pk)) == NODES


def test_information_tables_have_the_manuals_columns(client_zhangsan, data):
    assert headers(get(client_zhangsan, "fund:ledger")) == LEDGER
    range_ = {"ksrq": "2017-01-01", "jsrq": "2017-12-31"}
    assert headers(get(client_zhangsan, "loans:repayments", **range_)) == REPAYMENTS
    assert headers(get(client_zhangsan, "loans:plan", **range_)) == PLAN
    assert headers(get(client_zhangsan, "loans:plan_print", **range_)) == PLAN[1:]


def test_info_tabs_read_like_the_manual(client_zhangsan, data):
    html = get(client_zhangsan, "fund:ledger")
    nav = html.split('class="tabs tabs--info"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r">([^<>]+)</a>", nav) == [
        "个人基本信息",
        "缴存支取信息",
        "贷款进度查询",
        "贷款信息",
        "还款明细",
        "还款计划",
    ]


def right_aligned(html: str) -> list[str]:
    """The headers of the first table whose cells are right-aligned (class `num`)."""
    head = re.findall(r"<thead>(.*?)</thead>", html, re.S)[0]
    return [visible(th) for th in re.findall(r'<th[^>]*class="num"[^>]*>(.*?)</th>', head, re.S)]


def test_amount_columns_are_right_aligned(client_zhangsan, data):
    range_ = {"ksrq": "2017-01-01", "jsrq": "2017-12-31"}
    assert right_aligned(get(client_zhangsan, "fund:ledger")) == ["发生额", "发生利息额"]
    assert right_aligned(get(client_zhangsan, "loans:repayments", **range_)) == REPAYMENTS[4:]
    assert right_aligned(get(client_zhangsan, "loans:plan", **range_)) == PLAN[3:]
    assert right_aligned(get(client_zhangsan, "loans:plan_print", **range_)) == PLAN[3:]
    repayments = get(client_zhangsan, "loans:repayments", **range_)
    assert '<td data-label="本息合计" class="num">4.38</td>' in repayments
    assert '<td data-label="放款金额" class="num">1,000.00</td>' in repayments
