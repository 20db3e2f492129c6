"""贷款进度查询 (manual §3.3): done and current nodes, 办理人 and 办理时间, the no-loan message."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from gjj.applications.models import Application, ApplicationStep
from tests.factories import make_loan

URL = reverse("loans:progress")
NO_LOAN = "您未办理贷款业务，如需办理贷款业务，请回到主页面进行贷款申请"


def text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def at(*args):
    return timezone.make_aware(dt.datetime(*args))


def application_for(loan, steps, done=False):
    app = Application.objects.create(
        sqid=f"SQ{loan.jkhtbh}",
        person=loan.person,
        ywlx="个人贷款业务",
        ywxx="借款人贷款审批",
        contract=loan,
        fqsj=at(2017, 2, 27, 14, 4, 14),
        wcsj=at(2017, 2, 27, 14, 5, 25) if done else None,
    )
    for xh, (name, who, when) in enumerate(steps, start=1):
        ApplicationStep.objects.create(
            application=app, xh=xh, jdmc=name, blr=who, spyj="同意" if when else "", blsj=when
        )
    return app


@pytest.fixture
def loan_in_progress(zhangsan):
    loan = make_loan(zhangsan, jkhtbh="01201702270009", disbursed=None)
    application_for(
        loan,
        [
            ("申请受理", "测试一", at(2017, 2, 27, 14, 4, 14)),
            ("初审", "测试16", at(2017, 2, 27, 14, 4, 39)),
            ("复审", "", None),
            ("终审", "", None),
        ],
    )
    return loan


def test_done_and_current_nodes_are_drawn_differently(client_zhangsan, loan_in_progress):
    response = client_zhangsan.get(URL)
    html = response.content.decode()
    nodes = re.findall(r'<li class="flow__node flow__node--(\w+)"', html)
    assert nodes == ["done", "done", "current", "todo"]
    assert html.count('aria-current="step"') == 1
    page = text(response)
    # Without colour too: a mark and a word for each state.
    assert "✓ 申请受理 已完成" in page
    assert "● 复审 当前节点" in page
    assert "○ 终审 未开始" in page
    assert "1 申请受理 已完成 测试一 同意 2017-02-27 14:04:14" in page
    assert "2 初审 已完成 测试16 同意 2017-02-27 14:04:39" in page


def test_a_finished_application_has_every_node_done(client_zhangsan, zhangsan):
    loan = make_loan(zhangsan, jkhtbh="01201702090011")
    application_for(
        loan,
        [
            ("任务发起人", "测试一", at(2017, 2, 27, 14, 4, 14)),
            ("贷款受理初审", "测试16", at(2017, 2, 27, 14, 4, 39)),
            ("贷款受理复审", "测试16", at(2017, 2, 27, 14, 4, 59)),
            ("贷款受理终审", "测试16", at(2017, 2, 27, 14, 5, 25)),
        ],
        done=True,
    )
    html = client_zhangsan.get(URL).content.decode()
    assert re.findall(r"flow__node--(\w+)\"", html) == ["done"] * 4
    assert "2017-02-27 14:05:25" in html


def test_the_drop_down_switches_contract(client_zhangsan, zhangsan, loan_in_progress):
    other = make_loan(zhangsan, jkhtbh="01201702090011", jkhtqdrq=dt.date(2016, 1, 1))
    response = client_zhangsan.get(URL, {"jkhtbh": other.jkhtbh})
    assert "此合同【01201702090011】暂无办理进度信息。" in text(response)
    assert '<option value="01201702090011" selected>' in response.content.decode()
    assert '<option value="01201702270009">' in response.content.decode()


def test_a_person_without_loans_gets_the_manuals_message(client_zhangsan):
    response = client_zhangsan.get(URL)
    assert response.status_code == 200
    assert NO_LOAN in text(response)


def test_another_persons_contract_is_a_404(client_lisi, loan_in_progress):
    assert client_lisi.get(URL, {"jkhtbh": loan_in_progress.jkhtbh}).status_code == 404


def test_queries_do_not_grow_with_the_nodes(
    client_zhangsan, zhangsan, django_assert_max_num_queries
):
    loan = make_loan(zhangsan, jkhtbh="01201702270001", disbursed=None)
    application_for(loan, [(f"节点{i}", "测试", at(2017, 1, 1, 0, i)) for i in range(30)])
    with django_assert_max_num_queries(8):
        client_zhangsan.get(URL)


def test_progress_uses_the_manuals_colours_yellow_done_green_current(
    client_zhangsan, loan_in_progress
):
    response = client_zhangsan.get(URL)
    html = response.content.decode()
    assert '<ol class="flow flow--loan"' in html
    assert "已完成的节点（黄色）" in text(response) and "当前正在进行的节点（绿色）" in text(
        response
    )
    css = (settings.BASE_DIR / "static/css/hall.css").read_text(encoding="utf-8")
    done = re.search(r"\.flow--loan \.flow__node--done \{([^}]*)\}", css).group(1)
    current = re.search(r"\.flow--loan \.flow__node--current \{([^}]*)\}", css).group(1)
    assert "--loan-done-bg" in done and "--success" in current
