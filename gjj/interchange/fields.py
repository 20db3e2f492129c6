"""Parsers for the cells of an interchange file (interchange.md): each returns the value or raises
`FieldError` with a plain Chinese reason. Pure Python, no Django.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

from gjj.core.idcard import id_number_error, normalize

CHINA = ZoneInfo("Asia/Shanghai")

DATE = _DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$")
_MONTH = re.compile(r"^(\d{4})(\d{2})$")
AMOUNT = _AMOUNT = re.compile(r"^-?\d{1,12}(\.\d{1,2})?$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_RATE = re.compile(r"^\d{1,3}(\.\d{1,4})?$")
_INT = re.compile(r"^\d{1,6}$")
_PHONE = re.compile(r"^1[0-9]{10}$")


_CODES: dict[type, frozenset[str]] = {}


class FieldError(ValueError):
    """A cell that cannot be accepted; the message is shown to the center's staff."""


def text(value: str, max_length: int) -> str:
    if len(value) > max_length:
        raise FieldError(f"长度不能超过 {max_length} 个字符")
    return value


def date(value: str) -> dt.date:
    m = _DATE.match(value)
    if not m:
        raise FieldError(f"日期应写成 YYYY-MM-DD（如 2017-02-09），而不是“{value}”")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise FieldError(f"日期 {value} 不存在") from None


def datetime(value: str) -> dt.datetime:
    m = _DATETIME.match(value)
    if not m:
        raise FieldError(
            f"时间应写成 YYYY-MM-DD HH:MM:SS（如 2017-02-27 14:04:14），而不是“{value}”"
        )
    try:
        return dt.datetime(*(int(g) for g in m.groups()), tzinfo=CHINA)
    except ValueError:
        raise FieldError(f"时间 {value} 不存在") from None


def month(value: str) -> str:
    m = _MONTH.match(value)
    if not m or not 1 <= int(m[2]) <= 12 or int(m[1]) < 1900:
        raise FieldError(f"年月应写成 YYYYMM（如 201704），而不是“{value}”")
    return value


def amount(value: str, *, signed: bool = False) -> Decimal:
    if not _AMOUNT.match(value):
        if _NUMBER.match(value) and "." in value and len(value.split(".")[1]) > 2:
            raise FieldError("金额最多两位小数")
        if _NUMBER.match(value):
            raise FieldError("金额超出范围")
        raise FieldError(f"金额应为数字（以元为单位，如 1151.00），而不是“{value}”")
    result = Decimal(value)
    if result < 0 and not signed:
        raise FieldError("金额不能为负数")
    return result


def rate(value: str) -> Decimal:
    if not _RATE.match(value):
        if _NUMBER.match(value) and "." in value and not value.startswith("-"):
            raise FieldError("利率或比例最多四位小数")
        raise FieldError(f"利率或比例应为百分数的数字（如 3.25、7.5），而不是“{value}”")
    result = Decimal(value)
    if result > 100:
        raise FieldError("利率或比例不能超过 100")
    return result


def integer(value: str, *, low: int, high: int) -> int:
    if not _INT.match(value) or not low <= int(value) <= high:
        raise FieldError(f"应为 {low} 到 {high} 之间的整数，而不是“{value}”")
    return int(value)


def code(value: str, choices, what: str) -> str:
    """A code of domain.md §2; `choices` is a TextChoices class."""
    allowed = _CODES.get(choices)
    if allowed is None:
        allowed = _CODES[choices] = frozenset(choices.values)
    if value not in allowed:
        raise FieldError(f"“{value}”不是有效的{what}代码")
    return value


def id_number(value: str, zjlx: str | None) -> str:
    value = normalize(value)
    if zjlx == "01":
        reason = id_number_error(value)
        if reason:
            raise FieldError(reason)
    return text(value, 40)


def phone(value: str) -> str:
    if not _PHONE.match(value):
        raise FieldError("手机号码应为 11 位数字")
    return value
