import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.applications.makers import START, make_application
from tests.factories import make_account, make_loan
from tests.inbox.makers import make_message, make_messages

pytestmark = pytest.mark.django_db

D = dt.date


def manual_accounts(person):
    """The two accounts of the manual's home page: a closed old one and a normal one."""
    closed = make_account(
        person,
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
    normal = make_account(
        person,
        grzh="3100000002",
        khrq=D(2016, 7, 1),
        entries=[
            (D(2016, 7, 25), "01", "1151.00"),
            (D(2016, 8, 26), "01", "1151.00"),
            (D(2017, 2, 24), "11", "-1000.00", "01", "01"),
            (D(2017, 3, 24), "01", "1382.00"),
            (D(2017, 4, 24), "01", "5836.99"),
        ],
    )
    return closed, normal


def manual_loan(person):
    return make_loan(
        person,
        jkhtbh="01201504240001",
        dkzh="201505000000",
        htdkje=Decimal("300000.00"),
        dkye=Decimal("109450.32"),
        swtyhmc="工行薛城支行",
        disbursed=D(2015, 4, 24),
        txns=[
            dict(ywfsrq=D(2015, 4, 24), dkywmxlx="01", ffje=Decimal("300000.00")),
            dict(
                ywfsrq=D(2015, 5, 20),
                hkny="201505",
                dkywmxlx="02",
                bjje=Decimal("2312.29"),
                lxje=Decimal("1000.00"),
            ),
            dict(
                ywfsrq=D(2015, 6, 23),
                hkny="201506",
                dkywmxlx="04",
                bjje=Decimal("2312.29"),
                lxje=Decimal("999.00"),
                fxje=Decimal("1.00"),
            ),
        ],
    )


def home(client, **params):
    response = client.get(reverse("hall:home"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_fund_cards_show_account_balance_state_and_latest_four_rows(client_zhangsan, zhangsan):
    manual_accounts(zhangsan)
    text = home(client_zhangsan)
    assert "3100000002" in text
    assert '<span class="money">8,520.99</span>元' in text
    assert "正常" in text
    # the latest four rows of the normal account, oldest of them first, amounts without sign
    for line in ("汇缴:", "1,151.00", "2016-08-26", "部分提取:", "1,000.00", "2017-02-24"):
        assert line in text
    assert '汇缴:<span class="money">5,836.99</span>元' in text
    assert "2016-07-25" not in text
    assert text.index("2016-08-26") < text.index("2017-04-24")


def test_a_closed_account_is_collapsed_behind_a_plus(client_zhangsan, zhangsan):
    manual_accounts(zhangsan)
    text = home(client_zhangsan)
    details = text[text.index('<details class="account account--closed">') :]
    details = details[: details.index("</details>")]
    assert "3100000001" in details and "提取销户" in details
    assert '<span class="money">0.00</span>元' in details
    assert '销户提取:<span class="money">13,051.70</span>元' in details
    assert "2007-06-30" not in details
    assert text.index("3100000002") < text.index("3100000001")  # open accounts first


def test_more_links_go_to_the_ledger_and_the_online_withdrawal(client_zhangsan, zhangsan):
    manual_accounts(zhangsan)
    text = home(client_zhangsan)
    assert f'href="{reverse("fund:ledger")}?grzh=3100000002"' in text
    assert f'href="{reverse("withdrawals:choose")}"' in text
    assert "我要提取" in text


def test_loan_card_shows_the_loan_and_its_latest_three_transactions(client_zhangsan, zhangsan):
    manual_loan(zhangsan)
    text = home(client_zhangsan)
    assert "201505000000" in text
    assert "正常还款" in text and "等额本息" in text and "工行薛城支行" in text
    assert '<dd class="money">300,000.00</dd>' in text
    assert '<dd class="money">109,450.32</dd>' in text
    assert '贷款发放:<span class="money">300,000.00</span>' in text
    assert '正常还款:<span class="money">3,312.29</span>' in text
    assert '逾期还款:<span class="money">3,312.29</span>' in text  # with its penalty
    assert "2015-04-24" in text and "2015-06-23" in text
    assert f'href="{reverse("loans:repayments")}?jkhtbh=01201504240001"' in text
    assert f'href="{reverse("hall:repay_guide")}"' in text
    assert f'href="{reverse("hall:loan_apply_guide")}"' in text


def test_only_the_latest_three_loan_transactions_are_shown(client_zhangsan, zhangsan):
    loan = manual_loan(zhangsan)
    from gjj.loans.models import LoanTxn

    LoanTxn.objects.create(
        ywlsh="later",
        contract=loan,
        ywfsrq=D(2015, 7, 20),
        dkywmxlx="03",
        bjje=Decimal("10000.00"),
    )
    text = home(client_zhangsan)
    assert '提前还款:<span class="money">10,000.00</span>' in text
    assert "2015-04-24" not in text


def test_a_person_without_a_loan_sees_how_to_apply(client_zhangsan, zhangsan):
    text = home(client_zhangsan)
    assert "您未办理住房公积金贷款" in text
    assert f'href="{reverse("hall:loan_apply_guide")}"' in text
    assert "我要还款" not in text


def test_task_area_shows_newest_five_of_each_tab_and_more_links(client_zhangsan, zhangsan):
    make_messages(zhangsan, 7)
    make_message(zhangsan, ywmc="已阅的消息", is_read=True)
    make_application(zhangsan, ywxx="缴存人购买住房提取审批")
    text = home(client_zhangsan)
    assert "业务01" in text and "业务05" in text and "业务06" not in text
    assert "已阅的消息" in text and "缴存人购买住房提取审批" in text
    assert 'aria-label="7条未读"' in text
    for name in ("inbox:list", "applications:list", "inbox:read_list"):
        assert f'<a href="{reverse(name)}">更多' in text


@pytest.mark.parametrize(
    ("tab", "shown"),
    [("messages", "panel-messages"), ("mine", "panel-mine"), ("read", "panel-read")],
)
def test_tabs_work_without_javascript(client_zhangsan, tab, shown):
    text = home(client_zhangsan, tab=tab)
    for panel in ("panel-messages", "panel-mine", "panel-read"):
        tag = text[text.index(f'id="{panel}"') :].split(">", 1)[0]
        assert ("hidden" in tag) is (panel != shown)


def test_an_unknown_tab_falls_back_to_messages(client_zhangsan):
    text = home(client_zhangsan, tab="<script>")
    tag = text[text.index('id="panel-messages"') :].split(">", 1)[0]
    assert "hidden" not in tag


def test_header_has_name_date_and_the_three_buttons(client_zhangsan):
    text = home(client_zhangsan)
    assert "张三" in text and "欢迎您！今天是" in text and "星期" in text
    assert f'href="{reverse("identity:password_change")}"' in text
    assert "关闭音效" in text
    assert f'action="{reverse("identity:logout")}"' in text
    assert f'href="{reverse("identity:logout_confirm")}"' in text
    assert "大字模式" in text


def fill(person, n):
    for i in range(n):
        make_account(
            person,
            entries=[(D(2016, 7, 1) + dt.timedelta(days=30 * k), "01", "100.00") for k in range(n)],
        )
        make_loan(
            person,
            txns=[
                dict(
                    ywfsrq=D(2017, 3, 9) + dt.timedelta(days=30 * k),
                    dkywmxlx="02",
                    bjje=Decimal("1.63"),
                    lxje=Decimal("2.75"),
                )
                for k in range(n)
            ],
        )
        make_application(person, fqsj=START + dt.timedelta(hours=i))
    make_messages(person, n)
    make_messages(person, n, is_read=True)


# A first visit (or one after the data changed): the user with its person (one join); the state
# of the messages (one aggregate); the 5 latest unread (with their count) and 5 latest read
# messages (one query); the accounts with their latest ledger rows (one join); the loans with
# their summaries' keys and their latest transactions (one join); 5 applications; plus the
# session with database sessions. The loans' transactions are read only when a summary is
# computed (a first visit, new figures or a new day: gjj/loans/summary.py).
HOME_QUERIES = 6  # plus `session_queries`
# A visit with nothing changed: the page is kept (gjj/core/kept.py) and only the user, the state
# of the messages and the 5 applications (我发起的, rendered each time) are read.
HOME_KEPT_QUERIES = 3


def test_home_query_count_is_constant_in_the_amount_of_data(
    client_zhangsan, zhangsan, django_assert_num_queries, session_queries
):
    for n in (2, 9):
        fill(zhangsan, n)
        home(client_zhangsan)  # computes the loan summaries; notices the messages (session)
        with django_assert_num_queries(HOME_QUERIES + session_queries):
            client_zhangsan.get("/?tab=read")  # another tab: not kept yet
        with django_assert_num_queries(HOME_KEPT_QUERIES + session_queries):
            client_zhangsan.get("/?tab=read")
        home(client_zhangsan)  # without the sound of the first visit: another page
        with django_assert_num_queries(HOME_KEPT_QUERIES + session_queries):
            text = home(client_zhangsan)
    assert text.count('class="account"') + text.count("account account--closed") >= 11
