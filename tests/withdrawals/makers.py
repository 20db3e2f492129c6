"""A depositor ready to withdraw, a frozen clock, files to upload, staff with roles."""

from __future__ import annotations

import datetime as dt
import importlib
import io
from decimal import Decimal

from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from gjj.applications import drafts
from gjj.identity.models import User
from gjj.withdrawals import services
from tests.factories import PASSWORD, make_account

CARD = "6222021234561234"


def ensure_defaults() -> None:
    """The policy rows, the review flow and the role groups the migration seeds: a transactional
    test (browser, threads) flushes them, so tests put them back (idempotent)."""
    from gjj.applications.models import Business

    if not Business.objects.filter(code="withdrawal").exists():
        importlib.import_module("gjj.withdrawals.migrations.0002_seed").seed(django_apps, None)


TZ = dt.timezone(dt.timedelta(hours=8))


def freeze(monkeypatch, when: dt.datetime) -> None:
    """timezone.now() (and so localdate()) answers `when` (China time when naive)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=TZ)
    monkeypatch.setattr(timezone, "now", lambda: when)


def funded_account(person, *, balance="20000.00", grzhzt="01", entries=(), card=CARD, **extra):
    ensure_defaults()
    rows = [(dt.date(2024, 7, 1), "01", balance), *entries]
    return make_account(
        person, grzhzt=grzhzt, entries=rows, grckzhhm=card, grckzhkhyhmc="中国工商银行", **extra
    )


def pdf_bytes(text: str = "x") -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% " + text.encode() + b"\ntrailer<<>>\n%%EOF\n"
    )


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def upload(name="合同.pdf", content=None, content_type="application/pdf"):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type)


def draft(person, code="07", amount="1500.00", whole=False):
    return drafts.draft_save(
        person=person,
        business="withdrawal",
        data={"code": code, "amount": "" if whole else amount, "whole": whole},
    )


def attach(person, d, *names):
    for name in names:
        drafts.material_add(person=person, draft=d, name=name, upload=upload())


def submit(person, code="07", amount="1500.00", whole=False, materials=()):
    d = draft(person, code, amount, whole)
    attach(person, d, *materials)
    return services.withdrawal_submit(person=person, draft=d)


def make_staff(username, *roles, name=None) -> User:
    ensure_defaults()
    user = User.objects.create_user(
        username=username, password=PASSWORD, is_staff=True, first_name=name or username
    )
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    return user


AMOUNT = Decimal
