"""Every input and drop-down on the hall's pages has a visible <label> of its own."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.applications.makers import make_application
from tests.factories import make_account, make_loan
from tests.inbox.makers import make_message

pytestmark = pytest.mark.django_db

PAGES = [
    "hall:home",
    "inbox:list",
    "inbox:read_list",
    "applications:list",
    "hall:withdraw_guide",
    "hall:repay_guide",
    "hall:loan_apply_guide",
    "fund:basic_info",
    "fund:ledger",
    "loans:progress",
    "loans:info",
    "loans:repayments",
    "loans:plan",
    "repay:prepay",
    "calc:loan",
    "calc:prepay",
    "calc:limit",
]


def unlabelled(html: str) -> list[str]:
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', html))
    missing = []
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if re.search(r'type="(hidden|submit|button)"', tag):
            continue
        field_id = re.search(r'\bid="([^"]+)"', tag)
        if not field_id or field_id.group(1) not in labelled:
            missing.append(tag)
    return missing


@pytest.mark.parametrize("name", PAGES)
def test_every_field_has_a_label(client_zhangsan, zhangsan, name):
    make_message(zhangsan)
    make_application(zhangsan)
    make_account(zhangsan, entries=[(dt.date(2017, 1, 24), "01", "1382.00")])
    make_account(zhangsan, grzhzt="05")
    make_loan(zhangsan, dkye=Decimal("900.00"))
    make_loan(zhangsan, disbursed=None)
    html = client_zhangsan.get(reverse(name)).content.decode()
    assert unlabelled(html) == []
