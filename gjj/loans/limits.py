"""额度试算: the loan limit and the longest term a center's policy allows (pure, no Django).

The limit is the smallest of four (each rounded down to the policy's unit):
- 中心最高额度: the cap for one depositor, or for a couple who both deposit here;
- 账户余额 × 倍数: the fund balance (both spouses' when both deposit) times the multiple;
- 还款能力: the largest loan whose installment (等额本金: the first, the largest) does not exceed
  the share of the household's monthly income left after the existing debt payments;
- 房价 × (1 − 首付比例): the first or second home's down payment ratio.
The term is at most the policy's longest term and ends no later than the age limit.
`policy` is any object with the attributes of `gjj.loans.models.LoanPolicy`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from gjj.core.money import ZERO, round_down, to_decimal
from gjj.loans import plan as engine

CAP, BALANCE, CAPACITY, PRICE = "cap", "balance", "capacity", "price"
LABELS = {
    CAP: "中心最高贷款额度",
    BALANCE: "公积金余额 × 倍数",
    CAPACITY: "还款能力",
    PRICE: "房价 × (1 − 首付比例)",
}


@dataclass(frozen=True)
class Limit:
    code: str
    amount: Decimal
    basis: str  # how it was computed, in words a depositor reads

    @property
    def label(self) -> str:
        return LABELS[self.code]


@dataclass(frozen=True)
class LimitResult:
    limits: tuple[Limit, ...]
    amount: Decimal  # 可贷额度: the smallest limit
    binding: tuple[str, ...]  # the codes of the limits equal to it
    max_months: int  # the longest term allowed
    months: int  # the term used (the one asked for, at most max_months)
    rate: Decimal
    installment: Decimal | None  # the (first) installment of a loan of `amount` over `months`

    def binds(self, code: str) -> bool:
        return code in self.binding


def max_term_months(policy, age: int) -> int:
    """At most the policy's longest term, ending no later than the age limit (0: none)."""
    return max(0, min(policy.max_term_months, (policy.age_limit - age) * 12))


def capacity_principal(installment: Decimal, annual_rate: Decimal, months: int, method: str):
    """The largest principal whose (first) installment is at most `installment` (exact)."""
    m = to_decimal(installment)
    if m <= 0:
        return ZERO
    with localcontext() as ctx:
        ctx.prec = 50
        r = engine.monthly_rate(annual_rate)
        if method == engine.EQUAL_PRINCIPAL:
            return m / (Decimal(1) / months + r)
        if r == 0:
            return m * months
        growth = (1 + r) ** months
        return m * (growth - 1) / (r * growth)


def first_installment(principal: Decimal, annual_rate: Decimal, months: int, method: str):
    if principal <= 0:
        return None
    if method == engine.EQUAL_PRINCIPAL:
        return engine.build_plan(
            principal=principal,
            annual_rate=annual_rate,
            months=months,
            method=method,
            first_due=(2000, 1),
            repay_day=1,
        )[0].total
    return engine.monthly_payment(principal, annual_rate, months)


def loan_limit(
    *,
    policy,
    couple: bool,
    balance: Decimal,
    monthly_income: Decimal,
    monthly_debt: Decimal,
    price: Decimal,
    second_home: bool,
    months: int,
    max_months: int,
    method: str,
    annual_rate: Decimal,
) -> LimitResult:
    """The four limits for a loan over `months` (already within the term limit) at `annual_rate`."""
    unit = policy.limit_unit
    cap = policy.cap_couple if couple else policy.cap_single
    who = "夫妻双方均缴存" if couple else "单方缴存"
    share = policy.income_share
    spare = max(to_decimal(monthly_income) - to_decimal(monthly_debt), ZERO)
    with localcontext() as ctx:
        ctx.prec = 50
        max_installment = spare * share / 100
    by_capacity = round_down(capacity_principal(max_installment, annual_rate, months, method), unit)
    # The installment rounds half up: step down until it fits (a fen over is over).
    while by_capacity > 0 and first_installment(
        by_capacity, annual_rate, months, method
    ) > round_down(max_installment):
        by_capacity -= unit
    down = policy.down_second if second_home else policy.down_first
    limits = (
        Limit(CAP, round_down(cap, unit), who),
        Limit(
            BALANCE,
            round_down(to_decimal(balance) * policy.balance_multiple, unit),
            f"余额 × {policy.balance_multiple.normalize():f} 倍",
        ),
        Limit(
            CAPACITY,
            max(by_capacity, ZERO),
            f"月还款额不超过（月收入 − 月债务支出）× {share.normalize():f}%，"
            f"即 {round_down(max_installment):,.2f} 元",
        ),
        Limit(
            PRICE,
            round_down(to_decimal(price) * (100 - down) / 100, unit),
            f"{'第二套' if second_home else '首套'}住房首付比例 {down.normalize():f}%",
        ),
    )
    amount = min(limit.amount for limit in limits)
    return LimitResult(
        limits=limits,
        amount=amount,
        binding=tuple(limit.code for limit in limits if limit.amount == amount),
        max_months=max_months,
        months=months,
        rate=annual_rate,
        installment=first_installment(amount, annual_rate, months, method),
    )
