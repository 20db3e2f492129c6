from django.conf import settings
from django.db import models


class Certificate(models.Model):
    """One issued paper (证明 or 年度对账单): what was printed, its PDF and its verification code.

    Append-only but for `revoked_at`. `figures` holds the document as printed (the sections and
    the key figures the public verify page shows); `pdf_sha256` lets a reader tell a changed file.
    """

    class Kind(models.TextChoices):
        DEPOSIT = "deposit", "个人住房公积金缴存证明"
        SETTLEMENT = "settlement", "贷款结清证明"
        USAGE = "usage", "异地贷款职工住房公积金缴存使用证明"
        STATEMENT = "statement", "住房公积金年度对账单"

    code = models.CharField("验证码", max_length=16, unique=True)
    kind = models.CharField("证明类型", max_length=12, choices=Kind.choices)
    person = models.ForeignKey(
        "people.Person", verbose_name="缴存人", on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField("证明对象", max_length=48)  # 个人账号 / 借款合同编号 / 账号:年度
    issued_at = models.DateTimeField("开具时间")
    valid_until = models.DateField("有效期至")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="开具人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    holder_name_masked = models.CharField("姓名（掩码）", max_length=60)
    holder_id_masked = models.CharField("证件号码（掩码）", max_length=40)
    figures = models.JSONField("证明内容", default=dict)
    pdf = models.BinaryField("PDF 文件")
    pdf_sha256 = models.CharField("PDF 摘要 (SHA-256)", max_length=64)
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)

    class Meta:
        verbose_name = "证明"
        verbose_name_plural = "证明"
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["person", "-issued_at"], name="cert_person_time")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.code}"
