"""The app's tokens: issue a pair at login, check an access token, rotate a refresh token
(reuse revokes the family), revoke at logout and when the password changes."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gjj.api.models import ApiToken
from gjj.core.audit import audit


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    expires_in: int  # seconds the access token is valid


class TokenRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def token_pair_issue(*, user, family: str | None = None) -> TokenPair:
    now = timezone.now()
    family = family or secrets.token_hex(16)
    access, refresh = "at_" + secrets.token_urlsafe(32), "rt_" + secrets.token_urlsafe(32)
    access_ttl = int(settings.API_ACCESS_TTL_SECONDS)
    refresh_ttl = int(settings.API_REFRESH_TTL_SECONDS)

    def token(raw: str, kind: str, ttl: int) -> ApiToken:
        expires = now + dt.timedelta(seconds=ttl)
        return ApiToken(
            digest=digest(raw),
            kind=kind,
            user=user,
            family=family,
            created_at=now,
            expires_at=expires,
        )

    ApiToken.objects.bulk_create(
        [
            token(access, ApiToken.Kind.ACCESS, access_ttl),
            token(refresh, ApiToken.Kind.REFRESH, refresh_ttl),
        ]
    )
    return TokenPair(access=access, refresh=refresh, expires_in=access_ttl)


def access_token_get(raw: str) -> ApiToken | None:
    """The live access token with its user and person (one query), else None."""
    if not raw or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user__person")
        .filter(digest=digest(raw), kind=ApiToken.Kind.ACCESS)
        .first()
    )
    if (
        token is None
        or token.revoked_at is not None
        or token.expires_at <= timezone.now()
        or not token.user.is_active
    ):
        return None
    return token


def token_refresh(*, raw: str, request=None) -> TokenPair:
    """A new pair for a refresh token used for the first time; raises TokenRefused.

    A refresh token that was used before is a copy in someone else's hands (or a replay):
    every token of its family is revoked, the depositor logs in again.
    """
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(raw or ""), kind=ApiToken.Kind.REFRESH)
        .first()
    )
    now = timezone.now()
    if token is None:
        raise TokenRefused("unknown")
    if token.revoked_at is not None:
        raise TokenRefused("revoked")
    if token.expires_at <= now or not token.user.is_active:
        raise TokenRefused("expired")
    with transaction.atomic():
        # Compare-and-set: of two refreshes with one token, one wins; the other is a reuse.
        won = ApiToken.objects.filter(pk=token.pk, used_at__isnull=True).update(used_at=now)
        if won:
            return token_pair_issue(user=token.user, family=token.family)
    tokens_revoke(family=token.family)
    audit(
        "api_token_reuse",
        outcome="denied",
        request=request,
        user=token.user,
        person=getattr(token.user, "person", None),
        channel="app",
    )
    raise TokenRefused("reused")


def tokens_revoke(*, family: str | None = None, user=None) -> int:
    """Revoke every live token of a login (family) or of a user."""
    qs = ApiToken.objects.filter(revoked_at__isnull=True)
    qs = qs.filter(family=family) if family is not None else qs.filter(user=user)
    return qs.update(revoked_at=timezone.now())
