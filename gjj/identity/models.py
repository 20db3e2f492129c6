from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A login: a depositor (linked to a Person) or a member of the center's staff."""

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"


class SmsCode(models.Model):
    """一次短信验证码: stored as an HMAC, bound to the phone digest, the purpose and the session.

    Six digits from `secrets`, valid for a few minutes, used once, at most a few wrong tries.
    A row is reserved before the gateway is called and deleted when the gateway refuses the
    message, so a failed send costs no quota (identity/services.py, sms_code_send).
    """

    class Purpose(models.TextChoices):
        REGISTER = "register", "注册"
        RESET = "reset", "找回密码"

    phone_digest = models.CharField("手机号码摘要", max_length=64)
    purpose = models.CharField("用途", max_length=10, choices=Purpose.choices)
    session_digest = models.CharField("会话摘要", max_length=64)
    code_hash = models.CharField("验证码摘要", max_length=64)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    created_at = models.DateTimeField("发送时间", db_index=True)
    expires_at = models.DateTimeField("失效时间")
    attempts = models.PositiveSmallIntegerField("错误次数", default=0)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "短信验证码"
        verbose_name_plural = "短信验证码"
        indexes = [
            models.Index(fields=["phone_digest", "created_at"], name="smscode_phone_time"),
            models.Index(fields=["ip", "created_at"], name="smscode_ip_time"),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} {self.created_at:%Y-%m-%d %H:%M:%S}"
