from django.db import models

from gjj.core.codes import (
    CLOSED_ACCOUNT_STATES,
    AccountState,
    LedgerType,
    ReversalFlag,
    WithdrawalMethod,
    WithdrawalReason,
)
from gjj.core.fields import money_field, rate_field


class FundAccount(models.Model):
    """个人账户: one fund account of a person (a person may have several over a life)."""

    grzh = models.CharField("个人账号", max_length=32, unique=True)
    person = models.ForeignKey(
        "people.Person", verbose_name="缴存人", on_delete=models.PROTECT, related_name="accounts"
    )
    dwzh = models.CharField("单位账号", max_length=32)
    dwmc = models.CharField("单位名称", max_length=120)
    grzhzt = models.CharField("个人账户状态", max_length=2, choices=AccountState.choices)
    khrq = models.DateField("开户日期")
    grjcjs = money_field("个人缴存基数")
    dwjcbl = rate_field("单位缴存比例(%)")
    grjcbl = rate_field("个人缴存比例(%)")
    dwyjce = money_field("单位月缴存额")
    gryjce = money_field("个人月缴存额")
    jzny = models.CharField("缴至年月", max_length=6, blank=True)
    grzhye = money_field("个人账户余额")
    grckzhhm = models.CharField("个人存款账户号码", max_length=32, blank=True)
    grckzhkhyhmc = models.CharField("开户银行", max_length=60, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "个人账户"
        verbose_name_plural = "个人账户"
        ordering = ["khrq", "id"]

    def __str__(self):
        return self.grzh

    @property
    def is_closed(self) -> bool:
        return self.grzhzt in CLOSED_ACCOUNT_STATES


class LedgerEntry(models.Model):
    """个人业务明细: append-only; `balance` is the running balance after this entry."""

    ywlsh = models.CharField("业务流水号", max_length=40, unique=True)
    account = models.ForeignKey(
        FundAccount, verbose_name="个人账户", on_delete=models.PROTECT, related_name="entries"
    )
    jzrq = models.DateField("记账日期")
    gjhtqywlx = models.CharField("业务类型", max_length=2, choices=LedgerType.choices)
    fse = money_field("发生额")
    fslxe = money_field("发生利息额", default=0)
    tqyy = models.CharField("提取原因", max_length=2, choices=WithdrawalReason.choices, blank=True)
    tqfs = models.CharField("提取方式", max_length=2, choices=WithdrawalMethod.choices, blank=True)
    ywzy = models.CharField("业务摘要", max_length=120, blank=True)
    czbz = models.CharField(
        "冲账标识", max_length=2, choices=ReversalFlag.choices, default=ReversalFlag.NORMAL
    )
    balance = money_field("余额")
    sqid = models.CharField("网厅申请编号", max_length=40, blank=True, db_index=True)

    class Meta:
        verbose_name = "个人业务明细"
        verbose_name_plural = "个人业务明细"
        ordering = ["jzrq", "ywlsh"]
        indexes = [models.Index(fields=["account", "jzrq", "ywlsh"], name="ledger_account_date")]

    def __str__(self):
        return self.ywlsh
