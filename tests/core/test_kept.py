"""Kept pages (gjj/core/kept.py): served again only while nothing they show has changed."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.contrib.messages.storage.base import Message as Notice
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from gjj.core import kept
from gjj.core.models import AuditEvent
from gjj.fund.models import LedgerEntry
from gjj.inbox import services as inbox
from gjj.inbox.models import Message
from tests.applications.makers import make_application
from tests.factories import make_account, make_loan, make_person
from tests.inbox.makers import make_messages
from tests.interchange import csvdata

pytestmark = pytest.mark.django_db

LEDGER = reverse("fund:ledger")
RANGE = {"ksrq": "2016-06-01", "jsrq": "2025-12-31"}


@pytest.fixture
def kept_keys(monkeypatch):
    """The keys of the pages kept during the test (any cache backend)."""
    keys: set[str] = set()
    real = cache.set

    def spy(key, *args, **kwargs):
        if key.startswith(kept.KEY_PREFIX):
            keys.add(key)
        return real(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    return keys


def test_a_second_visit_is_the_kept_page_and_a_new_core_generation_is_not(
    client_zhangsan, zhangsan, kept_keys
):
    account = make_account(zhangsan, entries=[(dt.date(2020, 1, 5), "01", "100.00")])
    params = {"grzh": account.grzh, **RANGE}
    first = client_zhangsan.get(LEDGER, params).content.decode()
    assert len(kept_keys) == 1
    again = client_zhangsan.get(LEDGER, params).content.decode()
    assert strip(again) == strip(first) and len(kept_keys) == 1
    # A bulk write sends no signal: the page is still the kept one...
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                ywlsh="X-1",
                account=account,
                jzrq=dt.date(2020, 2, 5),
                gjhtqywlx="01",
                fse=Decimal("77.00"),
                balance=Decimal("177.00"),
            )
        ]
    )
    assert "77.00" not in client_zhangsan.get(LEDGER, params).content.decode()
    # ...until the importer (here its receiver) says the core's data changed.
    kept.core_changed()
    assert "77.00" in client_zhangsan.get(LEDGER, params).content.decode()


def test_an_import_is_a_new_generation(tmp_path, client):
    person = make_person(id_number=csvdata.ZHANG_ID)
    client.force_login(person.user)
    code, out = csvdata.run_import(csvdata.full_folder(tmp_path / "one"))
    assert code == 0, out
    params = {"grzh": "3100000001", **RANGE}
    assert "2016-09-01" in client.get(LEDGER, params).content.decode()
    assert "2016-10-25" not in client.get(LEDGER, params).content.decode()
    two = tmp_path / "two"
    two.mkdir()
    csvdata.write_csv(two, "accounts.csv", [csvdata.account(grzhye="2402.00")])
    csvdata.write_csv(two, "ledger.csv", [csvdata.entry("L4", "100.00", "2016-10-25")])
    code, out = csvdata.run_import(two)
    assert code == 0, out
    page = client.get(LEDGER, params).content.decode()
    assert "2016-10-25" in page and "2,402.00" in page


def test_a_save_of_a_core_model_is_a_new_generation(client_zhangsan, zhangsan):
    account = make_account(zhangsan, entries=[(dt.date(2020, 1, 5), "01", "100.00")])
    params = {"grzh": account.grzh, **RANGE}
    assert "单位12%" in client_zhangsan.get(LEDGER, params).content.decode()
    account.dwjcbl = Decimal("5")
    account.save()
    assert "单位5%" in client_zhangsan.get(LEDGER, params).content.decode()


def test_another_persons_account_is_still_a_404(client, zhangsan, lisi):
    account = make_account(zhangsan)
    client.force_login(zhangsan.user)
    assert client.get(LEDGER, {"grzh": account.grzh}).status_code == 200
    client.force_login(lisi.user)
    assert client.get(LEDGER, {"grzh": account.grzh}).status_code == 404


def test_a_new_day_is_a_new_page(client_zhangsan, zhangsan):
    make_account(zhangsan)
    with time_machine.travel(dt.datetime.fromisoformat("2026-03-02 10:00:00+08:00"), tick=False):
        assert "2026年3月2日" in client_zhangsan.get(LEDGER).content.decode()
    with time_machine.travel(dt.datetime.fromisoformat("2026-03-03 10:00:00+08:00"), tick=False):
        page = client_zhangsan.get(LEDGER).content.decode()
    assert "2026年3月3日" in page and "2026-03-03" in page  # the layout's day, the default range


def test_each_answer_has_its_own_token_and_it_works(kept_keys):
    person = make_person()
    make_account(person)
    client = Client(enforce_csrf_checks=True)
    client.force_login(person.user)
    tokens = []
    for _ in range(2):
        page = client.get(LEDGER).content.decode()
        assert kept.CSRF_PLACEHOLDER not in page
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1])
    assert tokens[0] != tokens[1] and len(kept_keys) == 1
    response = client.post(
        reverse("hall:toggle_large_text"), {"csrfmiddlewaretoken": tokens[1], "next": LEDGER}
    )
    assert response.status_code == 302
    assert 'class="large-text' in client.get(LEDGER).content.decode()  # a cookie: another page


def test_a_notice_is_shown_and_the_page_not_kept(client_zhangsan, zhangsan):
    make_account(zhangsan)
    client_zhangsan.get(LEDGER)
    storage = CookieStorage(HttpRequest())
    client_zhangsan.cookies[storage.cookie_name] = storage._encode([Notice(25, "密码已修改")])
    assert "密码已修改" in client_zhangsan.get(LEDGER).content.decode()
    assert "密码已修改" not in client_zhangsan.get(LEDGER).content.decode()


def test_home_follows_the_messages_and_the_applications(client_zhangsan, zhangsan):
    make_messages(zhangsan, 2)
    page = client_zhangsan.get("/").content.decode()
    assert page.count('aria-label="2条未读"') == 1
    client_zhangsan.get("/")
    inbox.message_mark_read(message=Message.objects.filter(person=zhangsan).first())
    page = client_zhangsan.get("/").content.decode()
    assert 'aria-label="1条未读"' in page
    make_application(zhangsan, ywxx="新的一笔业务")
    assert "新的一笔业务" in client_zhangsan.get("/").content.decode()


def test_home_loan_figures_follow_a_new_transaction(client_zhangsan, zhangsan):
    loan = make_loan(zhangsan, dkye=Decimal("90000.00"))
    assert "90,000.00" in client_zhangsan.get("/").content.decode()
    loan.dkye = Decimal("89000.00")
    loan.save()
    assert "89,000.00" in client_zhangsan.get("/").content.decode()


def strip(page: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value|name="csrf-token" content)="[^"]*"', "", page)


@pytest.mark.parametrize(
    "name",
    ["loans:info", "loans:repayments", "loans:plan", "loans:plan_print", "loans:plan_export"],
)
def test_another_persons_contract_is_still_a_404_after_the_owner_kept_it(
    client, zhangsan, lisi, name
):
    loan = make_loan(zhangsan, dkye=Decimal("900.00"))
    url = f"{reverse(name)}?jkhtbh={loan.jkhtbh}"
    client.force_login(zhangsan.user)
    for _ in range(2):
        assert client.get(url).status_code == 200
    client.force_login(lisi.user)
    assert client.get(url).status_code == 404


def test_the_download_is_kept_and_each_one_audited(client_zhangsan, zhangsan):
    loan = make_loan(zhangsan, dkye=Decimal("900.00"))
    url = f"{reverse('loans:plan_export')}?jkhtbh={loan.jkhtbh}"
    first, second = client_zhangsan.get(url), client_zhangsan.get(url)
    assert first.content == second.content and first["Content-Disposition"]
    assert AuditEvent.objects.filter(action="export", person=zhangsan).count() == 2


def test_a_cache_that_refuses_the_write_still_serves_the_page(
    client_zhangsan, zhangsan, monkeypatch
):
    make_account(zhangsan, entries=[(dt.date(2020, 1, 5), "01", "100.00")])

    def full(key, *args, **kwargs):
        raise OSError("OOM command not allowed when used memory > 'maxmemory'")

    monkeypatch.setattr(cache, "set", full)
    for _ in range(2):
        response = client_zhangsan.get(LEDGER, RANGE)
        assert response.status_code == 200 and "100.00" in response.content.decode()
        assert kept.CSRF_PLACEHOLDER not in response.content.decode()


def test_a_cache_that_refuses_every_write_keeps_nothing_and_fails_nothing(
    client_zhangsan, zhangsan, monkeypatch
):
    account = make_account(zhangsan, entries=[(dt.date(2020, 1, 5), "01", "100.00")])

    def refuse(*args, **kwargs):
        raise OSError("OOM command not allowed when used memory > 'maxmemory'")

    monkeypatch.setattr(cache, "set", refuse)
    monkeypatch.setattr(cache, "add", refuse)
    assert client_zhangsan.get(LEDGER, RANGE).status_code == 200
    account.dwjcbl = Decimal("5")
    account.save()  # the generation cannot be replaced: logged, the save stands
    assert "单位5%" in client_zhangsan.get(LEDGER, RANGE).content.decode()
