"""The rules of an online loan application (贷款申请): pure functions over the person's data.

Each rule returns a `Check` that passes or says, in one Chinese sentence, why not and what to do.
The same rules run on the confirm page, at 确认提交 and on the staff detail page. The conditions
are those of `gjj.loans.eligibility`, the limit that of `gjj.loans.limits`; the thresholds come
from the center's `LoanPolicy` (any object with its attributes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from gjj.applications.workflow import Check
from gjj.core.idcard import id_number_error, normalize
from gjj.core.money import ZERO, format_amount
from gjj.loans import limits
from gjj.loans import plan as engine
from gjj.loans.eligibility import loan_conditions

# 房屋性质 and 购房套数 as the export writes them (README: applications_out.csv).
NEW_HOUSE, SECOND_HAND = "01", "02"
HOUSE_KINDS = {NEW_HOUSE: "新房", SECOND_HAND: "二手房"}
FIRST_HOME, SECOND_HOME = "1", "2"
HOMES = {FIRST_HOME: "首套住房", SECOND_HOME: "第二套住房"}

# What the center asks for (the guide page lists the same).
MATERIALS = (
    {"name": "借款人及配偶的身份证明和婚姻状况证明", "required": True},
    {"name": "购房合同或不动产权证书", "required": True},
    {"name": "首付款凭证", "required": True},
    {"name": "收入证明", "required": True},
    {"name": "其他材料", "required": False},
)
REQUIRED_MATERIALS = tuple(m["name"] for m in MATERIALS if m["required"])

CONDITION_CODES = ("account_state", "deposit_months", "no_open_loan", "one_in_progress")


@dataclass(frozen=True)
class Spouse:
    name: str
    id_number: str
    deposits: bool  # the applicant says the spouse deposits here too


@dataclass(frozen=True)
class Facts:
    """What the rules look at: the person's data (from the database) and the form's figures."""

    today: dt.date
    policy: object  # LoanPolicy or an object with its attributes
    applicant_id: str
    account_state: str | None  # the label; None: no account
    account_normal: bool
    deposit_months: int
    open_loan: str  # a contract not settled, "" when none
    in_progress: bool  # a loan application of the person in progress
    age: int | None
    balance: Decimal
    spouse: Spouse | None = None
    spouse_balance: Decimal | None = None  # the spouse's normal account here, if found
    income: Decimal | None = None
    debt: Decimal = ZERO
    price: Decimal | None = None
    second_home: bool = False
    house_kind: str = ""
    address: str = ""
    area: Decimal | None = None
    years: int | None = None
    method: str = engine.EQUAL_INSTALLMENT
    amount: Decimal | None = None
    rate: Decimal | None = None  # the rate in force today for the term and home; None: no row
    materials: frozenset[str] = field(default_factory=frozenset)

    @property
    def couple(self) -> bool:
        return self.spouse is not None and self.spouse.deposits and self.spouse_balance is not None

    @property
    def household_balance(self) -> Decimal:
        return self.balance + (self.spouse_balance if self.couple else ZERO)

    @property
    def max_months(self) -> int:
        """The longest term in whole years: the policy's, ending by the age limit."""
        if self.age is None:
            return 0
        months = limits.max_term_months(self.policy, self.age)
        return months - months % 12

    @property
    def months(self) -> int | None:
        return self.years * 12 if self.years else None


def _check(code: str, label: str, problem: str | None) -> Check:
    return Check(code=code, label=label, passed=problem is None, message=problem or "")


def conditions(f: Facts) -> list[Check]:
    """账户状态正常, 连续缴存满 N 个月, 没有未结清的贷款, 没有办理中的贷款申请."""
    found = loan_conditions(
        policy=f.policy,
        account_state=f.account_state,
        account_normal=f.account_normal,
        months=f.deposit_months,
        open_loan=f.open_loan,
        application_open=f.in_progress,
    )
    return [
        _check(code, c.name, None if c.ok else c.detail)
        for code, c in zip(CONDITION_CODES, found, strict=True)
    ]


