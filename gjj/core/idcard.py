"""GB 11643-1999 citizen ID numbers: the check character and the embedded birth date."""

from __future__ import annotations

import datetime as dt

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_MAP = "10X98765432"


def check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_MAP[total % 11]


def id_number_error(number: str) -> str | None:
    """None when valid, else a plain Chinese reason."""
    n = (number or "").strip().upper()
    if len(n) != 18:
        return "身份证号码应为18位"
    if not n[:17].isdigit() or not (n[17].isdigit() or n[17] == "X"):
        return "身份证号码前17位应为数字，最后一位为数字或X"
    try:
        birth = dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        return "身份证号码中的出生日期不正确"
    if birth.year < 1900 or birth > dt.date.today():
        return "身份证号码中的出生日期不正确"
    if check_char(n[:17]) != n[17]:
        return "身份证号码校验位不正确"
    return None


def is_valid_id_number(number: str) -> bool:
    return id_number_error(number) is None


def birth_date(number: str) -> dt.date:
    n = number.strip()
    return dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
