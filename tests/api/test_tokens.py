"""Tokens: 15-minute access, 30-day refresh, rotation, reuse detection, logout, revocation when
the password changes or is reset."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gjj.api.models import ApiToken
from gjj.api.tokens import digest, token_pair_issue
from gjj.core.models import AuditEvent
from gjj.identity import services
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Another-pass-2027!"


@pytest.fixture
def pair(zhangsan):
    return token_pair_issue(user=zhangsan.user)


def me(client, token):
    return Api(client, token).get("/api/v1/me")


def test_lifetimes_are_15_minutes_and_30_days(pair):
    access = ApiToken.objects.get(digest=digest(pair.access))
    refresh = ApiToken.objects.get(digest=digest(pair.refresh))
    assert access.expires_at - access.created_at == dt.timedelta(minutes=15)
    assert refresh.expires_at - refresh.created_at == dt.timedelta(days=30)
    assert access.family == refresh.family


def test_an_expired_access_token_is_a_401(client, pair):
    assert me(client, pair.access).status_code == 200
    ApiToken.objects.filter(digest=digest(pair.access)).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = me(client, pair.access)
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthorized",
        "message": "未登录或登录已失效，请重新登录。",
    }


def test_a_refresh_token_is_no_access_token(client, pair):
    assert me(client, pair.refresh).status_code == 401


def test_refresh_rotates_and_a_reuse_revokes_the_family(client, pair, zhangsan):
    api = Api(client)
    first = api.post("/api/v1/auth/refresh", {"refresh": pair.refresh})
    assert first.status_code == 200
    new = first.json()
    assert new["refresh"] != pair.refresh
    assert me(client, new["access"]).status_code == 200
    # The old refresh token again: someone holds a copy. Everything of this login ends.
    reuse = api.post("/api/v1/auth/refresh", {"refresh": pair.refresh})
    assert reuse.status_code == 401
    assert reuse.json()["code"] == "refresh_reused"
    assert me(client, new["access"]).status_code == 401
    assert api.post("/api/v1/auth/refresh", {"refresh": new["refresh"]}).status_code == 401
    event = AuditEvent.objects.get(action="api_token_reuse")
    assert event.person == zhangsan and event.detail["channel"] == "app"


def test_an_expired_refresh_token_is_refused(client, pair):
    ApiToken.objects.filter(digest=digest(pair.refresh)).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = Api(client).post("/api/v1/auth/refresh", {"refresh": pair.refresh})
    assert response.status_code == 401 and response.json()["code"] == "refresh_expired"


def test_logout_revokes_the_login_only(client, pair, zhangsan):
    other = token_pair_issue(user=zhangsan.user)
    assert Api(client, pair.access).post("/api/v1/auth/logout").status_code == 204
    assert me(client, pair.access).status_code == 401
    assert Api(client).post("/api/v1/auth/refresh", {"refresh": pair.refresh}).status_code == 401
    assert me(client, other.access).status_code == 200
    assert AuditEvent.objects.get(action="logout").detail == {"channel": "app"}


def test_a_password_change_on_the_web_revokes_every_token(client, pair, zhangsan):
    from tests.factories import PASSWORD

    client.force_login(zhangsan.user)
    response = client.post(
        "/password/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert me(client, pair.access).status_code == 401
    assert Api(client).post("/api/v1/auth/refresh", {"refresh": pair.refresh}).status_code == 401


def test_a_password_reset_revokes_every_token(client, pair, zhangsan):
    services.password_reset(person=zhangsan, password=NEW_PASSWORD)
    assert me(client, pair.access).status_code == 401
    assert not ApiToken.objects.filter(user=zhangsan.user, revoked_at__isnull=True).exists()


def test_a_deactivated_user_has_no_access(client, pair, zhangsan):
    zhangsan.user.is_active = False
    zhangsan.user.save()
    assert me(client, pair.access).status_code == 401
