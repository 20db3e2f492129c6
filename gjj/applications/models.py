from django.db import models


class Application(models.Model):
    """业务申请: a business process a depositor started, with its approval nodes."""

    sqid = models.CharField("申请编号", max_length=40, unique=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name="发起人",
        on_delete=models.PROTECT,
        related_name="applications",
    )
    ywlx = models.CharField("业务类型", max_length=40)
    ywxx = models.CharField("业务信息", max_length=120)
    contract = models.ForeignKey(
        "loans.LoanContract",
        verbose_name="借款合同",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    fqsj = models.DateTimeField("发起时间")
    wcsj = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "业务申请"
        verbose_name_plural = "业务申请"
        ordering = ["-fqsj", "-id"]
        indexes = [models.Index(fields=["person", "-fqsj"], name="app_person_time")]

    def __str__(self):
        return f"{self.ywlx} {self.ywxx}"

    @property
    def is_done(self) -> bool:
        return self.wcsj is not None


class ApplicationStep(models.Model):
    """A node of an application's flow; `blsj` is empty for nodes not reached yet."""

    application = models.ForeignKey(
        Application, verbose_name="业务申请", on_delete=models.CASCADE, related_name="steps"
    )
    xh = models.PositiveSmallIntegerField("序号")
    jdmc = models.CharField("节点名称", max_length=40)
    blr = models.CharField("办理人", max_length=60, blank=True)
    spyj = models.CharField("审批意见", max_length=200, blank=True)
    blsj = models.DateTimeField("办理时间", null=True, blank=True)

    class Meta:
        verbose_name = "业务节点"
        verbose_name_plural = "业务节点"
        ordering = ["application", "xh"]
        constraints = [
            models.UniqueConstraint(fields=["application", "xh"], name="appstep_unique_order")
        ]

    def __str__(self):
        return f"{self.xh} {self.jdmc}"
