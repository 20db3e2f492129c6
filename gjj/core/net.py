"""Who is asking, and where to send them next: the client's IP and safe `next` redirects.

The client IP is derived once per request (ClientIPMiddleware) and used by every per-IP rule:
django-axes' lock (AXES_CLIENT_IP_CALLABLE), the SMS cap per network, and the audit log.
`X-Forwarded-For` is believed only through the proxies named in settings.TRUSTED_PROXIES
(GJJ_TRUSTED_PROXIES): a header a client sets itself never changes the address.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.http import url_has_allowed_host_and_scheme

REQUEST_ATTR = "client_ip"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_trusted_proxies(value: str) -> int | tuple[Network, ...]:
    """`""` (no proxy), a hop count (`"1"`), or networks (`"127.0.0.1,10.0.0.0/8"`)."""
    value = (value or "").strip()
    if not value:
        return 0
    if value.isdigit():
        return int(value)
    networks = []
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"GJJ_TRUSTED_PROXIES 中的“{part}”不是 IP 地址或网段"
                "（例如 127.0.0.1 或 10.0.0.0/8）。"
            ) from exc
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(value: str) -> int | tuple[Network, ...]:
    return parse_trusted_proxies(value)


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = (text or "").strip()
    if text.startswith("[") and "]" in text:  # "[::1]:port"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "1.2.3.4:port"
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def derive_client_ip(remote_addr: str | None, forwarded_for: str | None, trusted) -> str | None:
    """The client's address: REMOTE_ADDR, walked back through `X-Forwarded-For` over trusted hops.

    `trusted` is a hop count or a tuple of networks (parse_trusted_proxies). The hops are the
    header's entries followed by REMOTE_ADDR; each trusted proxy appended the address it saw.
    """
    peer = _ip(remote_addr or "")
    if peer is None:
        return None
    if not trusted or not forwarded_for:
        return str(peer)
    hops = [_ip(part) for part in forwarded_for.split(",")]
    if isinstance(trusted, int):
        chain = [*hops, peer]
        # The address `trusted` hops to the left of the peer; a shorter chain (fewer proxies on
        # the way than configured) gives its first entry, written by the outermost proxy.
        index = max(0, len(chain) - 1 - trusted)
        for candidate in chain[index:]:
            if candidate is not None:
                return str(candidate)
        return str(peer)
    current = peer
    for hop in reversed(hops):
        if not any(current in net for net in trusted if current.version == net.version):
            break
        if hop is None:  # a trusted proxy never writes garbage: stop at what it saw
            break
        current = hop
    return str(current)


def client_ip(request) -> str | None:
    """The client's IP of this request (derived once, then kept on the request)."""
    if request is None:
        return None
    cached = getattr(request, REQUEST_ATTR, None)
    if cached is not None:
        return cached
    meta = getattr(request, "META", {})
    address = derive_client_ip(
        meta.get("REMOTE_ADDR"),
        meta.get("HTTP_X_FORWARDED_FOR"),
        _trusted(str(getattr(settings, "TRUSTED_PROXIES", "") or "")),
    )
    setattr(request, REQUEST_ATTR, address)
    return address


class ClientIPMiddleware:
    """Derives request.client_ip first thing, so every later piece reads the same address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        setattr(request, REQUEST_ATTR, None)
        client_ip(request)
        return self.get_response(request)


def safe_url(request, url: str | None, fallback: str = "/") -> str:
    """`url` if it is a path on this site (`/…`), else `fallback`: never a bare word (which
    `redirect()` would take for a view name), another host, or another scheme."""
    url = (url or "").strip()
    if (
        url.startswith("/")
        and not url.startswith("//")
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return url
    return fallback


def safe_next(request, fallback: str = "/") -> str:
    """The form's or the query's `next` if it is safe (safe_url), else `fallback`."""
    return safe_url(request, request.POST.get("next") or request.GET.get("next"), fallback)
