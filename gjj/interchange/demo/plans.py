"""The demo simulation's shared pieces: integer-fen helpers and the plans of a person's
employers, accounts and loans (sim.py runs accounts, loan_sim.py runs loans)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from gjj.fund.interest import DEPOSIT_RATES

if TYPE_CHECKING:  # the simulations fill these lists
    from .loan_sim import LoanSim
    from .sim import AccountSim

# The deposit-rate table starts in 2016; earlier interest years use this rate (demo only).
RATE_BEFORE_TABLE = Decimal("1.50")

LOAN_MIN_FEN = 100_000_00
LOAN_MAX_FEN = 800_000_00


def yuan(fen: int) -> str:
    """Integer fen -> '1151.00' / '-14100.00'."""
    if fen < 0:
        return "-" + yuan(-fen)
    return f"{fen // 100}.{fen % 100:02d}"


def to_fen(value: Decimal) -> int:
    return int(value.scaleb(2))


def dec(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def deposit_rate_arg(year_start: date) -> Decimal | None:
    """None (the engine's dated table) once the table covers the whole interest year."""
    return None if year_start >= DEPOSIT_RATES[0][0] else RATE_BEFORE_TABLE


def ym(d: date) -> str:
    return f"{d.year:04d}{d.month:02d}"


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def from_index(k: int) -> tuple[int, int]:
    return k // 12, k % 12 + 1


@dataclass
class Employer:
    dwzh: str
    dwmc: str
    payday: int


@dataclass
class LoanPlan:
    signed: date
    months: int
    method: str
    multiple_pct: int  # contract amount ≈ fund balance × multiple_pct / 100, clamped
    bank: str
    status: str = "active"  # active | overdue | undisbursed
    disburse: date | None = None
    cash_prepays: list[tuple[date, int, str]] = field(default_factory=list)  # date, % of bal, mode
    fund_prepays: list[date] = field(default_factory=list)  # 70 + 03 (mode 02)
    settle: tuple[date, str] | None = None  # (date, "03" prepay-settle | "06" 结清)
    yearly_withdrawal: bool = False
    amount_fen: int | None = None
    jkhtbh: str | None = None
    steps_done: int = 7  # application nodes done (undisbursed loans: fewer)
    app_seconds: int | None = None  # the whole application's duration (personas)


@dataclass
class AccountPlan:
    open: date
    employer: Employer
    base_fen: int
    dw: str
    gr: str
    card: str
    bank: str
    end: tuple | None = None  # ("seal", d) | ("close", d, tqyy) | ("transfer", d)
    backpay_months: int = 0  # 补缴 at opening for the months before it
    arrears_per_mille: int = 12  # chance a month is missed (paid later by 补缴)
    withdrawals: list[tuple[date, str, str, int, int]] = field(default_factory=list)
    # (date, tqyy, tqfs, percent of balance, fixed fen (0 = use percent))
    loans: list[LoanPlan] = field(default_factory=list)
    grzh: str | None = None


@dataclass
class PersonCtx:
    """What a person's simulation produces besides rows: notices and applications."""

    zjhm: str
    name: str
    notes: list[tuple] = field(default_factory=list)  # (date, kind, text-args...)
    withdrawals: list[tuple[date, str, int]] = field(default_factory=list)
    loans: list[LoanSim] = field(default_factory=list)
    accounts: list[AccountSim] = field(default_factory=list)
