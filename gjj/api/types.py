"""Value types of the contract: amounts as two-decimal strings, rates as exact decimal strings,
times in China time with their offset (ISO 8601)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.utils import timezone
from pydantic import PlainSerializer, WithJsonSchema

from gjj.core.money import round_fen

AMOUNT_PATTERN = r"^-?\d+\.\d{2}$"


def amount_text(value: Decimal) -> str:
    return f"{round_fen(value):.2f}"


def rate_text(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f")


def local_time_text(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat()


Amount = Annotated[
    Decimal,
    PlainSerializer(amount_text, return_type=str),
    WithJsonSchema({"type": "string", "pattern": AMOUNT_PATTERN, "examples": ["15360.98"]}),
]
Rate = Annotated[
    Decimal,
    PlainSerializer(rate_text, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d+(\.\d+)?$", "examples": ["7.5"]}),
]
LocalTime = Annotated[
    dt.datetime,
    PlainSerializer(local_time_text, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
