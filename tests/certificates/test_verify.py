"""The public verify page: valid, expired, revoked (time frozen); a wrong code says so and no
more; the full ID number never shows; a flood of wrong codes from one IP is cut off (429)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from gjj.certificates import codes
from gjj.certificates.models import Certificate
from gjj.core.models import AuditEvent
from tests.certificates.makers import ISSUE_DAY, give_history, sha256

pytestmark = pytest.mark.django_db


@pytest.fixture
def cert(client_zhangsan, zhangsan):
    account, _, _ = give_history(zhangsan)
    with time_machine.travel(ISSUE_DAY, tick=False):
        client_zhangsan.post(
            reverse("certificates:issue"), {"kind": "deposit", "grzh": account.grzh}
        )
    return Certificate.objects.get()


def _verify(code, when, client=None):
    with time_machine.travel(when, tick=False):
        return (client or Client()).get(f"/verify/{code}")


def test_valid_then_expired_after_the_validity_days(cert, zhangsan):
    page = _verify(cert.code, ISSUE_DAY + dt.timedelta(days=1)).content.decode()
    assert "核验结果：" in page and "有效" in page and "已过期" not in page
    assert cert.get_kind_display() in page
    assert "张*" in page and zhangsan.xingming not in page.split("核验结果")[1]
    assert "370402********" in page and zhangsan.zjhm not in page
    assert cert.pdf_sha256 in page
    key = dict(cert.figures["key"])
    for label, value in key.items():
        assert label in page and value in page
    # 90 days: valid through 2027-02-25 (Shanghai), expired on the 26th.
    last = dt.datetime(2027, 2, 25, 15, 59, tzinfo=dt.UTC)  # 23:59 in Shanghai
    assert "已过期" not in _verify(cert.code, last).content.decode()
    expired = _verify(cert.code, last + dt.timedelta(minutes=2)).content.decode()
    assert "已过期" in expired and "已超过有效期（2027年02月25日）" in expired


def test_revoked_shows_revoked_and_is_audited(cert, client_zhangsan):
    url = reverse("certificates:revoke", args=[cert.code])
    assert "您确定要作废" in client_zhangsan.get(url).content.decode()
    with time_machine.travel(ISSUE_DAY + dt.timedelta(days=2), tick=False):
        client_zhangsan.post(url)
    page = _verify(cert.code, ISSUE_DAY + dt.timedelta(days=3)).content.decode()
    assert "已作废" in page and "由本人作废" in page
    assert AuditEvent.objects.filter(action="certificate_revoke", detail__code=cert.code).exists()
    # A second revoke changes nothing.
    client_zhangsan.post(url)
    assert AuditEvent.objects.filter(action="certificate_revoke").count() == 1


def test_the_code_can_be_typed_grouped_and_in_lower_case(cert):
    typed = codes.grouped(cert.code).lower()
    with time_machine.travel(ISSUE_DAY, tick=False):
        page = Client().get(reverse("certificates:verify"), {"code": typed}).content.decode()
    assert "核验结果：" in page


def test_a_tampered_pdf_has_another_hash(cert, client_zhangsan):
    original = client_zhangsan.get(reverse("certificates:pdf", args=[cert.code])).content
    assert sha256(original) == cert.pdf_sha256
    # Re-saved by an editor with one field changed, and one byte flipped in the file.
    reader = PdfReader(io.BytesIO(original))
    writer = PdfWriter(clone_from=reader)
    writer.add_metadata({"/Title": "个人住房公积金缴存证明（改）"})
    out = io.BytesIO()
    writer.write(out)
    flipped = bytearray(original)
    flipped[len(flipped) // 2] ^= 1
    for tampered in (out.getvalue(), bytes(flipped)):
        assert tampered != original
        assert sha256(tampered) != cert.pdf_sha256


@pytest.mark.parametrize(
    "code",
    ["", "x", "2222222222222222", "O" * 16, "<script>", "7" * 200, "％２", "\x00abc"],
)
def test_a_wrong_code_says_so_and_nothing_more(cert, code):
    near = cert.code[:-1] + ("2" if cert.code[-1] != "2" else "3")
    for attempt in (code, near):
        response = Client().get(reverse("certificates:verify"), {"code": attempt})
        page = response.content.decode()
        assert response.status_code == 200
        if attempt:
            assert "没有与该验证码对应的证明" in page
        assert cert.code not in page and "370402" not in page


def test_ten_thousand_wrong_codes_from_one_ip_are_cut_off(cert, settings, rf):
    """The first hundred through the whole stack, the rest straight into the view (the cut-off
    lives there): the test takes seconds, not minutes."""
    from django.contrib.auth.models import AnonymousUser

    from gjj.certificates.views import verify

    client = Client(REMOTE_ADDR="203.0.113.7")
    statuses = {}

    def count(status):
        statuses[status] = statuses.get(status, 0) + 1

    # Time stands still: the counting window cannot roll over in the middle of the test.
    frozen = time_machine.travel(ISSUE_DAY + dt.timedelta(days=1), tick=False)
    with frozen, CaptureQueriesContext(connection) as queries:
        for i in range(100):
            count(client.get(f"/verify/{codes.new_code() if i % 2 else f'WRONG{i}'}").status_code)
        for i in range(100, 10_000):
            request = rf.get("/verify/", REMOTE_ADDR="203.0.113.7")
            request.user = AnonymousUser()
            count(verify(request, code=codes.new_code() if i % 2 else f"W{i}").status_code)
    assert statuses == {200: settings.VERIFY_LIMIT, 429: 10_000 - settings.VERIFY_LIMIT}
    # Refused look-ups never reach the database.
    assert len([q for q in queries if "certificate" in q["sql"]]) <= settings.VERIFY_LIMIT
    with time_machine.travel(ISSUE_DAY + dt.timedelta(days=1), tick=False):
        page = client.get(f"/verify/{cert.code}")
    assert page.status_code == 429 and page["Retry-After"]
    assert "核验次数过多" in page.content.decode() and "分钟后再试" in page.content.decode()
    assert cert.code not in page.content.decode()
    # Another IP is not affected.
    assert Client(REMOTE_ADDR="198.51.100.1").get(f"/verify/{cert.code}").status_code == 200


def test_the_verify_page_spends_one_query(cert, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert Client().get(f"/verify/{cert.code}").status_code == 200
    with django_assert_num_queries(0):
        assert Client().get("/verify/").status_code == 200
