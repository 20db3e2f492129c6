"""Idempotency-Key: a write sent again with the same key and the same body gets the first answer
(nothing happens twice); the same key with another body is a 409.

Generic: a route passes who is calling (`owner`), the key from the header, what was asked and a
function doing the write that returns (status, answer). Answers below 500 are kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Annotated

from django.db import IntegrityError, transaction
from ninja import Header

from gjj.api.errors import ApiError
from gjj.api.models import IdempotentAnswer

KEY_MAX = 100
HEADER = "Idempotency-Key"
# The optional header of every write: the same key and body again get the first answer.
IdempotencyKey = Annotated[
    str | None,
    Header(alias=HEADER, description="幂等键：同一键与同一请求体重发时返回首次应答"),
]


def request_digest(method: str, path: str, body) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


def _conflict() -> ApiError:
    return ApiError(
        409,
        "该 Idempotency-Key 已用于内容不同的另一个请求；新的请求请使用新的 Idempotency-Key。",
        "idempotency_conflict",
    )


def _replay(found: IdempotentAnswer, digest: str) -> tuple[int, dict]:
    if found.request_digest != digest:
        raise _conflict()
    return found.status, found.body


def idempotent(
    request,
    *,
    owner: str,
    key: str | None,
    body,
    write: Callable[[], tuple[int, dict]],
) -> tuple[int, dict]:
    """Run `write` once per (owner, key); without a key, simply run it."""
    if key is None:
        return write()
    key = key.strip()
    if not key or len(key) > KEY_MAX or not key.isprintable():
        raise ApiError(
            400, f"Idempotency-Key 应为 1 到 {KEY_MAX} 个可见字符。", "bad_idempotency_key"
        )
    digest = request_digest(request.method, request.path, body)
    found = IdempotentAnswer.objects.filter(owner=owner, key=key).first()
    if found is not None:
        return _replay(found, digest)
    try:
        with transaction.atomic():
            status, answer = write()
            if status < 500:
                IdempotentAnswer.objects.create(
                    owner=owner, key=key, request_digest=digest, status=status, body=answer
                )
    except IntegrityError:
        # The same key arrived twice at once: the other request's write stands, this one's
        # was rolled back with the losing insert.
        found = IdempotentAnswer.objects.filter(owner=owner, key=key).first()
        if found is None:
            raise
        return _replay(found, digest)
    return status, answer
