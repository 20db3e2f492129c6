"""`manage.py demo_hall`: the two demo staff logins (printed) and, on a fresh demo database,
withdrawal applications at every node of the back office."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from gjj.interchange.demo_hall import (
    demo_applications,
    demo_round_trip,
    demo_staff,
    states_summary,
)


class Command(BaseCommand):
    help = "创建演示用的中心工作人员账号，并为演示数据生成处于各节点的提取申请（可重复执行）。"

    @transaction.atomic
    def handle(self, *args, **options):
        staff = demo_staff()
        made = demo_applications()
        if made:
            demo_round_trip(settings.VAR_DIR / "demo-core")
            summary = "、".join(f"{k} {v} 笔" for k, v in states_summary().items())
            self.stdout.write(f"演示申请：{summary}")
        self.stdout.write("中心工作台 /staff/ 演示账号：")
        for username, password, roles in staff:
            self.stdout.write(f"  {username:<8}{password:<18}{roles}")
