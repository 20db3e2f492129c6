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
