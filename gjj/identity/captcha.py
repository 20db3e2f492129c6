"""The captcha of each form, bound to that form: one solved on 注册 never passes 登录.

django-simple-captcha keeps one pool of keys for the whole site. Here the key a page carries
(the hidden `captcha_0`) is signed with the form's purpose; the field refuses a key signed for
another form (or not signed at all), and the refresh link hands out keys signed the same way.
Stateless, so it holds across app servers without a shared cache.
"""

from __future__ import annotations

import json

from captcha.conf import settings as captcha_settings
from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.views import captcha_refresh as library_refresh
from django.core import signing
from django.forms import ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
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
        return super().clean(value)


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
