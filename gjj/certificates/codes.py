"""Verification codes: random, unique, easy to read back from paper."""

from __future__ import annotations

import secrets

# No look-alikes: no 0/O, 1/I/L, and no U (reads as V on a poor print).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16  # 30^16 ≈ 4·10^23: a guess never finds a code
GROUP = 4


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text: str | None) -> str | None:
    """What a person typed (spaces, dashes, lower case) as a code; None if it cannot be one."""
    code = "".join(ch for ch in (text or "") if ch not in " -\t").upper()
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def grouped(code: str) -> str:
    """`ABCD-EFGH-JKMN-PQRS` for print and screen."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
