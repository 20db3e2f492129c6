"""李四 never sees 张三's accounts or contracts: a 404 on every information page and export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import make_account, make_loan

LOAN_PAGES = [
    "loans:progress",
    "loans:info",
    "loans:repayments",
    "loans:plan",
    "loans:plan_export",
    "loans:plan_print",
]


def main_of(response) -> str:
    """The page's own content (the header's forms echo the request's URL back as `next`)."""
    return response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]


@pytest.fixture
def zhangsans_data(zhangsan, lisi):
    account = make_account(
        zhangsan, grzh="3100000021", entries=[(dt.date(2017, 1, 24), "01", "1382.00")]
    )
    loan = make_loan(zhangsan, jkhtbh="01201702090019", dkye=Decimal("900.00"))
    # 李四 has an account and a loan of his own, so his pages work.
    make_account(lisi, grzh="3100000022")
    make_loan(lisi, jkhtbh="01201702090020")
    return account, loan


@pytest.mark.parametrize("name", LOAN_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_persons_contract_is_a_404(client_lisi, zhangsans_data, name, method):
    _, loan = zhangsans_data
    url = f"{reverse(name)}?jkhtbh={loan.jkhtbh}"
    response = getattr(client_lisi, method)(url)
    assert response.status_code == 404
    assert "01201702090019" not in main_of(response)


@pytest.mark.parametrize("name", LOAN_PAGES)
def test_an_unknown_contract_is_a_404(client_lisi, zhangsans_data, name):
    assert client_lisi.get(reverse(name), {"jkhtbh": "99999999999999"}).status_code == 404


@pytest.mark.parametrize("name", LOAN_PAGES)
def test_own_contract_works(client_lisi, zhangsans_data, name):
    response = client_lisi.get(reverse(name), {"jkhtbh": "01201702090020"})
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_persons_account_is_a_404_on_the_ledger(client_lisi, zhangsans_data, method):
    account, _ = zhangsans_data
    response = getattr(client_lisi, method)(f"{reverse('fund:ledger')}?grzh={account.grzh}")
    assert response.status_code == 404
    assert "3100000021" not in main_of(response)


@pytest.mark.parametrize("name", ["fund:basic_info", "fund:ledger", *LOAN_PAGES])
def test_a_staff_login_without_a_person_gets_the_one_clear_page(client, staff, name):
    client.force_login(staff)
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert "此账号没有缴存人信息" in response.content.decode()


@pytest.mark.parametrize("name", ["fund:basic_info", "fund:ledger", *LOAN_PAGES])
def test_anonymous_visitors_are_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("name", ["fund:basic_info", "fund:ledger", *LOAN_PAGES])
def test_posting_is_refused(client_lisi, zhangsans_data, name):
    assert client_lisi.post(reverse(name)).status_code == 405
    assert client_lisi.post(f"{reverse(name)}?jkhtbh=01201702090020").status_code == 405
