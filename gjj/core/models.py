from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Append-only audit trail: who did what, from where, with which outcome.

    Never holds a password, an SMS code or a full ID number (use masks in `detail`).
    """

    class Outcome(models.TextChoices):
        OK = "ok", "成功"
        FAILED = "failed", "失败"
        DENIED = "denied", "拒绝"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    action = models.CharField("事件", max_length=40, db_index=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices)
    person = models.ForeignKey(
        "people.Person",
        verbose_name="缴存人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.outcome}"
