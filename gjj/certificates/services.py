"""Writes of certificates: issue (record, PDF, audit) and revoke."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from gjj.certificates import codes
from gjj.certificates.documents import Document
from gjj.certificates.models import Certificate
from gjj.certificates.pdf import render_pdf
from gjj.core.audit import audit
from gjj.core.masking import mask_id_number, mask_name

CODE_TRIES = 5


def valid_days() -> int:
    return int(settings.CERT_VALID_DAYS)


def verify_url(host: str, code: str) -> str:
    return f"https://{host}/verify/{code}"


def validity_text(issued: dt.date, until: dt.date) -> str:
    return f"自开具之日起{(until - issued).days}天（至{until:%Y年%m月%d日}）"


def certificate_issue(
    *, person, document: Document, host: str, request=None, user=None
) -> Certificate:
    """Issue `document` as a PDF with a fresh verification code; recorded and audited."""
    now = timezone.now()
    issued_day = timezone.localdate(now)
    until = issued_day + dt.timedelta(days=valid_days())
    center = settings.CENTER_NAME
    for _ in range(CODE_TRIES):
        code = codes.new_code()
        pdf = render_pdf(
            document,
            center=center,
            issued_text=f"{timezone.localtime(now):%Y年%m月%d日 %H:%M}",
            valid_text=validity_text(issued_day, until),
            code_text=codes.grouped(code),
            verify_url=verify_url(settings.PUBLIC_HOST or host, code),
        )
        try:
            with transaction.atomic():
                cert = Certificate.objects.create(
                    code=code,
                    kind=document.kind,
                    person=person,
                    subject=document.subject,
                    issued_at=now,
                    valid_until=until,
                    issued_by=user,
                    holder_name_masked=mask_name(person.xingming),
                    holder_id_masked=mask_id_number(person.zjhm),
                    figures=document.to_json(),
                    pdf=pdf,
                    pdf_sha256=hashlib.sha256(pdf).hexdigest(),
                )
        except IntegrityError:  # the one-in-10^23 clash of codes: draw again
            continue
        audit(
            "certificate_issue",
            request=request,
            person=person,
            user=user,
            kind=cert.kind,
            subject=cert.subject,
            code=cert.code,
            sha256=cert.pdf_sha256,
        )
        return cert
    raise RuntimeError("no free verification code")


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, request=None) -> bool:
    """Revoke once (compare-and-set); False when it was revoked already."""
    changed = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if changed:
        audit(
            "certificate_revoke",
            request=request,
            person=certificate.person,
            kind=certificate.kind,
            code=certificate.code,
        )
    return bool(changed)
