from django.db import models

from gjj.core.codes import LedgerType
from gjj.core.fields import money_field


class WithdrawalPolicy(models.Model):
    """提取原因 as the center offers it online: a row of data the staff edit (every change is
    audited). `materials` is a list of {"name", "required"}."""

    code = models.CharField("原因代码", max_length=4, unique=True)
    label = models.CharField("提取原因", max_length=40)
    tqyy = models.CharField("提取原因(明细)", max_length=2)
    ledger_type = models.CharField(
        "业务类型", max_length=2, choices=[(c.value, c.label) for c in LedgerType]
    )
    online = models.BooleanField("网上办理", default=True)
    account_states = models.JSONField("可办理的账户状态", default=list)
    materials = models.JSONField("所需材料", default=list, blank=True)
    cap_month = money_field("每月限额", null=True, blank=True)
    cap_year = money_field("每年限额", null=True, blank=True)
    min_interval_days = models.PositiveIntegerField("两次提取最短间隔(天)", default=0)
    closes_account = models.BooleanField("销户提取", default=False)
    auto_approve = models.BooleanField("可秒批", default=False)
    needs_loan = models.BooleanField("须有本中心贷款", default=False)
    sort = models.PositiveSmallIntegerField("排序", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "提取原因政策"
        verbose_name_plural = "提取原因政策"
        ordering = ["sort", "code"]

    def __str__(self):
        return f"{self.code} {self.label}"

    @property
    def kind(self) -> str:
        return "销户提取" if self.closes_account else "部分提取"

    @property
    def required_materials(self) -> list[str]:
        return [m["name"] for m in self.materials if m.get("required")]
