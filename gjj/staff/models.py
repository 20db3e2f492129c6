from django.conf import settings
from django.db import models


class StaffProfile(models.Model):
    """What the center's back office keeps about a staff login beyond Django's user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="工作人员",
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    must_change_password = models.BooleanField("首次登录须修改密码", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    def __str__(self):
        return self.user.get_username()
