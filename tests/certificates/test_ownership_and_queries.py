"""Another person's certificate, statement or account is a 404 for every method; each new page
spends a constant number of queries, whatever the history."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gjj.certificates.models import Certificate
from tests.certificates.makers import ISSUE_DAY, give_history

pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


@pytest.fixture
def mine(client_zhangsan, zhangsan):
    account, settled, _ = give_history(zhangsan, tag="1")
    with time_machine.travel(ISSUE_DAY, tick=False):
        client_zhangsan.post(
            reverse("certificates:issue"), {"kind": "deposit", "grzh": account.grzh}
        )
    return account, settled, Certificate.objects.get()


def test_another_persons_certificate_is_a_404(mine, lisi):
    account, settled, cert = mine
    client = Client()
    client.force_login(lisi.user)
    for name in ("detail", "pdf", "revoke"):
        url = reverse(f"certificates:{name}", args=[cert.code])
        assert client.get(url).status_code == 404
    assert client.post(reverse("certificates:revoke", args=[cert.code])).status_code == 404
    assert Certificate.objects.get().revoked_at is None
    for data in (
        {"kind": "deposit", "grzh": account.grzh},
        {"kind": "usage", "grzh": account.grzh},
        {"kind": "settlement", "jkhtbh": settled.jkhtbh},
    ):
        assert client.post(reverse("certificates:issue"), data).status_code == 404
    statement = reverse("certificates:statement")
    assert client.get(statement, {"grzh": account.grzh}).status_code == 404
    issue = reverse("certificates:statement_issue")
    assert client.post(issue, {"grzh": account.grzh, "year": 2025}).status_code == 404
    assert Certificate.objects.count() == 1


def test_anonymous_users_go_to_the_login(mine):
    _, _, cert = mine
    client = Client()
    for url in (reverse("certificates:index"), reverse("certificates:detail", args=[cert.code])):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_odd_codes_and_kinds_are_404_not_500(client_zhangsan, mine):
    for code in ("x", "0" * 16, "%00", "A" * 300):
        assert client_zhangsan.get(f"/certificates/{code}/").status_code == 404
    assert client_zhangsan.post(reverse("certificates:issue"), {"kind": "x"}).status_code == 404
    response = client_zhangsan.get(reverse("certificates:statement"), {"year": "abc"})
    assert response.status_code == 200


# Queries beyond the session's: user and person (the guard), then the page's own reads.
@pytest.mark.parametrize("months", [3, 40])
def test_pages_spend_constant_queries(
    client, zhangsan, months, django_assert_num_queries, session_queries
):
    account, _, _ = give_history(zhangsan, months=months, tag=str(months))
    client.force_login(zhangsan.user)
    with time_machine.travel(ISSUE_DAY, tick=False):
        client.post(reverse("certificates:issue"), {"kind": "usage", "grzh": account.grzh})
    cert = Certificate.objects.get()
    base = session_queries + 1  # the user with its person
    # index: accounts, contracts, certificates
    with django_assert_num_queries(base + 3):
        assert client.get(reverse("certificates:index")).status_code == 200
    with django_assert_num_queries(base + 1):
        assert client.get(reverse("certificates:detail", args=[cert.code])).status_code == 200
    with django_assert_num_queries(base + 1):
        assert client.get(reverse("certificates:pdf", args=[cert.code])).status_code == 200
    with django_assert_num_queries(base + 1):
        assert client.get(reverse("certificates:revoke", args=[cert.code])).status_code == 200
    # statement: accounts, opening balance, the year's entries, has_loans
    with django_assert_num_queries(base + 4):
        response = client.get(reverse("certificates:statement"), {"grzh": account.grzh})
        assert response.status_code == 200
