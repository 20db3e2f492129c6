"""GB 11643-1999 citizen ID numbers: the check character and the embedded birth date."""

from __future__ import annotations

import datetime as dt
import unicodedata

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_MAP = "10X98765432"


def normalize(number: str) -> str:
    """Stripped and upper case, with full-width digits and letters (as a Chinese input method
    types them: `３７０４…ｘ`) folded to ASCII. The one normal form for checks and digests."""
    return unicodedata.normalize("NFKC", number or "").strip().upper()


def check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_MAP[total % 11]


def id_number_error(number: str) -> str | None:
    """None when valid, else a plain Chinese reason."""
    n = normalize(number)
    if len(n) != 18:
        return "身份证号码应为18位"
    if not n.isascii() or not n[:17].isdigit() or not (n[17].isdigit() or n[17] == "X"):
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
    n = normalize(number)
    return dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
