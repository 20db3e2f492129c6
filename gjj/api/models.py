"""Credentials of the two APIs and the answers kept for Idempotency-Key.

Every secret is random and stored only as its SHA-256 digest: a leaked table opens nothing.
(A slow hash is for passwords people choose; 256 random bits need none.)
"""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """An access (15 minutes) or refresh (30 days) token of the depositors' app.

    One login starts a family; each refresh uses its refresh token once and gets a new pair in
    the same family. A refresh token used twice means it was copied: the family is revoked.
    """

    class Kind(models.TextChoices):
        ACCESS = "access", "访问令牌"
        REFRESH = "refresh", "刷新令牌"

    digest = models.CharField("令牌摘要", max_length=64, unique=True)
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="+"
    )
    family = models.CharField("登录批次", max_length=32, db_index=True)
    created_at = models.DateTimeField("签发时间")
    expires_at = models.DateTimeField("失效时间")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)  # refresh tokens
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M:%S}"


class ApiClient(models.Model):
    """A system of the center that calls the service API (the core system, 柜面, 短信 …)."""

    class Scope(models.TextChoices):
        PUSH_MESSAGES = "push_messages", "推送消息"
        PUSH_RESULTS = "push_results", "推送办理结果与业务明细"
        PULL_APPLICATIONS = "pull_applications", "拉取待办申请"

    name = models.CharField("名称", max_length=60, unique=True)
    digest = models.CharField("密钥摘要", max_length=64, unique=True)
    prefix = models.CharField("密钥前缀", max_length=12)
    scopes = models.JSONField("权限", default=list)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口客户端"
        verbose_name_plural = "接口客户端"
        ordering = ["name"]

    def __str__(self):
        return self.name


class IdempotentAnswer(models.Model):
    """The first answer to a write sent with an Idempotency-Key, replayed for the same key.

    `owner` is who sent it ("user:<id>" or "client:<id>"): keys of two callers never meet.
    """

    owner = models.CharField("调用方", max_length=40)
    key = models.CharField("幂等键", max_length=100)
    request_digest = models.CharField("请求摘要", max_length=64)
    status = models.PositiveSmallIntegerField("状态码")
    body = models.JSONField("应答")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "幂等应答"
        verbose_name_plural = "幂等应答"
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="idempotent_owner_key")
        ]

    def __str__(self):
        return self.key