def spouse(f: Facts) -> Check:
    s = f.spouse
    problem = None
    if s is not None:
        reason = id_number_error(s.id_number)
        if not s.name.strip():
            problem = "请填写配偶（共同借款人）的姓名。"
        elif reason:
            problem = f"配偶身份证号码有误：{reason}，请核对后重新填写。"
        elif normalize(s.id_number) == normalize(f.applicant_id):
            problem = "配偶的身份证号码不能与借款人本人相同。"
        elif s.deposits and f.spouse_balance is None:
            problem = (
                "没有找到配偶在本中心正常缴存的公积金账户，请核对配偶的身份证号码，"
                "或不选“配偶也在本中心缴存”。"
            )
    return _check("spouse", "共同借款人（配偶）", problem)


def house(f: Facts) -> Check:
    missing = []
    if not f.address.strip():
        missing.append("房屋坐落")
    if f.area is None or f.area <= 0:
        missing.append("建筑面积")
    if f.price is None or f.price <= 0:
        missing.append("房屋总价")
    if f.house_kind not in HOUSE_KINDS:
        missing.append("房屋性质（新房或二手房）")
    problem = f"请填写所购住房的{'、'.join(missing)}。" if missing else None
    return _check("house", "所购住房", problem)


def term(f: Facts) -> Check:
    problem = None
    longest = f.max_months
    if f.age is None:
        problem = "无法从您的身份证号码得到年龄，请到服务大厅窗口申请。"
    elif longest < 12:
        problem = (
            f"贷款到期时借款人年龄不得超过 {f.policy.age_limit} 周岁，按您的年龄已不能申请贷款。"
        )
    elif not f.years:
        problem = "请填写贷款期限（年）。"
    elif f.years * 12 > longest:
        problem = (
            f"贷款期限最长 {longest // 12} 年（中心最长 {f.policy.max_term_months // 12} 年，"
            f"且贷款到期时年龄不超过 {f.policy.age_limit} 周岁，您现在 {f.age} 周岁），"
            "请缩短期限。"
        )
    return _check("term", "贷款期限", problem)


def limit_result(f: Facts) -> limits.LimitResult | None:
    """The four limits for the asked term (at most the longest), or None when they cannot be
    computed yet (no income or price, no rate, no term possible)."""
    if f.income is None or f.price is None or f.rate is None or f.max_months < 12:
        return None
    months = min(f.months or f.max_months, f.max_months)
    return limits.loan_limit(
        policy=f.policy,
        couple=f.couple,
        balance=f.household_balance,
        monthly_income=f.income,
        monthly_debt=f.debt,
        price=f.price,
        second_home=f.second_home,
        months=months,
        max_months=f.max_months,
        method=f.method,
        annual_rate=f.rate,
    )


def amount(f: Facts) -> Check:
    a = f.amount
    problem = None
    result = limit_result(f)
    if f.rate is None:
        problem = "利率表中没有今天适用的贷款利率，暂不能申请，请咨询 12329。"
    elif a is None:
        problem = "请填写贷款金额。"
    elif a <= 0:
        problem = "贷款金额必须大于 0。"
    elif a != a.quantize(Decimal("0.01")):
        problem = "贷款金额最多两位小数（到分）。"
    elif result is not None and a > result.amount:
        binding = "、".join(limits.LABELS[code] for code in result.binding)
        problem = (
            f"贷款金额超过可贷额度 {format_amount(result.amount)} 元（决定额度的是：{binding}），"
            "请改小金额。"
        )
    return _check("limit", "不超过可贷额度", problem)


def materials(f: Facts) -> Check:
    missing = [m for m in REQUIRED_MATERIALS if m not in f.materials]
    problem = "请上传以下材料：" + "、".join(missing) + "。" if missing else None
    return _check("materials", "申请材料", problem)


def run(f: Facts) -> list[Check]:
    return [*conditions(f), spouse(f), house(f), term(f), amount(f), materials(f)]
