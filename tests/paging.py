"""Following the one pager's links (includes/pager.html) as a person clicks them."""

from __future__ import annotations

import re
from html import unescape


def pager_href(response, label: str) -> str:
    """The query string of the pager's 上一页 / 下一页 link on a page."""
    link = re.search(rf'<a [^>]*href="([^"]+)" rel="[a-z]+">{label}</a>', response.content.decode())
    assert link, f"no {label} link"
    return unescape(link.group(1))


def follow(client, url: str, response, label: str = "下一页"):
    return client.get(url + pager_href(response, label))
