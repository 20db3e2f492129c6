"""The depositor API's login: captcha, login through the web's depositor door (its lockout,
caps, captcha and audit), token refresh and logout."""

from __future__ import annotations

import base64

from captcha.models import CaptchaStore
from captcha.views import captcha_image
from ninja import Router, Status

from gjj.api import schemas, throttle
from gjj.api.auth import APP_CHANNEL
from gjj.api.errors import ApiError, Error
from gjj.api.tokens import TokenRefused, token_pair_issue, token_refresh, tokens_revoke
from gjj.core.audit import AUDIT_CHANNEL, audit
from gjj.identity.captcha import CAPTCHA_ERRORS, bind_key
from gjj.identity.doors import (
    DEPOSITOR_DOOR,
    LOCKED_MESSAGE,
    door_attempt,
    lockout_audit,
    login_without_session,
    minutes_left,
)

# operation_id: the published contract's names from before these routes left depositor.py.
router = Router()


@router.get(
    "/auth/captcha",
    auth=None,
    throttle=[throttle.IpThrottle()],
    response={200: schemas.CaptchaOut, 429: Error},
    operation_id="gjj_api_depositor_captcha",
)
def captcha(request):
    """A new captcha: its id and the picture (PNG, base64 data URL) to show the depositor."""
    key = CaptchaStore.generate_key()
    png = captcha_image(request, key).content
    # Signed for the login, as the web login's page carries it: it passes no other form.
    return {
        "captcha_id": bind_key(key, "login"),
        "image": "data:image/png;base64," + base64.b64encode(png).decode(),
    }


@router.post(
    "/auth/login",
    auth=None,
    throttle=[throttle.IpThrottle()],
    response={200: schemas.TokenOut, 400: Error, 401: Error, 403: Error, 422: Error, 429: Error},
    operation_id="gjj_api_depositor_login",
)
def login(request, body: schemas.LoginIn):
    """The web login's rules (lockout, hourly cap, captcha first, one answer for an unknown
    number and a wrong password, audit) and a token pair on success."""
    request.__dict__[AUDIT_CHANNEL] = APP_CHANNEL
    data = {
        "username": body.username,
        "password": body.password,
        "captcha_0": body.captcha_id,
        "captcha_1": body.captcha,
    }
    outcome = door_attempt(request, DEPOSITOR_DOOR, data)
    if outcome.locked_minutes:
        raise _locked(outcome.locked_minutes)
    if getattr(request, "axes_locked_out", False):
        request.axes_locked_out = False  # answered here in JSON, not by axes's page
        minutes = minutes_left(request, DEPOSITOR_DOOR.key(body.username, request=request))
        lockout_audit(request, DEPOSITOR_DOOR, body.username, scope="account_ip")
        raise _locked(minutes)
    if not outcome.ok:
        form = outcome.form
        if "captcha" in form.errors:
            raise ApiError(400, CAPTCHA_ERRORS["invalid"], "captcha_invalid")
        messages = form.non_field_errors() or [e for errs in form.errors.values() for e in errs]
        raise ApiError(401, str(messages[0]), "invalid_login")
    if getattr(outcome.user, "person", None) is None:
        raise ApiError(403, "该用户没有关联的缴存人信息。", "no_person")
    login_without_session(request, outcome.user)
    pair = token_pair_issue(user=outcome.user)
    return {"access": pair.access, "refresh": pair.refresh, "expires_in": pair.expires_in}


class Locked(ApiError):
    """Locked out: a 429 with Retry-After (the depositor API's handler answers it)."""

    def __init__(self, minutes: int):
        super().__init__(429, LOCKED_MESSAGE.format(minutes=minutes), "locked")
        self.retry_after = minutes * 60


def _locked(minutes: int) -> ApiError:
    return Locked(minutes)


@router.post(
    "/auth/refresh",
    auth=None,
    throttle=[throttle.IpThrottle()],
    response={200: schemas.TokenOut, 400: Error, 401: Error, 422: Error, 429: Error},
    operation_id="gjj_api_depositor_refresh",
)
def refresh(request, body: schemas.RefreshIn):
    """A new pair for the refresh token; each refresh token works once (a reuse logs out)."""
    request.__dict__[AUDIT_CHANNEL] = APP_CHANNEL
    try:
        pair = token_refresh(raw=body.refresh, request=request)
    except TokenRefused as exc:
        raise ApiError(401, "登录已失效，请重新登录。", f"refresh_{exc.reason}") from None
    return {"access": pair.access, "refresh": pair.refresh, "expires_in": pair.expires_in}


@router.post(
    "/auth/logout",
    response={204: None, 401: Error, 429: Error},
    operation_id="gjj_api_depositor_logout",
)
def logout(request):
    """Ends this login: its access and refresh tokens stop working."""
    tokens_revoke(family=request.api_token.family)
    audit("logout", request=request, person=request.person)
    return Status(204, None)
