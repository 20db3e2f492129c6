"""贷款政策参数 in /staff/: the 管理 role only, Chinese validation that stores nothing, every
change audited with its old and new value, and the new values used by the next application."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from gjj.applications import services as apps
from gjj.core.models import AuditEvent
from gjj.loans.models import LoanPolicy
from tests.loanapps.makers import NOW, depositor, ensure_loan_defaults, freeze, make_staff, submit

pytestmark = pytest.mark.django_db
URL = "/staff/policy/loan/"
DEFAULTS = {
    "cap_single": "600000.00",
    "cap_couple": "800000.00",
    "balance_multiple": "15",
    "income_share": "50",
    "down_first": "20",
    "down_second": "30",
    "limit_unit": "100.00",
    "max_term_months": "360",
    "age_limit": "65",
    "min_deposit_months": "6",
    "prepay_min_installments": "1",
    "prepay_whole_yuan": "on",
    "prepay_per_year": "2",
    "prepay_window_days": "30",
}


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    freeze(monkeypatch, NOW)


@pytest.fixture
def boss(client):
    ensure_loan_defaults()
    client.force_login(make_staff("boss", "管理"))
    return client


def test_the_page_shows_the_seeded_defaults(boss):
    assert reverse("staff:loan_policy_edit") == URL
    html = boss.get(URL).content.decode()
    assert 'name="cap_single" value="600000.00"' in html
    assert 'name="max_term_months" value="360"' in html
    assert '<option value="100.00" selected>' in html
    listing = boss.get(reverse("staff:policy_list")).content.decode()
    assert "贷款政策参数" in listing and "签订合同（签约岗）" in listing


def test_a_change_is_saved_and_audited_with_old_and_new_values(boss):
    r = boss.post(URL, {**DEFAULTS, "cap_single": "500000", "min_deposit_months": "12"})
    assert r.status_code == 302
    policy = LoanPolicy.objects.get()
    assert policy.cap_single == Decimal("500000.00") and policy.min_deposit_months == 12
    event = AuditEvent.objects.get(action="loan_policy_update")
    assert event.detail["changes"] == {
        "cap_single": ["600000.00", "500000.00"],
        "min_deposit_months": [6, 12],
    }
    assert event.user.username == "boss"
    # The same values again: nothing changes, nothing is audited.
    boss.post(URL, {**DEFAULTS, "cap_single": "500000", "min_deposit_months": "12"})
    assert AuditEvent.objects.filter(action="loan_policy_update").count() == 1


def test_the_next_application_uses_the_new_values(boss, zhangsan):
    boss.post(URL, {**DEFAULTS, "cap_single": "250000"})
    depositor(zhangsan, balance="100000.00")
    with pytest.raises(
        apps.Refused, match="可贷额度 250,000.00 元（决定额度的是：中心最高贷款额度"
    ):
        submit(zhangsan, ysr="50000.00", fj="2000000.00", dkje="250000.01")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"cap_couple": "500000"},
            "cap_couple",
            "夫妻双方缴存的最高额度不能低于单方缴存的最高额度。",
        ),
        ({"down_second": "10"}, "down_second", "第二套住房的首付比例不能低于首套住房。"),
        ({"max_term_months": "100"}, "max_term_months", "最长贷款期限应为 12 的整数倍（整年）。"),
        ({"max_term_months": "480"}, "max_term_months", "确保该值小于或等于360。"),
        ({"income_share": "0"}, "income_share", "确保该值大于或等于1。"),
        ({"limit_unit": "7"}, "limit_unit", "请选择额度取整单位。"),
        ({"cap_single": "abc"}, "cap_single", "单方缴存最高贷款额度应为数字。"),
        ({"age_limit": ""}, "age_limit", "请填写贷款到期时借款人最高年龄。"),
    ],
)
def test_bad_values_are_refused_in_chinese_and_store_nothing(boss, changes, field, message):
    r = boss.post(URL, {**DEFAULTS, **changes})
    assert r.status_code == 200
    assert message in r.content.decode()
    assert LoanPolicy.objects.get().cap_couple == Decimal("800000.00")
    assert LoanPolicy.objects.get().max_term_months == 360
    assert not AuditEvent.objects.filter(action="loan_policy_update").exists()


def test_only_the_admin_role_may_open_it(client):
    assert client.get(URL).status_code == 302  # to the staff login
    client.force_login(make_staff("clerk", "受理"))
    assert client.get(URL).status_code == 404
    assert client.post(URL, {**DEFAULTS, "cap_single": "1"}).status_code == 404
    assert LoanPolicy.objects.get().cap_single == Decimal("600000.00")


def test_query_count_is_constant(
    boss, zhangsan, lisi, django_assert_num_queries, django_assert_max_num_queries
):
    boss.get(URL)
    with django_assert_max_num_queries(30) as small:
        boss.get(URL)
    for person in (zhangsan, lisi):  # applications waiting change the navigation's counts
        depositor(person)
        submit(person)
    with django_assert_num_queries(len(small.captured_queries)):
        assert boss.get(URL).status_code == 200
    print(f"GET {URL}: {len(small.captured_queries)} queries")
