from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac


class User(AbstractUser):
    """A login: a depositor (linked to a Person) or a member of the center's staff."""

    # 【退出其他设备】 raises it: every session made before carries an auth hash that no longer
    # matches, whatever the session store (database or cache/Redis).
    session_epoch = models.PositiveIntegerField("会话代次", default=0, editable=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def get_session_auth_hash(self):
        if not self.session_epoch:
            return super().get_session_auth_hash()
        key_salt = "gjj.identity.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}|{self.session_epoch}", algorithm="sha256"
        ).hexdigest()


class LoginSession(models.Model):
    """One signed-in device (a session), for 账户安全's list of active sessions.

    `sid` is a random id kept inside the session itself (it survives the key changes of a
    password change); the session key, a credential, is never stored here.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_sessions")
    sid = models.CharField("会话标识", max_length=32, unique=True)
    created_at = models.DateTimeField("登录时间")
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "登录会话"
        verbose_name_plural = "登录会话"
        indexes = [models.Index(fields=["user", "ended_at", "-created_at"], name="loginsess_user")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.ip or ''}"


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
