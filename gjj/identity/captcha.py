"""The captcha of each form, bound to that form: one solved on 注册 never passes 登录.

django-simple-captcha keeps one pool of keys for the whole site. Here the key a page carries
(the hidden `captcha_0`) is signed with the form's purpose; the field refuses a key signed for
another form (or not signed at all), and the refresh link hands out keys signed the same way.
Stateless, so it holds across app servers without a shared cache.
"""

from __future__ import annotations

import datetime as dt
import json
import time

from captcha.conf import settings as captcha_settings
from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from captcha.views import captcha_refresh as library_refresh
from django.core import signing
from django.db import connection
from django.forms import MultiValueField, ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

PURPOSES = ("login", "staff_login", "register", "forgot")

CAPTCHA_ERRORS = {
    "invalid": "验证码不正确，请看清图片后重新输入（已更换新的验证码）。",
    "required": "请输入验证码。",
    "incomplete": "请输入验证码。",
}


def _signer(purpose: str) -> signing.Signer:
    return signing.Signer(salt=f"gjj.captcha.{purpose}")


def bind_key(key: str, purpose: str) -> str:
    """The key as the page of `purpose` carries it."""
    return _signer(purpose).sign(key)


def unbind_key(value: str, purpose: str) -> str | None:
    """The captcha key if `value` was handed out for `purpose`, else None."""
    try:
        return _signer(purpose).unsign(value or "")
    except signing.BadSignature:
        return None


class HallCaptchaInput(CaptchaTextInput):
    """The image shown large, with a refresh control (identity/widgets/captcha.html)."""

    template_name = "identity/widgets/captcha.html"

    def __init__(self, *args, purpose: str, **kwargs):
        self.purpose = purpose
        super().__init__(*args, **kwargs)

    def fetch_captcha_store(self, name, value, attrs=None, generator=None):
        super().fetch_captcha_store(name, value, attrs, generator)
        self._value = [bind_key(self._key, self.purpose), ""]

    def refresh_url(self):
        return reverse("captcha-refresh") + "?" + urlencode({"for": self.purpose})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["refresh"] = self.refresh_url()
        return context


# The library deletes every expired captcha on every answer (a DELETE, in a transaction of its
# own); here a process does it at most once a minute, and the answered key goes in the one
# statement that checks it.
SWEEP_SECONDS = 60
_last_sweep = [0.0]


def sweep_expired(*, now: float | None = None) -> bool:
    """Delete the expired captchas if this process has not done so for SWEEP_SECONDS."""
    now = time.monotonic() if now is None else now
    if now - _last_sweep[0] < SWEEP_SECONDS:
        return False
    _last_sweep[0] = now
    # One DELETE without the collector's SELECT and transaction (no signal or cascade hangs on
    # a captcha row).
    CaptchaStore.objects.filter(expiration__lte=timezone.now())._raw_delete(connection.alias)
    return True


def spend(key: str):
    """Delete the captcha `key` and return its (response, expiration), or None: one statement,
    so a key is checked and spent at once (a captcha is one try, right or wrong)."""
    table = connection.ops.quote_name(CaptchaStore._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE hashkey = %s RETURNING response, expiration",  # noqa: S608
            [key],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    response, expiration = row
    if isinstance(expiration, str):  # SQLite hands back text from RETURNING
        expiration = CaptchaStore._meta.get_field("expiration").to_python(expiration)
    if timezone.is_naive(expiration):
        expiration = timezone.make_aware(expiration, dt.UTC)
    return response, expiration


class HallCaptchaField(CaptchaField):
    def __init__(self, *, purpose: str, **kwargs):
        if purpose not in PURPOSES:
            raise ValueError(f"unknown captcha purpose {purpose!r}")
        self.purpose = purpose
        super().__init__(widget=HallCaptchaInput(purpose=purpose), **kwargs)

    def clean(self, value):
        if value and value[0] and not captcha_settings.CAPTCHA_TEST_MODE:
            key = unbind_key(value[0], self.purpose)
            if key is None:
                # Spend the key anyway: a captcha is one try, wherever it was sent.
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = [key, *value[1:]]
        # What the library's clean does, with the expired rows swept now and then instead of
        # on every answer, and the key checked and spent in one statement.
        MultiValueField.clean(self, value)
        response, value[1] = (value[1] or "").strip().lower(), ""
        sweep_expired()
        if captcha_settings.CAPTCHA_TEST_MODE and response == "passed":
            spend(value[0])
            return value
        if not self.required and not response:
            return value
        found = spend(value[0])
        if found is None or found[1] <= timezone.now() or found[0] != response:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


def captcha_field(purpose: str) -> HallCaptchaField:
    return HallCaptchaField(purpose=purpose, label="验证码", error_messages=dict(CAPTCHA_ERRORS))


def captcha_refresh(request):
    """The library's refresh, with the new key signed for the form that asked (`?for=`)."""
    purpose = request.GET.get("for", "")
    if purpose not in PURPOSES:
        raise Http404
    response = library_refresh(request)
    data = json.loads(response.content)
    data["key"] = bind_key(data["key"], purpose)
    return HttpResponse(json.dumps(data), content_type="application/json")
