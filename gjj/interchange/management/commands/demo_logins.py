"""`manage.py demo_logins [--password P]`: depositor logins for the demo personas (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from gjj.core.codes import CLOSED_ACCOUNT_STATES
from gjj.identity import services
from gjj.interchange.demo import PERSONAS
from gjj.people.models import Person

DEFAULT_PASSWORD = "Demo-2026-gjj"  # noqa: S105 - the published demo password


class Command(BaseCommand):
    help = "为演示人物创建网厅登录账号并打印登录信息（可重复执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="演示登录密码")

    @transaction.atomic
    def handle(self, *args, **options):
        password = options["password"]
        rows = []
        for persona in PERSONAS:
            person = Person.objects.by_id_number(persona.zjhm).first()
            if person is None:
                rows.append((persona.name, persona.zjhm, "—", "未导入：" + persona.role))
                continue
            states = list(person.accounts.values_list("grzhzt", flat=True))
            all_closed = bool(states) and all(s in CLOSED_ACCOUNT_STATES for s in states)
            if not persona.can_register or all_closed or not person.sjhm_digest:
                rows.append((persona.name, persona.zjhm, "—（不可注册）", persona.role))
                continue
            # The same services as the hall's 个人注册 and 修改密码 (username, hasher, links).
            if person.user is None:
                services.user_register(person=person, password=password)
            else:
                services.password_change(user=person.user, password=password)
            rows.append((persona.name, persona.zjhm, password, persona.role))
        self.stdout.write("演示登录（登录账号为身份证号）：")
        self.stdout.write(f"{'姓名':<6}{'登录账号(身份证号)':<22}{'密码':<16}情形")
        for name, login, pw, role in rows:
            self.stdout.write(f"{name:<6}{login:<24}{pw:<16}{role}")
