"""Codes of the national data standard JGJ/T 320-2014 (domain.md §2), with their Chinese labels."""

from django.db import models


class AccountState(models.TextChoices):  # grzhzt
    NORMAL = "01", "正常"
    SEALED = "02", "封存"
    CLOSED_MERGED = "03", "合并销户"
    CLOSED_TRANSFERRED = "04", "外部转出销户"
    CLOSED_WITHDRAWN = "05", "提取销户"
    FROZEN = "06", "冻结"
    OTHER = "99", "其他"


CLOSED_ACCOUNT_STATES = frozenset({"03", "04", "05"})


class LedgerType(models.TextChoices):  # gjhtqywlx
    REMIT = "01", "汇缴"
    BACK_PAY = "02", "补缴"
    OPEN = "03", "开户"
    UNSEAL = "04", "启封"
    SEAL = "05", "封存"
    INTERNAL_TRANSFER = "06", "内部转移"
    TRANSFER_OUT = "07", "外部转出"
    TRANSFER_IN = "08", "外部转入"
    YEAR_END_INTEREST = "09", "年终结息"
    BASE_ADJUST = "10", "基数调整"
    PARTIAL_WITHDRAWAL = "11", "部分提取"
    CLOSING_WITHDRAWAL = "12", "销户提取"
    DEFERRED = "13", "缓缴"
    FREEZE = "14", "冻结"
    UNFREEZE = "15", "解冻"
    LOAN_REPAYMENT_WITHDRAWAL = "70", "公积金提取还款"
    OTHER = "99", "其他"


WITHDRAWAL_LEDGER_TYPES = frozenset({"11", "12", "70"})


class WithdrawalReason(models.TextChoices):  # tqyy
    BUY_HOUSE = "01", "购买住房"
    BUILD_HOUSE = "02", "建造、翻修、大修住房"
    RETIREMENT = "03", "离休、退休"
    DISABILITY = "04", "完全丧失劳动能力并与单位终止劳动关系"
    EMIGRATION = "05", "户口迁出所在市县或出境定居"
    LOAN_REPAYMENT = "06", "偿还购房贷款本息"
    RENT = "07", "租赁住房"
    DEATH = "08", "死亡或被宣告死亡"
    MEDICAL = "09", "大病医疗"
    PROPERTY_FEE = "10", "物业管理费"
    OTHER = "99", "其他"


class WithdrawalMethod(models.TextChoices):  # tqfs
    CASH = "01", "现金提取"
    TRANSFER = "02", "转账提取"
    OTHER = "99", "其他"


class ReversalFlag(models.TextChoices):  # czbz
    NORMAL = "01", "非冲账"
    REVERSAL = "02", "冲账"


class IdType(models.TextChoices):  # zjlx
    RESIDENT_ID = "01", "居民身份证"
    OFFICER = "02", "军官证"
    PASSPORT = "03", "护照"
    FOREIGN_RESIDENT = "04", "外国人永久居留身份证"
    OTHER = "99", "其他"


class RepaymentMethod(models.TextChoices):  # dkhkfs
    EQUAL_INSTALLMENT = "01", "等额本息"
    EQUAL_PRINCIPAL = "02", "等额本金"


class LoanTxnType(models.TextChoices):  # dkywmxlx
    DISBURSEMENT = "01", "贷款发放"
    NORMAL = "02", "正常还款"
    PREPAYMENT = "03", "提前还款"
    OVERDUE = "04", "逾期还款"
    FUND_WITHDRAWAL = "05", "公积金提取还款"
    SETTLEMENT = "06", "结清"
    OTHER = "99", "其他"


class PrepaymentMode(models.TextChoices):  # tqhkfs (extension)
    SHORTEN_TERM = "01", "缩短期限（月还款额不变）"
    REDUCE_INSTALLMENT = "02", "减少月还款额（期限不变）"
    SETTLE = "03", "提前结清"


class GuaranteeType(models.TextChoices):  # dkdblx
    MORTGAGE = "01", "抵押"
    PLEDGE = "02", "质押"
    SURETY = "03", "保证"
    OTHER = "99", "其他"


class Sex(models.TextChoices):  # xingbie
    MALE = "1", "男"
    FEMALE = "2", "女"
    UNSPECIFIED = "9", "未说明"


class LoanState(models.TextChoices):
    NOT_DISBURSED = "00", "未发放"
    REPAYING = "01", "正常还款"
    OVERDUE = "02", "逾期"
    SETTLED = "03", "结清"


MESSAGE_CHANNELS = ("柜面", "网厅-单位版", "网厅-个人版", "短信", "12329", "手机客户端", "微信")
