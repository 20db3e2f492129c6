from django.db import models


class Message(models.Model):
    """消息: a notice pushed to a depositor by one of the center's channels.

    Deleting hides a message (`deleted_at`); it is kept for audit.
    """

    xxid = models.CharField("消息编号", max_length=40, unique=True)
    person = models.ForeignKey(
        "people.Person", verbose_name="接收人", on_delete=models.PROTECT, related_name="messages"
    )
    ywmc = models.CharField("业务名称", max_length=80)
    xxnr = models.TextField("消息内容")
    tsqd = models.CharField("推送渠道", max_length=20)
    tssj = models.DateTimeField("推送时间")
    is_read = models.BooleanField("已阅", default=False)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    is_deleted = models.BooleanField("已删除", default=False)
    deleted_at = models.DateTimeField("删除时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-tssj", "-id"]
        indexes = [
            models.Index(
                fields=["person", "is_deleted", "is_read", "-tssj"], name="msg_person_state"
            ),
        ]

    def __str__(self):
        return self.ywmc
