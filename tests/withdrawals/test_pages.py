"""The depositor's pages: choose → fill + upload → summary → 确认提交, then 我发起的 with the
nodes, 撤回 and 补正; uploads checked from the content; ownership; constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gjj.applications.models import Application, Draft, Material, State
from gjj.applications.uploads import MAX_BYTES
from tests.withdrawals.makers import (
    freeze,
    funded_account,
    make_staff,
    pdf_bytes,
    png_bytes,
    submit,
    upload,
)

pytestmark = pytest.mark.django_db
BUY = ("购房合同或不动产权证书", "购房发票或契税完税凭证")


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    freeze(monkeypatch, dt.datetime(2026, 3, 16, 10, 0))


def page(client, name, *args, **kw):
    response = client.get(reverse(name, args=args), **kw)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_rent_walk_from_choice_to_rule_approval(client_zhangsan, zhangsan):
    funded_account(zhangsan)
    html = page(client_zhangsan, "withdrawals:choose")
    assert "租赁住房" in html and "符合条件可秒批" in html
    r = client_zhangsan.post(reverse("withdrawals:choose"), {"code": "07"})
    assert r.headers["Location"] == reverse("withdrawals:fill")
    html = page(client_zhangsan, "withdrawals:fill")
    assert "6222****1234" in html and "6222021234561234" not in html
    r = client_zhangsan.post(reverse("withdrawals:fill"), {"amount": "1,500.00", "go": "next"})
    assert r.headers["Location"] == reverse("withdrawals:confirm")
    html = page(client_zhangsan, "withdrawals:confirm")
    assert "1,500.00" in html and "确认提交" in html
    r = client_zhangsan.post(reverse("withdrawals:confirm"))
    app = Application.objects.get()
    assert r.headers["Location"] == reverse("applications:detail", args=[app.pk])
    html = page(client_zhangsan, "applications:detail", app.pk)
    assert "系统自动审核" in html and "待入账" in html
    # The same form posted again creates nothing.
    again = client_zhangsan.post(reverse("withdrawals:confirm"))
    assert again.status_code == 302 and Application.objects.count() == 1


def test_a_refused_file_loses_nothing_else(client_zhangsan, zhangsan):
    funded_account(zhangsan)
    client_zhangsan.post(reverse("withdrawals:choose"), {"code": "01"})
    good = upload("合同.pdf")
    fake = SimpleUploadedFile("发票.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    r = client_zhangsan.post(
        reverse("withdrawals:fill"),
        {"amount": "8000.00", "go": "next", "file-0": good, "file-1": fake},
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert "“发票.pdf”不是 PDF、JPEG 或 PNG 文件" in html
    assert Material.objects.filter(draft__person=zhangsan).count() == 1
    assert Draft.objects.get().data["amount"] == "8000.00"
    assert 'value="8000.00"' in html


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("scan.png", b"%PDF-1.4 renamed\n%%EOF", None),  # a PDF named .png: stored as a PDF
        ("a.pdf", b"GIF89a\x01\x00\x01\x00", "不是 PDF、JPEG 或 PNG"),
        ("empty.pdf", b"", "空文件"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * MAX_BYTES + b"%%EOF", "超过 10 MB"),
        ("broken.png", png_bytes()[:40], "已损坏"),
    ],
)
def test_uploads_are_checked_from_the_content(client_zhangsan, zhangsan, name, content, words):
    funded_account(zhangsan)
    client_zhangsan.post(reverse("withdrawals:choose"), {"code": "01"})
    f = SimpleUploadedFile(name, content, "image/png")
    r = client_zhangsan.post(reverse("withdrawals:fill"), {"amount": "1", "file-0": f})
    stored = list(Material.objects.values_list("content_type", flat=True))
    if words is None:
        assert stored == ["application/pdf"]
    else:
        assert words in r.content.decode() and stored == []


def test_another_persons_application_and_material_are_404(client, zhangsan, lisi):
    funded_account(zhangsan)
    app = submit(zhangsan, "01", "100.00", materials=BUY)
    material = app.materials.first()
    client.force_login(lisi.user)
    for url in (
        reverse("applications:detail", args=[app.pk]),
        reverse("applications:material", args=[material.pk]),
    ):
        assert client.get(url).status_code == 404
    for name in ("applications:withdraw", "applications:correct", "applications:resubmit"):
        assert client.post(reverse(name, args=[app.pk])).status_code == 404
    app.refresh_from_db()
    assert app.state == State.SUBMITTED
    # The owner sees the file inline, from the stored bytes.
    client.force_login(zhangsan.user)
    r = client.get(reverse("applications:material", args=[material.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert b"".join(r.streaming_content) == pdf_bytes()


def test_withdraw_from_the_detail_page(client_zhangsan, zhangsan):
    funded_account(zhangsan)
    app = submit(zhangsan, "01", "100.00", materials=BUY)
    assert "撤回申请" in page(client_zhangsan, "applications:detail", app.pk)
    client_zhangsan.post(reverse("applications:withdraw", args=[app.pk]))
    app.refresh_from_db()
    assert app.state == State.WITHDRAWN


def test_correction_from_the_detail_page(client_zhangsan, zhangsan):
    from gjj.applications import services as apps

    funded_account(zhangsan)
    app = submit(zhangsan, "01", "100.00", materials=BUY)
    clerk = make_staff("clerk", "受理")
    apps.application_act(
        application=app, user=clerk, xh=2, version=0, action="return", opinion="发票看不清"
    )
    html = page(client_zhangsan, "applications:detail", app.pk)
    assert "退回补正：发票看不清" in html and "补正材料" in html
    r = client_zhangsan.post(
        reverse("applications:correct", args=[app.pk]),
        {"name": BUY[1], "files": upload("新发票.pdf"), "go": "resubmit"},
    )
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.state == State.SUBMITTED
    assert app.materials.filter(round__gt=0).count() == 1


def test_no_card_on_file_is_told_at_once(client_zhangsan, zhangsan):
    funded_account(zhangsan, card="")
    assert "没有登记银行卡" in page(client_zhangsan, "withdrawals:choose")


@pytest.mark.parametrize("n_history", [1, 12])
def test_query_counts_are_constant(
    client_zhangsan, zhangsan, django_assert_num_queries, session_queries, n_history
):
    entries = [
        (dt.date(2025, 1, 1) + dt.timedelta(days=i), "01", "10.00") for i in range(n_history)
    ]
    funded_account(zhangsan, entries=entries)
    for _ in range(n_history):  # finished applications in 我发起的
        app = submit(zhangsan, "07", "1.00")
        Application.objects.filter(pk=app.pk).update(state=State.DONE)
    client_zhangsan.post(reverse("withdrawals:choose"), {"code": "03"})
    client_zhangsan.post(reverse("withdrawals:fill"), {"whole": "on"})
    base = 1 + session_queries  # the user with its person (one join)
    for name, extra in (
        ("withdrawals:choose", 4),
        ("withdrawals:fill", 6),
        ("withdrawals:confirm", 9),
    ):
        with django_assert_num_queries(base + extra):
            page(client_zhangsan, name)
    with django_assert_num_queries(base + 4):
        page(client_zhangsan, "applications:detail", app.pk)
