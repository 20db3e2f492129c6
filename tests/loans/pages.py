"""Helpers for the information pages' tests: table cells, page text, a fixed 'today'."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

from django.utils import timezone


def table_rows(html: str) -> list[list[str]]:
    """The text of each <td> of the page's first <tbody>, row by row."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        rows.append(
            [re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", c))).strip() for c in cells]
        )
    return rows


def text(response) -> str:
    """The page's text on one line, tags dropped."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def freeze_today(monkeypatch, day: dt.date) -> None:
    """Pages ask `timezone.localdate()` for today: make it `day` (overdue depends on it)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
