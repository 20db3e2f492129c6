from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac

from gjj.core import pii
from gjj.core.codes import IdType, Sex


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


class PersonQuerySet(models.QuerySet):
    def by_id_number(self, number: str):
        return self.filter(zjhm_digest=pii.digest(pii.normalize_id(number)))

    def by_phone(self, phone: str):
        return self.filter(sjhm_digest=pii.digest((phone or "").strip()))


class Person(models.Model):
    """个人信息: a depositor as the core system knows them. ID number and phone are encrypted."""

    zjlx = models.CharField("证件类型", max_length=2, choices=IdType.choices)
    zjhm_enc = models.TextField("证件号码（密文）", editable=False)
    zjhm_digest = models.CharField("证件号码摘要", max_length=64, unique=True, editable=False)
    xingming = models.CharField("姓名", max_length=60)
    xingbie = models.CharField("性别", max_length=1, choices=Sex.choices, blank=True)
    sjhm_enc = models.TextField("手机号码（密文）", blank=True, editable=False)
    sjhm_digest = models.CharField(
        "手机号码摘要", max_length=64, blank=True, db_index=True, editable=False
    )
    jtzz = models.CharField("家庭住址", max_length=200, blank=True)
    user = models.OneToOneField(
        User,
        verbose_name="网厅用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "缴存人"
        verbose_name_plural = "缴存人"

    def __str__(self):
        from gjj.core.masking import mask_name

        return mask_name(self.xingming)

    @property
    def zjhm(self) -> str:
        return pii.decrypt(self.zjhm_enc)

    @zjhm.setter
    def zjhm(self, value: str) -> None:
        value = pii.normalize_id(value)
        self.zjhm_enc = pii.encrypt(value)
        self.zjhm_digest = pii.digest(value)

    @property
    def sjhm(self) -> str:
        return pii.decrypt(self.sjhm_enc)

    @sjhm.setter
    def sjhm(self, value: str) -> None:
        value = (value or "").strip()
        self.sjhm_enc = pii.encrypt(value)
        self.sjhm_digest = pii.digest(value)


class SmsCode(models.Model):
    """一次短信验证码: stored as an HMAC, bound to the phone digest, the purpose and the session.

    Six digits from `secrets`, valid for a few minutes, used once, at most a few wrong tries.
    A row is written only after the gateway accepted the message, so a failed send costs no quota.
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
