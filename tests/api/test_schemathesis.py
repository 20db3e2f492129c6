"""Contract tests: schemathesis generates requests from the live schema of both APIs (served by
the app itself) and checks every answer: no server error, status and body as documented."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from gjj.api.clients import client_add
from gjj.api.tokens import token_pair_issue
from tests.api.conftest import data_of

app = get_wsgi_application()
# A schema-valid request may still be refused by a rule (a captcha, a date range, a balance
# check) with a 400 or 422 and a Chinese message; a server error is never expected.
CONFIG = SchemathesisConfig.from_str(
    """
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "403", "404", "409", "422", "429"]
"""
)
depositor = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=CONFIG)
service = schemathesis.openapi.from_wsgi("/api/service/v1/openapi.json", app, config=CONFIG)
EXAMPLES = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """The app is called through WSGI as a server would: like Django's test client, keep the
    end of a request from closing the connection that holds the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def roomy_limits(settings):
    settings.API_RATE_PER_IP = settings.API_RATE_PER_TOKEN = 100_000
    settings.API_RATE_PER_CLIENT = 100_000


@pytest.fixture
def depositor_headers(db, zhangsan, roomy_limits):
    data = data_of(zhangsan, loan_no="01201702090001", grzh="3100000001")
    # A bank card on file: the withdrawal's example (租赁住房, 100.00) can pass the rules.
    account = data["account"]
    account.grckzhhm, account.grckzhkhyhmc = "6222021234561234", "中国工商银行"
    account.save(update_fields=["grckzhhm", "grckzhkhyhmc"])
    return {"Authorization": f"Bearer {token_pair_issue(user=zhangsan.user).access}"}


@pytest.fixture
def service_headers(db, zhangsan, roomy_limits):
    data_of(zhangsan, loan_no="01201702090001", grzh="3100000001")
    _, secret = client_add(
        name="核心业务系统", scopes=["push_messages", "push_results", "pull_applications"]
    )
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.django_db
@depositor.parametrize()
@EXAMPLES
def test_the_depositor_api_keeps_its_contract(case, depositor_headers):
    if case.path == "/api/v1/auth/logout":
        return  # ends the token the other cases use; tested in test_tokens.py
    case.call_and_validate(headers=depositor_headers)


@pytest.mark.django_db
@service.parametrize()
@EXAMPLES
def test_the_service_api_keeps_its_contract(case, service_headers):
    case.call_and_validate(headers=service_headers)
