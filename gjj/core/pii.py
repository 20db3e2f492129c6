"""Encryption and keyed digests for personal data (ID numbers, phone numbers).

Both keys are derived from GJJ_PII_KEY with HKDF, so one secret serves both and neither key is
the secret itself. The digest (HMAC-SHA256) makes exact look-ups possible without decrypting.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from gjj.core import idcard


def _derive(info: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"gjj-hall-pii-v1", info=info)
    return hkdf.derive(settings.PII_KEY.encode("utf-8"))


@lru_cache(maxsize=4)
def _fernet(key_material: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(b"fernet")))


@lru_cache(maxsize=4)
def _hmac_key(key_material: str) -> bytes:
    return _derive(b"digest")


def encrypt(text: str) -> str:
    if not text:
        return ""
    return _fernet(settings.PII_KEY).encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if not token:
        return ""
    return _fernet(settings.PII_KEY).decrypt(token.encode("ascii")).decode("utf-8")


def normalize_id(text: str) -> str:
    return idcard.normalize(text)


def digest(text: str) -> str:
    """Keyed digest for look-ups; '' for empty input (so empty never matches anything)."""
    if not text:
        return ""
    return hmac.new(_hmac_key(settings.PII_KEY), text.encode("utf-8"), hashlib.sha256).hexdigest()
