"""Who calls: a depositor's access token (the app) or a registered client's secret (service)."""

from __future__ import annotations

from django.conf import settings
from ninja.security import HttpBearer

from gjj.api import throttle
from gjj.api.errors import ApiError
from gjj.api.tokens import access_token_get
from gjj.core.access import current_person
from gjj.core.audit import AUDIT_CHANNEL

APP_CHANNEL = "app"


class DepositorToken(HttpBearer):
    """`Authorization: Bearer <access token>`; the token's person becomes `request.person`."""

    def __call__(self, request):
        request.__dict__[AUDIT_CHANNEL] = APP_CHANNEL
        throttle.check_ip(request)  # before any look-up: a flood of guesses is cut short too
        return super().__call__(request)

    def authenticate(self, request, token: str):
        found = access_token_get(token)
        if found is None:
            return None
        person = current_person(found.user)
        if person is None:
            raise ApiError(403, "该用户没有关联的缴存人信息。", "no_person")
        throttle.check("token", found.family, settings.API_RATE_PER_TOKEN)
        request.user = found.user
        request.person = person
        request.api_token = found
        return found
