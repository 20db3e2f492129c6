"""Masks for personal data on every page (domain.md §7)."""

from __future__ import annotations


def mask_phone(phone: str) -> str:
    """`18712349858` -> `187****9858`."""
    p = (phone or "").strip()
    if len(p) < 7:
        return "*" * len(p)
    return f"{p[:3]}{'*' * (len(p) - 7)}{p[-4:]}"


def mask_id_number(number: str) -> str:
    """Hide the birth date and sequence: `370402199001011234` -> `370402********1234`."""
    n = (number or "").strip()
    if len(n) == 18:
        return f"{n[:6]}********{n[-4:]}"
    if len(n) <= 2:
        return "*" * len(n)
    return f"{n[0]}{'*' * (len(n) - 2)}{n[-1]}"


def mask_card(card: str) -> str:
    """`6222021234561234` -> `6222****1234`."""
    c = (card or "").strip()
    if len(c) <= 8:
        return "*" * len(c)
    return f"{c[:4]}****{c[-4:]}"


def mask_name(name: str) -> str:
    """For staff lists: `张三丰` -> `张**`."""
    n = (name or "").strip()
    return n[:1] + "*" * (len(n) - 1) if n else ""


def mask_ip(ip: str | None) -> str:
    """`123.45.67.89` -> `123.45.*.*`; IPv6 keeps its first two groups: `2001:db8:*`."""
    ip = (ip or "").strip()
    if not ip:
        return "—"
    if "." in ip and ":" not in ip:
        parts = ip.split(".")
        return ".".join(parts[:2] + ["*"] * (len(parts) - 2))
    groups = ip.split(":")
    return ":".join(groups[:2]) + ":*"
