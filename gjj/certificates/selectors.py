"""Reads of certificates: the person's own list and one of theirs (404 otherwise), and the
public look-up by code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from gjj.certificates import codes
from gjj.certificates.documents import Document
from gjj.certificates.models import Certificate

LIST_FIELDS = ("id", "code", "kind", "subject", "issued_at", "valid_until", "revoked_at")

VALID, EXPIRED, REVOKED = "valid", "expired", "revoked"
STATE_LABELS = {VALID: "有效", EXPIRED: "已过期", REVOKED: "已作废"}


def certificate_state(cert: Certificate, today: dt.date | None = None) -> str:
    if cert.revoked_at is not None:
        return REVOKED
    today = today or timezone.localdate()
    return VALID if today <= cert.valid_until else EXPIRED


@dataclass
class CertRow:
    cert: Certificate
    state: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def code_grouped(self) -> str:
        return codes.grouped(self.cert.code)


def certificate_list(*, person, limit: int = 50) -> list[CertRow]:
    """The person's latest certificates (without the PDF bytes): one query."""
    rows = Certificate.objects.filter(person=person).only(*LIST_FIELDS)[:limit]
    today = timezone.localdate()
    return [CertRow(c, certificate_state(c, today)) for c in rows]


def certificate_get(*, person, code: str | None) -> Certificate:
    """One of the person's own certificates by its code; anything else is a 404."""
    code = codes.normalize(code)
    if code is None:
        raise Http404("证明不存在")
    cert = Certificate.objects.filter(person=person, code=code).first()
    if cert is None:
        raise Http404("证明不存在")
    return cert


def certificate_lookup(code: str | None) -> Certificate | None:
    """The public look-up: a certificate by its exact code, or None (one query, no PDF)."""
    code = codes.normalize(code)
    if code is None:
        return None
    return Certificate.objects.defer("pdf").filter(code=code).first()


def document_of(cert: Certificate) -> Document:
    return Document.from_json(cert.figures)
