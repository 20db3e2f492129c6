"""Every information and guide page spends the same, exact number of queries for a short and
a long history (with database or cache sessions: `session_queries`)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.applications.makers import make_application
from tests.factories import make_account, make_loan

pytestmark = pytest.mark.django_db


def fill(person, months: int, tag: str) -> tuple[str, str]:
    """Two accounts and two loans, each with `months` of history; an application per loan."""
    start = dt.date(2000, 1, 5)
    entries = [(dt.date(2000 + i // 12, i % 12 + 1, 3), "01", "1000.00") for i in range(months)]
    grzh, jkhtbh = f"3999999{tag}", f"012000010599{tag}"
    make_account(person, grzh=grzh, entries=entries, khrq=start)
    make_account(person, grzhzt="05", entries=entries[:2], khrq=start)
    for k in range(2):
        txns = [dict(ywfsrq=start, dkywmxlx="01", ffje=Decimal("100000.00"))]
        for i in range(months):
            y, m = 2000 + (i + 1) // 12, (i + 1) % 12 + 1
            txns.append(
                dict(
                    ywfsrq=dt.date(y, m, 5),
                    hkny=f"{y}{m:02d}",
                    dkywmxlx="02",
                    bjje=Decimal("10.00"),
                    lxje=Decimal("1.00"),
                )
            )
        loan = make_loan(
            person,
            jkhtbh=jkhtbh if k == 0 else f"{jkhtbh}9",
            htdkje=Decimal("100000.00"),
            dkqs=360,
            dkye=Decimal("100000.00") - Decimal("10.00") * months,
            disbursed=start,
            jkhtqdrq=start,
            txns=txns,
        )
        app = make_application(
            person, nodes=tuple(f"节点{i}" for i in range(3 + months // 10)), done_nodes=2
        )
        app.contract = loan
        app.save()
    return grzh, jkhtbh


RANGE = {"ksrq": "2000-01-01", "jsrq": "2029-12-31"}

# Queries beyond the session's: the user with its person (one join), then the page's own reads
# (and the export's audit row). The ledger and 还款明细: the page's rows and one aggregate
# (还款明细 one more for the running columns before the page). The loan pages read the
# contracts with their transactions' stamp (the key of the kept summaries and positions,
# gjj/loans/summary.py); 贷款信息, 还款指南 and the plan pages read the transactions for the
# engine only on a first visit (KEPT_PAGES: one query less on the next).
PAGES = {
    "fund:basic_info": ({}, 3),
    "fund:ledger": ({"grzh": 0, "ksrq": "2000-01-01", "jsrq": "2009-12-31"}, 5),
    "loans:progress": ({"jkhtbh": 1}, 4),
    "loans:info": ({"jkhtbh": 1}, 3),
    "loans:repayments": ({"jkhtbh": 1, **RANGE}, 5),
    "loans:plan": ({"jkhtbh": 1, **RANGE}, 3),
    "loans:plan_print": ({"jkhtbh": 1, **RANGE}, 3),
    "loans:plan_export": ({"jkhtbh": 1, **RANGE}, 4),
    "hall:repay_guide": ({}, 3),
    "hall:withdraw_guide": ({}, 1),
    # the login with its person, accounts, deposit months, loans, applications in progress,
    # policy, rate
    "hall:loan_apply_guide": ({}, 7),
}


def short_and_long(client, zhangsan, lisi, params):
    """The page's query for 张三 (a year of history) and 李四 (over 20 years), each logged in."""
    keys = {zhangsan: fill(zhangsan, 12, "001"), lisi: fill(lisi, 250, "002")}
    for who in (zhangsan, lisi):
        client.force_login(who.user)
        yield {k: keys[who][v] if v in (0, 1) else v for k, v in params.items()}


@pytest.mark.parametrize("name", PAGES)
def test_a_long_history_costs_the_same_queries_as_a_short_one(
    client, zhangsan, lisi, django_assert_num_queries, session_queries, name
):
    params, expected = PAGES[name]
    for query in short_and_long(client, zhangsan, lisi, params):
        with django_assert_num_queries(expected + session_queries):
            response = client.get(reverse(name), query)
        assert response.status_code == 200


# Pages of the core's data only: a second visit reads the kept page (gjj/core/kept.py), the
# download its kept file (and still writes its audit row).
KEPT_PAGES = {
    "fund:ledger": 1,
    "loans:info": 1,
    "loans:repayments": 1,
    "loans:plan": 1,
    "loans:plan_print": 1,
    "loans:plan_export": 3,  # the user, the contracts (whose it is), the audit row
    # not a kept page: it reads the kept summaries (one query less: the transactions)
    "hall:repay_guide": PAGES["hall:repay_guide"][1] - 1,
}


@pytest.mark.parametrize("name", KEPT_PAGES)
def test_a_second_visit_reads_the_kept_page_or_summary(
    client, zhangsan, lisi, django_assert_num_queries, session_queries, name
):
    params, expected = PAGES[name]
    for query in short_and_long(client, zhangsan, lisi, params):
        first = client.get(reverse(name), query)
        with django_assert_num_queries(KEPT_PAGES[name] + session_queries):
            response = client.get(reverse(name), query)
        assert response.status_code == 200
        assert without_tokens(response.content) == without_tokens(first.content)


def without_tokens(content: bytes) -> bytes:
    """A page without its CSRF tokens (each answer masks the token anew)."""
    return re.sub(rb'(csrfmiddlewaretoken" value|name="csrf-token" content)="[^"]*"', b"", content)
