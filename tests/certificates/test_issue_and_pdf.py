"""Each certificate: issued from the 证明 page, its PDF states what the page states, its QR code
opens the verify page, issuing is recorded and audited."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from gjj.certificates import codes
from gjj.certificates.models import Certificate
from gjj.core.models import AuditEvent
from tests.certificates.makers import ISSUE_DAY, give_history, page_facts, pdf_text, sha256, squash

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(zhangsan):
    return give_history(zhangsan)


def _issue(client, **data):
    with time_machine.travel(ISSUE_DAY, tick=False):
        response = client.post(reverse("certificates:issue"), data)
    assert response.status_code == 302, response.content.decode()[:500]
    return Certificate.objects.latest("id"), response["Location"]


def _decode_qr(pdf: bytes) -> list[str]:
    import pypdfium2
    import zxingcpp

    found = []
    for page in pypdfium2.PdfDocument(pdf):
        found += [r.text for r in zxingcpp.read_barcodes(page.render(scale=2).to_pil())]
    return found


@pytest.mark.parametrize(
    "kind,field,expected",
    [
        ("deposit", "grzh", ["个人账号", "缴存比例", "缴至年月", "账户余额（截至2026年11月27日）"]),
        ("usage", "grzh", ["连续缴存月数", "近24个月缴存总额", "在本中心住房公积金贷款"]),
        ("settlement", "jkhtbh", ["借款合同编号", "贷款金额", "发放日期", "结清日期"]),
    ],
)
def test_the_pdf_states_the_page_figures_and_its_qr_opens_verify(
    client_zhangsan, history, kind, field, expected
):
    account, settled, _ = history
    value = account.grzh if field == "grzh" else settled.jkhtbh
    cert, location = _issue(client_zhangsan, kind=kind, **{field: value})
    assert location == reverse("certificates:detail", args=[cert.code])
    page = client_zhangsan.get(location).content.decode()
    facts = dict(page_facts(page))
    for label in expected:
        assert facts[label], label
    text = squash(pdf_text(bytes(cert.pdf)))
    doc = cert.figures
    for label, shown in doc["facts"]:
        assert facts[label] == shown
        assert squash(label) in text and squash(shown) in text, (label, shown)
    for table in doc["tables"]:
        for row in table["rows"]:
            for cell in row:
                assert squash(cell) in text
    assert codes.grouped(cert.code) in text
    assert "有效期：自开具之日起90天（至2027年02月25日）" in text
    assert "370402********" in text and "19850315" not in text
    # The QR code (rendered from the PDF and decoded) opens this certificate's verify page.
    assert len(PdfReader(io.BytesIO(bytes(cert.pdf))).pages) == 1  # one A4 sheet
    assert _decode_qr(bytes(cert.pdf)) == [f"https://testserver/verify/{cert.code}"]
    # Recorded: who, what, when, the figures, the PDF's hash; and audited.
    assert cert.pdf_sha256 == sha256(bytes(cert.pdf))
    assert cert.issued_by == cert.person.user
    event = AuditEvent.objects.get(action="certificate_issue")
    assert event.detail["code"] == cert.code and event.detail["sha256"] == cert.pdf_sha256
    # The PDF download is the stored file.
    response = client_zhangsan.get(reverse("certificates:pdf", args=[cert.code]))
    assert response["Content-Type"] == "application/pdf"
    assert sha256(response.content) == cert.pdf_sha256


def test_deposit_certificate_lists_the_last_12_months(client_zhangsan, history):
    account, _, _ = history
    cert, _ = _issue(client_zhangsan, kind="deposit", grzh=account.grzh)
    rows = cert.figures["tables"][0]["rows"]
    assert [r[0] for r in rows] == [
        "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
        "2026-07", "2026-08", "2026-09", "2026-10", "2026-11",
    ]  # fmt: skip
    assert rows[-1][1] == "686.00"
    facts = dict(cert.figures["facts"])
    assert facts["缴存比例"] == "单位12%,个人7%"
    assert facts["证件号码"].startswith("370402********")


def test_usage_certificate_counts_continuous_months_and_24_month_total(client_zhangsan, history):
    account, _, _ = history
    cert, _ = _issue(client_zhangsan, kind="usage", grzh=account.grzh)
    facts = dict(cert.figures["facts"])
    assert facts["连续缴存月数"] == "30个月"  # 2024-06 … 2026-11
    assert facts["近24个月缴存总额"] == "16,464.00元"  # 24 × 686.00 (2024-12 … 2026-11)
    assert facts["在本中心住房公积金贷款"] == "有，未结清"
    withdrawals = cert.figures["tables"][1]["rows"]
    assert withdrawals == [["2025-03-10", "部分提取", "租赁住房", "1,200.00"]]


def test_settlement_is_refused_for_a_loan_not_settled(client_zhangsan, history):
    _, _, open_loan = history
    response = client_zhangsan.post(
        reverse("certificates:issue"),
        {"kind": "settlement", "jkhtbh": open_loan.jkhtbh},
        follow=True,
    )
    assert "尚未结清，不能开具贷款结清证明" in response.content.decode()
    assert not Certificate.objects.exists()


def test_the_settlement_sentence(client_zhangsan, history):
    _, settled, _ = history
    cert, _ = _issue(client_zhangsan, kind="settlement", jkhtbh=settled.jkhtbh)
    assert "已于2020年05月18日结清全部贷款本息" in cert.figures["sentences"][0]
    assert "已于2020年05月18日结清全部贷款本息" in squash(pdf_text(bytes(cert.pdf)))


def test_codes_are_long_random_and_without_look_alikes():
    seen = {codes.new_code() for _ in range(2000)}
    assert len(seen) == 2000
    for code in seen:
        assert len(code) == 16 and not set(code) & set("01ILOU")
    code = next(iter(seen))
    assert codes.normalize(codes.grouped(code).lower()) == code
    assert codes.normalize(code[:-1]) is None and codes.normalize(code[:-1] + "0") is None
