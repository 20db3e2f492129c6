"""Charts: one renderer (round ticks, Chinese labels, title and description, dashed plan), the
fund and loan chart pages with their table views, ownership and constant queries."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gjj.core.charts import BAR, LINE, Chart, Series, axis_ticks, nice_step, tick_label
from tests.certificates.makers import give_history

D = Decimal
NOW = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)


def test_ticks_fall_on_round_amounts():
    assert nice_step(D("15360.98")) == D(5000)
    assert axis_ticks(D("15360.98")) == [D(0), D(5000), D(10000), D(15000), D(20000)]
    assert axis_ticks(D("171540.64"))[-1] == D(200000)
    assert axis_ticks(D("0")) == [D(0), D(1)]
    assert [tick_label(v) for v in (D(0), D(5000), D(20000), D(125000), D(300000000))] == [
        "0", "5,000", "2万", "12.5万", "3亿",
    ]  # fmt: skip


def test_the_svg_has_title_description_and_a_dashed_plan():
    chart = Chart(
        slug="t",
        title="剩余本金<测试>",
        description="虚线为计划",
        categories=["2024", "2025", "2026", "2027"],
        series=[
            Series("剩余", [D(300), D(200), D(100), D(0)], kind=LINE, future_from=2),
            Series("利息", [D(9), D(6), D(3), None], kind=BAR, future_from=2),
        ],
    )
    svg = str(chart.svg)
    assert 'role="img"' in svg and 'aria-labelledby="chart-t-title"' in svg
    assert '<title id="chart-t-title">剩余本金&lt;测试&gt;</title>' in svg
    assert '<desc id="chart-t-desc">虚线为计划</desc>' in svg
    assert svg.count("chart__line--plan") == 1 and svg.count("chart__bar--plan") == 1
    assert "style=" not in svg and "<script" not in svg
    assert chart.table_rows[3] == ("2027", ["0.00（计划）", "—"])


@pytest.mark.django_db
def test_fund_charts_show_year_end_balances_and_deposits(client_zhangsan, zhangsan):
    account, _, _ = give_history(zhangsan)
    with time_machine.travel(NOW, tick=False):
        page = client_zhangsan.get(reverse("hall:fund_charts")).content.decode()
    assert "每年年末余额" in page and "每年缴存额" in page
    rows = re.findall(r'<th scope="row"[^>]*>([^<]+)</th><td[^>]*>([^<]+)</td>', page)
    # 2024: 7 deposits of 686.00; 2025: 12 less a 1,200.00 withdrawal; 2026 to date: 11.
    assert rows[:3] == [("2024", "4,802.00"), ("2025", "11,834.00"), ("2026（至今）", "19,380.00")]
    assert rows[3:] == [("2024", "4,802.00"), ("2025", "8,232.00"), ("2026（至今）", "7,546.00")]
    assert page.count("<svg") == 2


@pytest.mark.django_db
def test_loan_charts_dash_the_plan(client_zhangsan, zhangsan):
    _, settled, open_loan = give_history(zhangsan)
    with time_machine.travel(NOW, tick=False):
        page = client_zhangsan.get(
            reverse("hall:loan_charts"), {"jkhtbh": open_loan.jkhtbh}
        ).content.decode()
        done = client_zhangsan.get(
            reverse("hall:loan_charts"), {"jkhtbh": settled.jkhtbh}
        ).content.decode()
    assert "chart__line--plan" in page and "（计划）" in page and "虚线部分为按还款计划" in page
    assert "chart__line--plan" not in done and "贷款已结清" in done


@pytest.mark.django_db
def test_another_persons_chart_data_is_a_404(zhangsan, lisi):
    account, settled, _ = give_history(zhangsan)
    client = Client()
    client.force_login(lisi.user)
    assert client.get(reverse("hall:fund_charts"), {"grzh": account.grzh}).status_code == 404
    assert client.get(reverse("hall:loan_charts"), {"jkhtbh": settled.jkhtbh}).status_code == 404


@pytest.mark.django_db
@pytest.mark.calendar
@pytest.mark.parametrize("months", [3, 60])
def test_chart_pages_spend_constant_queries(
    client, zhangsan, months, django_assert_num_queries, session_queries
):
    _, _, open_loan = give_history(zhangsan, months=months)
    client.force_login(zhangsan.user)
    base = session_queries + 1  # the user with its person
    with django_assert_num_queries(base + 2):  # accounts, entries
        assert client.get(reverse("hall:fund_charts")).status_code == 200
    with django_assert_num_queries(base + 3):  # contracts, position, transactions
        url = reverse("hall:loan_charts")
        assert client.get(url, {"jkhtbh": open_loan.jkhtbh}).status_code == 200
