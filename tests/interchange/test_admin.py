"""The staff's view (Django admin): masked personal data, search by account, contract and ID
number (through the digest), imported records read-only, the rate table editable."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gjj.core.audit import audit
from gjj.core.models import AuditEvent
from gjj.loans.models import LoanRate
from tests.interchange import csvdata as C

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path):
    code, out = C.run_import(C.full_folder(tmp_path / "x"))
    assert code == 0, out


def changelist(model: str) -> str:
    return reverse(f"admin:{model}_changelist")


STAFF_LISTS = [
    "people_person",
    "fund_fundaccount",
    "fund_ledgerentry",
    "loans_loancontract",
    "loans_loantxn",
    "loans_loanrate",
    "inbox_message",
    "applications_application",
    "core_auditevent",
]


def test_the_person_list_masks_names_and_never_shows_numbers(admin_client, imported):
    page = admin_client.get(changelist("people_person")).content.decode()
    assert "张*" in page
    assert "张三" not in page
    assert C.ZHANG_ID not in page and C.ZHANG_ID[:6] not in page
    assert C.ZHANG_PHONE not in page and C.ZHANG_PHONE[-4:] not in page


def test_a_persons_page_shows_the_numbers_masked(admin_client, imported):
    from gjj.people.models import Person

    person = Person.objects.get()
    page = admin_client.get(reverse("admin:people_person_change", args=[person.pk]))
    text = page.content.decode()
    assert f"{C.ZHANG_ID[:6]}********{C.ZHANG_ID[-4:]}" in text
    assert "187****9858" in text
    assert C.ZHANG_ID not in text and C.ZHANG_PHONE not in text
    assert "3100000001" in text and "2,302.00" in text  # the person's accounts inline
    assert "01201702090011" in text and "998.37" in text  # and loans


@pytest.mark.parametrize(
    ("model", "term", "expected"),
    [
        ("people_person", C.ZHANG_ID, "张*"),
        ("people_person", C.ZHANG_PHONE, "张*"),
        ("fund_fundaccount", "3100000001", "3100000001"),
        ("fund_fundaccount", C.ZHANG_ID, "3100000001"),
        ("fund_ledgerentry", "3100000001", "L2"),
        ("fund_ledgerentry", C.ZHANG_ID.lower(), "L2"),
        ("loans_loancontract", "01201702090011", "998.37"),
        ("loans_loancontract", C.ZHANG_ID, "01201702090011"),
        ("loans_loantxn", "01201702090011", "D2"),
        ("inbox_message", C.ZHANG_ID, "汇补缴业务补缴复核"),
        ("applications_application", "01201702090011", "借款人贷款审批"),
    ],
)
def test_search_finds_records_by_account_contract_and_id_number(
    admin_client, imported, model, term, expected
):
    page = admin_client.get(changelist(model), {"q": term}).content.decode()
    assert expected in page
    assert "0 条结果" not in page and "0 results" not in page


def test_an_unknown_id_number_finds_nothing(admin_client, imported):
    other = C.WANG_ID
    page = admin_client.get(changelist("fund_fundaccount"), {"q": other}).content.decode()
    assert "3100000001" not in page


@pytest.mark.parametrize(
    "model",
    [
        "people_person",
        "fund_fundaccount",
        "fund_ledgerentry",
        "loans_loancontract",
        "loans_loantxn",
        "inbox_message",
        "applications_application",
        "core_auditevent",
    ],
)
def test_imported_records_cannot_be_added_here(admin_client, imported, model):
    assert admin_client.get(reverse(f"admin:{model}_add")).status_code == 403


def test_imported_records_cannot_be_changed_or_deleted(admin_client, imported):
    from gjj.fund.models import LedgerEntry

    entry = LedgerEntry.objects.get(ywlsh="L1")
    url = reverse("admin:fund_ledgerentry_change", args=[entry.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="_save"' not in page
    response = admin_client.post(url, {"fse": "9999.00"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert str(entry.fse) == "1151.00"
    delete = reverse("admin:fund_ledgerentry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403


def test_the_audit_log_is_read_only(admin_client):
    event = audit("login", outcome=AuditEvent.Outcome.FAILED)
    url = reverse("admin:core_auditevent_delete", args=[event.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    page = admin_client.get(changelist("core_auditevent")).content.decode()
    assert "login" in page


def test_staff_extend_the_loan_rate_table(admin_client):
    response = admin_client.post(
        reverse("admin:loans_loanrate_add"),
        {
            "effective": "2026-01-01",
            "first_le5": "2.0",
            "first_gt5": "2.5",
            "second_le5": "2.4",
            "second_gt5": "2.975",
        },
    )
    assert response.status_code == 302
    rate = LoanRate.objects.get(effective="2026-01-01")
    assert str(rate.second_gt5) == "2.9750"


def test_users_are_managed_with_the_standard_user_admin(admin_client):
    assert admin_client.get(changelist("identity_user")).status_code == 200


def test_a_depositor_cannot_open_the_staff_view(client_zhangsan):
    response = client_zhangsan.get(changelist("fund_ledgerentry"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("model", [m for m in STAFF_LISTS if m != "loans_loanrate"])
def test_big_lists_never_count_the_whole_table(admin_client, imported, model):
    with CaptureQueriesContext(connection) as ctx:
        assert admin_client.get(changelist(model)).status_code == 200
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts, "the paginator counts (over a LIMIT)"
    assert all("LIMIT" in sql.upper() for sql in counts), counts
    assert len(ctx.captured_queries) <= 12


@pytest.mark.parametrize("model", STAFF_LISTS)
def test_a_staff_member_who_is_not_a_superuser_sees_every_list(client, staff, imported, model):
    client.force_login(staff)
    response = client.get(changelist(model))
    assert response.status_code == 200
    page = response.content.decode()
    assert "搜索" in page or model == "loans_loanrate"  # the admin speaks Chinese
    assert "住房公积金网上服务大厅 · 中心管理" in page


def test_a_staff_member_opens_a_record_with_its_inlines_but_cannot_change_it(
    client, staff, imported
):
    from gjj.loans.models import LoanContract
    from gjj.people.models import Person

    client.force_login(staff)
    person = Person.objects.get()
    page = client.get(reverse("admin:people_person_change", args=[person.pk]))
    assert page.status_code == 200
    assert "3100000001" in page.content.decode() and "2,302.00" in page.content.decode()
    loan = LoanContract.objects.get()
    page = client.get(reverse("admin:loans_loancontract_change", args=[loan.pk]))
    assert page.status_code == 200 and "D2" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    url = reverse("admin:loans_loancontract_change", args=[loan.pk])
    assert client.post(url, {"dkye": "1.00"}).status_code == 403


def test_the_staff_index_lists_the_data_in_chinese(client, staff):
    client.force_login(staff)
    page = client.get(reverse("admin:index")).content.decode()
    assert "数据管理" in page
    for label in ("缴存人", "个人账户", "个人业务明细", "借款合同", "贷款业务明细", "消息"):
        assert label in page
    assert "业务申请" in page and "审计日志" in page and "贷款利率表" in page


def test_a_staff_member_without_the_permission_cannot_change_the_rate_table(client, staff):
    client.force_login(staff)
    rate = LoanRate.objects.order_by("effective").first()
    assert client.get(changelist("loans_loanrate")).status_code == 200
    assert client.get(reverse("admin:loans_loanrate_add")).status_code == 403
    url = reverse("admin:loans_loanrate_change", args=[rate.pk])
    assert client.post(url, {"effective": "2015-08-26", "first_le5": "9"}).status_code == 403
    rate.refresh_from_db()
    assert str(rate.first_le5) == "2.7500"


def test_the_staff_log_in_on_the_admin_login_page(client, staff):
    from tests.factories import PASSWORD
    from tests.identity.conftest import solved_captcha

    response = client.post(
        reverse("admin:login"),
        {"username": "reviewer", "password": PASSWORD, "next": "/admin/"}
        | solved_captcha("staff_login"),
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("path", ["/admin/", "/admin/people/person/", "/admin/core/auditevent/"])
def test_a_logged_in_depositor_never_reaches_the_staff_view(client_zhangsan, path):
    response = client_zhangsan.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_depositor_cannot_log_in_to_the_staff_view_with_the_hall_password(client, zhangsan):
    from tests.factories import PASSWORD
    from tests.identity.conftest import solved_captcha

    response = client.post(
        reverse("admin:login"),
        {"username": zhangsan.zjhm, "password": PASSWORD, "next": "/admin/"}
        | solved_captcha("staff_login"),
        REMOTE_ADDR="10.0.0.10",
    )
    assert response.status_code == 200  # the form again, with its error
    assert client.get("/admin/").status_code == 302
