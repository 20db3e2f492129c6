"""缴存支取信息 (manual §3.2): header figures, date range, keyset paging, ownership."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_account

# calendar: reads the clock; .ci/run runs it again at 2028-02-29 23:59:30 China time.
pytestmark = pytest.mark.calendar

URL = reverse("fund:ledger")
RANGE = {"ksrq": "2016-07-02", "jsrq": "2018-01-09"}


def table_rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def manual_entries(extra_months: int = 0):
    """The manual's screen (§3.2 step 2): 21 records from 2016-07-25 in the range."""
    e = [(dt.date(2016, 7, 1), "08", "20000.00")]  # before the range: carried in
    e += [(dt.date(2016, m, 25), "01", "1151.00") for m in range(7, 13)]
    e += [(dt.date(2017, 1, 24), "01", "1382.00")]
    e += [(dt.date(2017, 2, 24), "11", "-14100.00", "", "01")]
    e += [(dt.date(2017, 2, 24), "01", "1382.00")]
    e += [(dt.date(2017, m, 24), "01", "1382.00") for m in range(3, 13)]
    e += [(dt.date(2017, 6, 30), "09", "120.50")]
    e += [(dt.date(2018, 1, 5), "01", "1382.00")]
    # Older history outside the range (to show the queries do not grow with it).
    e += [(dt.date(2000 + i // 12, i % 12 + 1, 3), "01", "10.00") for i in range(extra_months)]
    return e


@pytest.fixture
def account(zhangsan):
    return make_account(
        zhangsan,
        grzh="3100000021",
        entries=manual_entries(),
        grjcjs="7273.68",
        dwjcbl="12.0000",
        grjcbl="7.0000",
        dwyjce="872.84",
        gryjce="509.16",
        jzny="201712",
    )


def test_header_shows_the_accounts_figures_and_exact_ratios(client_zhangsan, account):
    page = text(client_zhangsan.get(URL, RANGE))
    assert "个人账户余额 30,892.50" in page
    assert "个人缴存基数 7,273.68" in page
    assert "缴存比例 单位12%,个人7%" in page
    assert "7.0000000000000001" not in page
    assert "缴至年月 201712" in page
    assert "单位缴存金额 872.84" in page
    assert "个人缴存金额 509.16" in page


def test_first_page_shows_ten_rows_as_the_manual(client_zhangsan, account):
    response = client_zhangsan.get(URL, RANGE)
    rows = table_rows(response.content.decode())
    assert rows[0] == ["1", "2016-07-25", "汇缴", "1,151.00", "0.00", "", ""]
    assert rows[6] == ["7", "2017-01-24", "汇缴", "1,382.00", "0.00", "", ""]
    # A withdrawal shows as a positive figure, as in the manual.
    assert rows[7] == ["8", "2017-02-24", "部分提取", "14,100.00", "0.00", "", "现金提取"]
    assert rows[8] == ["9", "2017-02-24", "汇缴", "1,382.00", "0.00", "", ""]
    assert rows[9] == ["10", "2017-03-24", "汇缴", "1,382.00", "0.00", "", ""]
    assert len(rows) == 10
    assert "共21条记录 第1/3页 下一页" in text(response)
    assert "上一页" not in text(response)


def follow(client, response, label):
    link = re.search(rf'<a [^>]*href="([^"]+)" rel="[a-z]+">{label}</a>', response.content.decode())
    assert link, f"no {label} link"
    return client.get(URL + unescape(link.group(1)))


def test_pages_follow_by_keyset_and_number_continues(client_zhangsan, account):
    first = client_zhangsan.get(URL, RANGE)
    second = follow(client_zhangsan, first, "下一页")
    assert "after=" in second.request["QUERY_STRING"]
    rows = table_rows(second.content.decode())
    assert [r[0] for r in rows] == [str(n) for n in range(11, 21)]
    assert rows[0][1] == "2017-04-24"
    assert rows[3] == ["14", "2017-06-30", "年终结息", "120.50", "0.00", "", ""]
    assert "共21条记录 第2/3页 上一页 下一页" in text(second)

    third = follow(client_zhangsan, second, "下一页")
    rows = table_rows(third.content.decode())
    assert rows == [["21", "2018-01-05", "汇缴", "1,382.00", "0.00", "", ""]]
    assert "共21条记录 第3/3页 上一页" in text(third)
    assert "下一页" not in text(third)

    back = follow(client_zhangsan, third, "上一页")
    assert "before=" in back.request["QUERY_STRING"]
    assert [r[0] for r in table_rows(back.content.decode())] == [str(n) for n in range(11, 21)]
    assert "第2/3页" in text(back)
    again = follow(client_zhangsan, back, "上一页")
    assert [r[0] for r in table_rows(again.content.decode())] == [str(n) for n in range(1, 11)]
    assert "第1/3页" in text(again)


def test_a_malformed_cursor_shows_the_first_page(client_zhangsan, account):
    response = client_zhangsan.get(URL, {**RANGE, "after": "not-a-cursor"})
    assert response.status_code == 200
    assert table_rows(response.content.decode())[0][0] == "1"


def test_default_range_is_the_last_twelve_months(client_zhangsan, zhangsan):
    from django.utils import timezone

    today = timezone.localdate()
    make_account(
        zhangsan,
        entries=[
            (today - dt.timedelta(days=400), "01", "100.00"),
            (today - dt.timedelta(days=300), "01", "200.00"),
            (today, "01", "300.00"),
        ],
    )
    response = client_zhangsan.get(URL)
    rows = table_rows(response.content.decode())
    assert [r[3] for r in rows] == ["200.00", "300.00"]
    html = response.content.decode()
    assert f'value="{today:%Y-%m-%d}"' in html
    # One year back; from 29 February that is the 28th (there is no 29 February a year earlier).
    year_ago = dt.date(today.year - 1, today.month, min(today.day, 28 if today.month == 2 else 31))
    assert f'value="{year_ago:%Y-%m-%d}"' in html


@pytest.mark.parametrize(
    "params, message",
    [
        (
            {"ksrq": "2018-01-10", "jsrq": "2018-01-09"},
            "开始日期不能晚于结束日期，请重新选择查询日期。",
        ),
        (
            {"ksrq": "2007-01-08", "jsrq": "2018-01-09"},
            "查询日期范围不能超过10年，请缩小查询范围。",
        ),
        (
            {"ksrq": "2018-13-01", "jsrq": "2018-01-09"},
            "开始日期：请输入有效的日期，格式如 2017-01-01。",
        ),
        ({"ksrq": "2017-01-01", "jsrq": "明天"}, "结束日期：请输入有效的日期，格式如 2017-01-01。"),
    ],
)
def test_bad_dates_are_refused_with_a_message(client_zhangsan, account, params, message):
    response = client_zhangsan.get(URL, params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "<tbody>" not in response.content.decode()


def test_exactly_ten_years_is_accepted(client_zhangsan, account):
    response = client_zhangsan.get(URL, {"ksrq": "2008-01-09", "jsrq": "2018-01-09"})
    assert "共22条记录" in text(response)  # with the 2016-07-01 entry


def test_person_with_several_accounts_picks_one(client_zhangsan, zhangsan, account):
    old = make_account(
        zhangsan,
        grzh="3100000007",
        grzhzt="05",
        khrq=dt.date(2007, 6, 1),
        entries=[
            (dt.date(2007, 6, 30), "02", "11065.70"),
            (dt.date(2016, 6, 30), "12", "-11065.70", "03", "02"),
        ],
        dwjcbl="10",
        grjcbl="7.5",
    )
    # Default: the normal account.
    page = client_zhangsan.get(URL, RANGE).content.decode()
    assert '<option value="3100000021" selected>' in page
    assert '<option value="3100000007">' in page
    response = client_zhangsan.get(
        URL, {"grzh": old.grzh, "ksrq": "2007-01-01", "jsrq": "2016-12-31"}
    )
    assert "缴存比例 单位10%,个人7.5%" in text(response)
    rows = table_rows(response.content.decode())
    assert rows[0] == ["1", "2007-06-30", "补缴", "11,065.70", "0.00", "", ""]
    assert rows[1] == ["2", "2016-06-30", "销户提取", "11,065.70", "0.00", "离休、退休", "转账提取"]


def test_another_persons_account_is_a_404(client_lisi, account):
    assert client_lisi.get(URL, {"grzh": account.grzh}).status_code == 404
    assert client_lisi.get(URL, {"grzh": "nonexistent"}).status_code == 404


def test_queries_do_not_grow_with_the_history(client_zhangsan, zhangsan, lisi):
    short = make_account(zhangsan, grzh="3100000100", entries=manual_entries())
    long = make_account(lisi, grzh="3100000200", entries=manual_entries(extra_months=190))
    with CaptureQueriesContext(connection) as small:
        client_zhangsan.get(URL, {**RANGE, "grzh": short.grzh})
    client_zhangsan.force_login(lisi.user)
    with CaptureQueriesContext(connection) as large:
        r = client_zhangsan.get(
            URL, {"grzh": long.grzh, "ksrq": "2000-01-01", "jsrq": "2009-12-31"}
        )
    assert "共120条记录 第1/12页" in text(r)
    assert len(small.captured_queries) == len(large.captured_queries) <= 8


def test_login_is_required(client):
    response = client.get(URL)
    assert response.status_code == 302
