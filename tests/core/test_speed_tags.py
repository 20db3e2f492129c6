"""`{% url %}` and `|date` of gjj/core/templatetags/speed.py give exactly what Django's own give."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Engine, Template
from django.template.defaultfilters import date as django_date
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import timezone

from gjj.core.templatetags.speed import _reversed, date

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
FORMATS = [
    "Y-m-d",
    "Y-m-d H:i:s",
    "Y-m-d H:i",
    "Y年n月j日",
    "Y年m月d日",
    "Y年m月d日 H:i",
    "c",
    "D, j M Y",  # not one of the quick ones: Django's own formatter
    None,
]
VALUES = [
    dt.date(2026, 1, 5),
    dt.date(1999, 12, 31),
    dt.date(2028, 2, 29),
    dt.datetime(2026, 11, 27, 8, 5, 9),
    dt.datetime(2026, 11, 27, 23, 59, 59, 999999),
    dt.datetime(2026, 11, 27, 0, 0, tzinfo=SHANGHAI),
    dt.datetime(2026, 11, 26, 16, 0, 1, 120, tzinfo=dt.UTC),
    dt.date(999, 1, 1),
    None,
    "",
    "2026-11-27",
    42,
]


def outcome(filter_, value, arg):
    """What the filter gives, or the kind of error it raises (a time format on a date)."""
    try:
        return filter_(value, arg)
    except TypeError as exc:
        return type(exc)


@pytest.mark.parametrize("arg", FORMATS)
def test_date_gives_what_django_gives(arg):
    for value in VALUES:
        assert outcome(date, value, arg) == outcome(django_date, value, arg), (value, arg)


def render(source: str, **context) -> str:
    return Template("{% load static %}" + source).render(Context(context))


def test_the_date_filter_of_every_template_is_this_one_and_gets_local_time():
    when = dt.datetime(2026, 11, 26, 16, 30, tzinfo=dt.UTC)  # 00:30 the next day in Beijing
    with timezone.override(SHANGHAI):
        assert render('{{ when|date:"Y-m-d H:i:s" }}', when=when) == "2026-11-27 00:30:00"
        assert render("{{ when|date:'c' }}", when=when) == "2026-11-27T00:30:00+08:00"
    assert Engine.get_default().template_builtins[-1].filters["date"] is date


def test_url_gives_what_reverse_gives_and_remembers_it():
    _reversed.cache_clear()
    for _ in range(2):
        assert render("{% url 'hall:home' %}") == reverse("hall:home")
        assert render("{% url 'inbox:detail' 7 %}") == reverse("inbox:detail", args=[7])
        assert render("{% url 'inbox:detail' pk=7 %}") == reverse("inbox:detail", kwargs={"pk": 7})
        assert render("{% url 'inbox:detail' n %}", n="8") == reverse("inbox:detail", args=["8"])
        assert render("{% url 'inbox:list' as u %}[{{ u }}]") == f"[{reverse('inbox:list')}]"
    assert _reversed.cache_info().hits >= 5


def test_url_escapes_and_fails_like_django():
    assert render("{% url 'no-such-page' as u %}[{{ u }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-page' %}")


def test_url_follows_the_script_prefix():
    try:
        set_script_prefix("/hall/")
        assert render("{% url 'hall:home' %}") == "/hall/"
    finally:
        set_script_prefix("/")
    assert render("{% url 'hall:home' %}") == "/"
