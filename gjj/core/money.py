"""Money and ratio helpers: the one place where amounts are rounded and formatted.

Pure Python (no Django) so the engines in gjj.loans.plan and gjj.fund.interest can use it.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Convert an int, str or Decimal to Decimal; floats are refused (they carry binary error)."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def round_fen(value: Decimal | int | str) -> Decimal:
    """Round half up to the fen (0.01 yuan). The only rounding rule for stored figures."""
    return to_decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def format_amount(value: Decimal | int | str | None) -> str:
    """`15360.98` -> `15,360.98`; always two decimals, thousands separators."""
    if value is None or value == "":
        return ""
    return f"{round_fen(value):,.2f}"


def format_ratio(value: Decimal | int | str | None) -> str:
    """A percent figure printed exactly: `7` -> `7%`, `7.50` -> `7.5%`, `3.025` -> `3.025%`."""
    if value is None or value == "":
        return ""
    d = to_decimal(value)
    if d == d.to_integral_value():
        text = str(d.quantize(Decimal(1)))
    else:
        text = format(d.normalize(), "f")
    return f"{text}%"


def round_down(value: Decimal | int | str, unit: Decimal | int | str = FEN) -> Decimal:
    """Round down to a multiple of `unit` (a limit never rounds up past what the rule allows)."""
    step = to_decimal(unit)
    if step <= 0:
        raise ValueError("unit must be positive")
    count = (to_decimal(value) / step).to_integral_value(rounding=ROUND_FLOOR)
    return round_fen(count * step)
