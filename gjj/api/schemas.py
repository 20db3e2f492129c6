"""What the depositors' API answers: the pages' figures as data (schemas from the code's types)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from gjj.api.types import Amount, LocalTime, Rate


class TokenOut(Schema):
    access: str
    refresh: str
    expires_in: int
    token_type: str = "Bearer"  # noqa: S105


class CaptchaOut(Schema):
    captcha_id: str
    image: str  # data: URL of a PNG, base64


class LoginIn(Schema):
    username: str
    password: str
    captcha_id: str
    captcha: str


class RefreshIn(Schema):
    refresh: str


class Me(Schema):
    xingming: str
    zjlx: str
    zjlx_label: str
    zjhm: str  # masked
    sjhm: str  # masked
    xingbie: str


class Account(Schema):
    grzh: str
    dwzh: str
    dwmc: str
    grzhzt: str
    grzhzt_label: str
    khrq: dt.date
    grjcjs: Amount
    dwjcbl: Rate
    grjcbl: Rate
    dwyjce: Amount
    gryjce: Amount
    monthly_total: Amount
    jzny: str
    grzhye: Amount
    grckzhhm: str  # masked
    grckzhkhyhmc: str


class LedgerEntry(Schema):
    xh: int
    ywlsh: str
    jzrq: dt.date
    gjhtqywlx: str
    gjhtqywlx_label: str
    fse: Amount  # signed: deposits and interest positive, withdrawals negative
    fslxe: Amount
    tqyy: str
    tqfs: str
    ywzy: str
    czbz: str
    balance: Amount


class LedgerPage(Schema):
    grzh: str
    start: dt.date
    end: dt.date
    total: int
    entries: list[LedgerEntry]
    next_cursor: str | None


class LoanPosition(Schema):
    state: str
    state_label: str
    paid_periods: int
    remaining_periods: int
    maturity: dt.date
    monthly_payment: Amount | None
    overdue_amount: Amount
    overdue_months: list[str]
    penalty: Amount
    prepayment_mode: str


class Loan(Schema):
    jkhtbh: str
    dkzh: str
    htdkje: Amount
    dkqs: int
    dkll: Rate
    dkhkfs: str
    dkhkfs_label: str
    swtyhmc: str
    jkhtqdrq: dt.date
    dkffrq: dt.date | None
    ydhkr: int
    dkye: Amount
    dkzt: str
    dkzt_label: str
    fwzl: str
    position: LoanPosition | None


class Repayment(Schema):
    xh: int
    ywlsh: str
    ywfsrq: dt.date
    hkny: str
    dkywmxlx: str
    dkywmxlx_label: str
    ffje: Amount
    bjje: Amount
    lxje: Amount
    fxje: Amount
    total: Amount
    repaid_principal: Amount
    repaid_interest: Amount
    balance: Amount


class RepaymentPage(Schema):
    jkhtbh: str
    start: dt.date | None
    end: dt.date | None
    total: int
    rows: list[Repayment]
    next_cursor: str | None
    message: str


class PlanRow(Schema):
    xh: int
    period: int
    due_date: dt.date
    hkny: str
    principal: Amount
    interest: Amount
    total: Amount
    balance_after: Amount
    overdue: bool


class Plan(Schema):
    jkhtbh: str
    start: dt.date | None
    end: dt.date | None
    rows: list[PlanRow]
    message: str


class Node(Schema):
    xh: int
    jdmc: str
    blr: str
    spyj: str
    blsj: LocalTime | None
    state: str  # done / current / todo


class ApplicationBrief(Schema):
    sqid: str
    ywlx: str
    ywxx: str
    jkhtbh: str | None
    fqsj: LocalTime
    wcsj: LocalTime | None
    is_done: bool


class ApplicationDetail(ApplicationBrief):
    elapsed_seconds: int
    nodes: list[Node]


class ApplicationPage(Schema):
    applications: list[ApplicationBrief]
    next_cursor: str | None


class Progress(Schema):
    jkhtbh: str
    application: ApplicationBrief | None
    nodes: list[Node]


class Message(Schema):
    id: int
    ywmc: str
    content: str
    channel: str
    sent_at: LocalTime
    is_read: bool


class MessagePage(Schema):
    tab: str
    messages: list[Message]
    next_cursor: str | None


class Done(Schema):
    code: str
    message: str


# --- writes ----------------------------------------------------------------------------------


class CheckOut(Schema):
    code: str  # the rule: account_state, bank_card, one_in_progress, amount, cap, materials …
    label: str  # 账户状态, 限额, 申请材料 …
    message: str  # why not, and what to do


class Refusal(Schema):
    """The one error shape, with the rules that refused the application (422)."""

    code: str
    message: str
    checks: list[CheckOut] = []


class ApplicationResult(ApplicationDetail):
    state: str  # submitted, review, returned, approved, exported, done, refused, withdrawn
    state_label: str
    amount: Amount | None
    message: str  # what the page says after the write


class WithdrawalIn(Schema):
    code: str = Field(
        ..., description="提取原因代码（GET /api/v1/withdrawal/reasons）", examples=["07"]
    )
    amount: str = Field(
        "", description="提取金额，如 100.00；whole 为 true 时可为空", examples=["100.00"]
    )
    whole: bool = False  # 全部余额 (a closing reason always takes the balance and the interest)
    # The material each uploaded file is (a name of the reason's `materials`), in the order of
    # the `materials` files: one name per file.
    material_names: list[str] = []


class PrepaymentIn(Schema):
    """申请提前还款, the fields of the page (and of the what-if GET /repay/prepay/)."""

    jkhtbh: str = Field(
        ..., description="借款合同编号（已发放、未结清）", examples=["01201702090001"]
    )
    tqhkfs: str = Field(
        ...,
        description=(
            "提前还款方式：01 缩短期限（月还款额不变），02 减少月还款额（期限不变），03 提前结清"
        ),
        examples=["03"],
    )
    tqhkje: str = Field("", description="提前还款金额（元），01/02 必填，03 不填", examples=[""])
    tqhkrq: dt.date | None = Field(None, description="提前还款日期，默认下一个还款日")
    zjly: str = Field(
        "1", description="还款资金来源：1 银行卡，2 公积金冲还，3 公积金冲还 + 银行卡"
    )
    gjjchje: str = Field("", description="其中公积金冲还金额（元），zjly 为 3 时必填")


class LoanIn(Schema):
    """申请贷款, the fields of the pages (额度试算 and the form), as multipart fields."""

    dkje: str = Field(..., description="贷款金额（元），不超过可贷额度", examples=["300000.00"])
    qx: str = Field(..., description="贷款期限（年）", examples=["20"])
    hkfs: str = Field("01", description="还款方式：01 等额本息，02 等额本金")
    fwzl: str = Field(..., description="房屋坐落", examples=["薛城区泰山南路 1 号 2 单元 301 室"])
    fwmj: str = Field(..., description="建筑面积（㎡）", examples=["89.50"])
    fj: str = Field(..., description="房屋总价（元）", examples=["1000000.00"])
    fwxz: str = Field("01", description="房屋性质：01 新房，02 二手房")
    tflx: str = Field("1", description="住房套数：1 首套住房，2 第二套住房")
    ysr: str = Field(..., description="家庭月收入（元）", examples=["20000.00"])
    yzw: str = Field("", description="每月已有债务还款（元），没有填 0")
    po: bool = Field(False, description="配偶作为共同借款人")
    poxm: str = Field("", description="配偶姓名（po 为 true 时）")
    pozjhm: str = Field("", description="配偶身份证号码（po 为 true 时）")
    pojc: bool = Field(False, description="配偶也在本中心缴存公积金")
    material_names: list[str] = []  # the material each file of `materials` is, in order


class MaterialSpec(Schema):
    name: str
    required: bool


class Reason(Schema):
    code: str
    label: str
    kind: str  # 部分提取 or 销户提取
    closes_account: bool
    auto_approve: bool  # 秒批 when no material is given
    needs_loan: bool  # 须有本中心正在还款的贷款
    account_states: list[str]  # the account states (grzhzt) it may be applied for in
    cap_month: Amount | None
    cap_year: Amount | None
    min_interval_days: int
    materials: list[MaterialSpec]


class WithdrawalAccount(Schema):
    grzh: str
    grzhzt: str
    grzhzt_label: str
    grzhye: Amount
    interest: Amount  # accrued from 1 July to yesterday, paid with a closing withdrawal
    whole_amount: Amount  # what a closing withdrawal pays: grzhye + interest
    card: str  # masked
    bank: str


class WithdrawalForm(Schema):
    """What the app needs to build the withdrawal form."""

    account: WithdrawalAccount | None
    in_progress: str | None  # the sqid of the withdrawal in progress (no second one meanwhile)
    max_files: int
    max_file_bytes: int
    file_types: list[str]
    reasons: list[Reason]
