"""Clients of the service API: registered by the center's administrator, each with a secret
shown once and stored as a digest, limited to its scopes."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from gjj.api.models import ApiClient
from gjj.api.tokens import digest

SECRET_PREFIX = "gjjs_"  # noqa: S105 (a marker, not a secret)


class ClientError(Exception):
    pass


def _scopes(scopes: list[str]) -> list[str]:
    allowed = set(ApiClient.Scope.values)
    unknown = [s for s in scopes if s not in allowed]
    if unknown:
        raise ClientError(
            f"未知的权限 {'、'.join(unknown)}（可用：{'、'.join(ApiClient.Scope.values)}）"
        )
    if not scopes:
        raise ClientError("至少指定一个 --scope")
    return sorted(set(scopes))


@transaction.atomic
def client_add(*, name: str, scopes: list[str]) -> tuple[ApiClient, str]:
    """A new client and its secret (the only time the secret is seen)."""
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise ClientError("名称不能为空，最长 60 个字符")
    if ApiClient.objects.filter(name=name).exists():
        raise ClientError(f"已有名为 {name} 的客户端")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name, digest=digest(secret), prefix=secret[:12], scopes=_scopes(scopes)
    )
    return client, secret


def client_revoke(*, name: str) -> ApiClient:
    client = ApiClient.objects.filter(name=name).first()
    if client is None:
        raise ClientError(f"没有名为 {name} 的客户端")
    ApiClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    client.refresh_from_db()
    return client


def client_for_secret(secret: str) -> ApiClient | None:
    if not secret or len(secret) > 100:
        return None
    return ApiClient.objects.filter(digest=digest(secret), revoked_at__isnull=True).first()
