"""Faster twins of two built-ins every page uses many times, with the same output (a builtin
library loaded after Django's, so `{% url %}` and `|date` in every template are these).

- `{% url %}`: the same tag, but a URL once reversed is remembered (by view name, arguments,
  current app, URLconf and script prefix: everything `reverse` reads). Reversing walked the
  URL patterns each time, about 20 µs a tag; the home page has some fifty.
- `|date`: the formats the hall uses (`Y-m-d`, `Y-m-d H:i:s`, `Y-m-d H:i`, `c`, `Y年m月d日`,
  `Y年n月j日`…) written with `strftime` / `isoformat` instead of Django's general formatter
  (about 20 µs a call through the translation machinery); any other format, or a value that
  is not a date, goes to Django's filter. tests/core/test_speed_tags.py compares both.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters, defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

# Arguments of these types make a URL that depends on their value alone.
PLAIN = (str, int)


@lru_cache(maxsize=4096)
def _reversed(view_name, args, kwargs, current_app, urlconf, prefix) -> str:
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()


class RememberedURLNode(defaulttags.URLNode):
    def render(self, context):
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None and not hasattr(request, "current_app"):
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        try:
            if all(type(a) in PLAIN for a in (*args, *kwargs.values())):
                url = _reversed(
                    view_name,
                    args,
                    tuple(sorted(kwargs.items())),
                    current_app,
                    get_urlconf() or settings.ROOT_URLCONF,
                    get_script_prefix(),
                )
            else:
                url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
            url = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    node.__class__ = RememberedURLNode
    return node


# Only ASCII goes to strftime (its non-ASCII handling depends on the C library's locale).
DATE_FORMATS = {
    "Y-m-d": lambda d: d.strftime("%Y-%m-%d"),
    "Y年m月d日": lambda d: f"{d:%Y}年{d:%m}月{d:%d}日",
    "Y年n月j日": lambda d: f"{d.year}年{d.month}月{d.day}日",
    "c": lambda d: d.isoformat(),
}
DATETIME_FORMATS = {
    "Y-m-d H:i:s": lambda d: d.strftime("%Y-%m-%d %H:%M:%S"),
    "Y-m-d H:i": lambda d: d.strftime("%Y-%m-%d %H:%M"),
    "Y年m月d日 H:i": lambda d: f"{d:%Y}年{d:%m}月{d:%d}日 {d:%H:%M}",
}


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's `date` filter, quicker for the hall's own formats."""
    if isinstance(value, dt.date) and value.year >= 1000:
        write = DATE_FORMATS.get(arg)
        if write is None and isinstance(value, dt.datetime):
            write = DATETIME_FORMATS.get(arg)
        if write is not None:
            return write(value)
    return defaultfilters.date(value, arg)
