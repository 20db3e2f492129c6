"""The depositor record (个人信息) every business app reads: the lowest layer above `core`."""

from django.conf import settings
from django.db import models

from gjj.core import pii
from gjj.core.codes import IdType, Sex
from gjj.core.masking import mask_name


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
        settings.AUTH_USER_MODEL,
        verbose_name="网厅用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        # The table keeps the name it had when the model lived in `identity` (people/0001).
        db_table = "identity_person"
        verbose_name = "缴存人"
        verbose_name_plural = "缴存人"

    def __str__(self):
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
