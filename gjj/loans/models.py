from decimal import Decimal

from django.db import models

from gjj.core.codes import LoanState, LoanTxnType, PrepaymentMode, RepaymentMethod
from gjj.core.fields import money_field, rate_field


class LoanContract(models.Model):
    """借款合同 and its 贷款账户 (one account per contract)."""

    jkhtbh = models.CharField("借款合同编号", max_length=32, unique=True)
    dkzh = models.CharField("贷款编号", max_length=32)
    person = models.ForeignKey(
        "people.Person", verbose_name="借款人", on_delete=models.PROTECT, related_name="loans"
    )
    htdkje = money_field("贷款金额")
    dkqs = models.PositiveIntegerField("贷款期限(月)")
    dkll = rate_field("贷款年利率(%)")
    dkhkfs = models.CharField("还款方式", max_length=2, choices=RepaymentMethod.choices)
    swtyhmc = models.CharField("委托银行", max_length=60)
    jkhtqdrq = models.DateField("合同签订日期")
    dkffrq = models.DateField("发放日期", null=True, blank=True)
    ydhkr = models.PositiveSmallIntegerField("约定还款日")
    scyhny = models.CharField("首次应还年月", max_length=6, blank=True)
    dkye = money_field("贷款余额", default=0)
    fwzl = models.CharField("房屋坐落", max_length=200, blank=True)
    fwjzmj = models.DecimalField(
        "建筑面积(㎡)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    fwzj = money_field("房屋总价", null=True, blank=True)
    # The hall's 贷款申请 this contract answers (loans.csv's optional column), if any.
    sqid = models.CharField("网厅申请编号", max_length=40, blank=True, db_index=True)
    dkzt = models.CharField(
        "贷款状态", max_length=2, choices=LoanState.choices, default=LoanState.NOT_DISBURSED
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "借款合同"
        verbose_name_plural = "借款合同"
        ordering = ["jkhtqdrq", "id"]

    def __str__(self):
        return self.jkhtbh

    @property
    def is_disbursed(self) -> bool:
        return self.dkffrq is not None


class LoanTxn(models.Model):
    """贷款业务明细: append-only."""

    ywlsh = models.CharField("业务流水号", max_length=40, unique=True)
    contract = models.ForeignKey(
        LoanContract, verbose_name="借款合同", on_delete=models.PROTECT, related_name="txns"
    )
    ywfsrq = models.DateField("业务发生日期")
    hkny = models.CharField("还款年月", max_length=6, blank=True)
    dkywmxlx = models.CharField("业务类型", max_length=2, choices=LoanTxnType.choices)
    ffje = money_field("放款金额", default=0)
    bjje = money_field("偿还本金", default=0)
    lxje = money_field("偿还利息", default=0)
    fxje = money_field("偿还罚息", default=0)
    tqhkfs = models.CharField(
        "提前还款方式", max_length=2, choices=PrepaymentMode.choices, blank=True
    )

    class Meta:
        verbose_name = "贷款业务明细"
        verbose_name_plural = "贷款业务明细"
        ordering = ["ywfsrq", "ywlsh"]
        indexes = [
            models.Index(fields=["contract", "ywfsrq", "ywlsh"], name="loantxn_contract_date")
        ]

    def __str__(self):
        return self.ywlsh


class LoanRate(models.Model):
    """个人住房公积金贷款利率 as dated data the staff can extend (domain.md §5.1)."""

    effective = models.DateField("生效日期", unique=True)
    first_le5 = rate_field("首套五年以下（含）")
    first_gt5 = rate_field("首套五年以上")
    second_le5 = rate_field("二套五年以下（含）")
    second_gt5 = rate_field("二套五年以上")

    class Meta:
        verbose_name = "贷款利率"
        verbose_name_plural = "贷款利率表"
        ordering = ["effective"]

    def __str__(self):
        return f"{self.effective:%Y-%m-%d}"


def _percent_field(verbose_name: str, default: str, help_text: str = "") -> models.DecimalField:
    return rate_field(verbose_name, default=Decimal(default), help_text=help_text)


class LoanPolicy(models.Model):
    """The center's loan policy values (额度、期限、提前还款规则): one row the staff edit.

    A migration seeds the defaults below (the README names them, a test pins them); the pages
    read the row through `selectors.loan_policy`, or these defaults when the row is missing.
    """

    cap_single = money_field("单方缴存最高贷款额度(元)", default=Decimal("600000.00"))
    cap_couple = money_field("夫妻双方缴存最高贷款额度(元)", default=Decimal("800000.00"))
    balance_multiple = _percent_field(
        "账户余额倍数", "15", "可贷额度不超过公积金账户余额（夫妻双方缴存时为双方余额之和）的倍数"
    )
    income_share = _percent_field(
        "月还款额占月收入比例上限(%)", "50", "月还款额不超过（家庭月收入 − 月债务支出）的比例"
    )
    down_first = _percent_field("首套住房最低首付比例(%)", "20")
    down_second = _percent_field("第二套住房最低首付比例(%)", "30")
    limit_unit = money_field(
        "额度取整单位(元)", default=Decimal("100.00"), help_text="额度向下取整到该单位"
    )
    max_term_months = models.PositiveSmallIntegerField("最长贷款期限(月)", default=360)
    age_limit = models.PositiveSmallIntegerField("贷款到期时借款人最高年龄(周岁)", default=65)
    min_deposit_months = models.PositiveSmallIntegerField("申请贷款需连续缴存月数", default=6)
    prepay_min_installments = models.PositiveSmallIntegerField(
        "部分提前还款最低金额(月还款额的倍数)", default=1
    )
    prepay_whole_yuan = models.BooleanField("部分提前还款金额须为整元", default=True)
    prepay_per_year = models.PositiveSmallIntegerField("每年部分提前还款最多次数", default=2)
    prepay_window_days = models.PositiveSmallIntegerField("提前还款日期可选范围(天)", default=30)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "贷款政策参数"
        verbose_name_plural = "贷款政策参数"

    def __str__(self):
        return "贷款政策参数"


class Holiday(models.Model):
    """法定节假日与调休上班日 as the State Council announces them, kept by the staff: a 休 day is
    not a working day even on a weekday; a 班 day (调休上班) is one even on a weekend. Days not
    listed follow the week (Monday to Friday). The prepayment date rule reads it."""

    class Kind(models.TextChoices):
        OFF = "休", "法定节假日（休息）"
        WORK = "班", "调休上班日"

    day = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=1, choices=Kind.choices)
    name = models.CharField("名称", max_length=20, blank=True, help_text="例如 春节、国庆节")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日"
        verbose_name_plural = "节假日与调休上班日"
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()}"
