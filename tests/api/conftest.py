"""Fixtures of the API tests: a depositor's data, tokens, a service client."""

from __future__ import annotations

import datetime as dt

import pytest

from gjj.api.clients import client_add
from gjj.api.tokens import token_pair_issue
from tests.applications.makers import make_application
from tests.factories import make_account, make_loan
from tests.inbox.makers import make_message

ENTRIES = [
    (dt.date(2016, 7, 15), "01", "343.52"),
    (dt.date(2016, 8, 15), "01", "343.52"),
    (dt.date(2017, 6, 30), "02", "12.05"),
    (dt.date(2017, 9, 1), "11", "-500.00", "01", "01"),
]


class Api:
    """The Django test client speaking JSON with a bearer token."""

    def __init__(self, client, token: str | None = None, ip: str = "10.1.0.1"):
        self.client, self.token, self.ip = client, token, ip

    def _headers(self, extra):
        headers = {"REMOTE_ADDR": self.ip, **extra}
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        return headers

    def get(self, path, data=None, **extra):
        return self.client.get(path, data, **self._headers(extra))

    def post(self, path, body=None, **extra):
        return self.client.post(
            path, body or {}, content_type="application/json", **self._headers(extra)
        )

    def delete(self, path, **extra):
        return self.client.delete(path, **self._headers(extra))


def data_of(person, *, loan_no: str, grzh: str):
    account = make_account(person, grzh=grzh, entries=ENTRIES)
    loan = make_loan(
        person,
        jkhtbh=loan_no,
        txns=[
            dict(ywfsrq=dt.date(2017, 2, 9), dkywmxlx="01", ffje="1000.00"),
            dict(
                ywfsrq=dt.date(2017, 3, 9),
                hkny="201703",
                dkywmxlx="02",
                bjje="2.15",
                lxje="2.75",
            ),
        ],
        dkye="997.85",
    )
    message = make_message(person)
    application = make_application(person, finished=False, done_nodes=2)
    application.contract = loan
    application.save(update_fields=["contract"])
    return {"account": account, "loan": loan, "message": message, "application": application}


@pytest.fixture
def zs_data(zhangsan):
    return data_of(zhangsan, loan_no="01201702090001", grzh="3100000001")


@pytest.fixture
def ls_data(lisi):
    return data_of(lisi, loan_no="01201702090002", grzh="3100000002")


@pytest.fixture
def zs_api(client, zhangsan) -> Api:
    return Api(client, token_pair_issue(user=zhangsan.user).access)


@pytest.fixture
def anon_api(client) -> Api:
    return Api(client)


@pytest.fixture
def service_client(db):
    def make(*scopes: str, name: str = "核心业务系统"):
        client, secret = client_add(name=name, scopes=list(scopes))
        return client, secret

    return make


@pytest.fixture
def core(client, service_client) -> Api:
    """The core system's client with every scope."""
    _, secret = service_client("push_messages", "push_results", "pull_applications")
    return Api(client, secret)
