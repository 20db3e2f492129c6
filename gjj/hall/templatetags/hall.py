"""Display helpers for the hall's lists: relative times, durations, shortened text."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from gjj.applications.selectors import application_elapsed_seconds
from gjj.loans.selectors import has_loans

register = template.Library()


def relative_time(when: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """`刚刚`, `5分钟前`, `3小时前`, `7天前`; older than 30 days: the date."""
    if when is None:
        return ""
    now = now or timezone.now()
    seconds = int((now - when).total_seconds())
    if seconds < 60:
        return "刚刚"
    if seconds < 3600:
        return f"{seconds // 60}分钟前"
    if seconds < 86400:
        return f"{seconds // 3600}小时前"
    days = seconds // 86400
    if days <= 30:
        return f"{days}天前"
    return timezone.localtime(when).strftime("%Y-%m-%d")


def format_duration(seconds: int | float | None) -> str:
    """`1小时7分32秒`, `1分10秒`, `2天3小时0分5秒`; zero units before the first are left out."""
    if seconds is None:
        return ""
    total = max(0, int(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    for value, unit in ((days, "天"), (hours, "小时"), (minutes, "分")):
        if value or parts:
            parts.append(f"{value}{unit}")
    parts.append(f"{secs}秒")
    return "".join(parts)


@register.filter
def since(value):
    """{{ message.tssj|since }} -> 7天前"""
    return relative_time(value)


@register.filter
def duration(value):
    """{{ seconds|duration }} -> 1小时7分32秒"""
    return format_duration(value)


@register.filter
def shorten(value, length=20):
    """The first `length` characters and an ellipsis when the text is longer."""
    text = str(value or "")
    length = int(length)
    return text if len(text) <= length else text[:length] + "…"


@register.filter
def elapsed(application):
    """流程耗时 of an application: to 完成时间, or to now while in progress."""
    return format_duration(application_elapsed_seconds(application))


@register.inclusion_tag("includes/info_tabs.html", takes_context=True)
def info_tabs(context, active):
    """The tab bar of the 信息查询 pages (fund and loan pages alike). The loan tabs exist only for
    a person with loans: a loan page passes `has_loans`; a fund page leaves it to this tag (one
    query), so `fund` never reads `loans`."""
    shown = context.get("has_loans")
    if shown is None:
        person = context.get("hall_person")
        shown = person is not None and has_loans(person=person)
    return {"active": active, "has_loans": shown}
