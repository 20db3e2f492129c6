"""staff add USERNAME --name 名 --role ROLE [--role ROLE…] | staff list | staff disable USERNAME"""

from django.core.management.base import BaseCommand, CommandError

from gjj.applications.workflow import ROLES
from gjj.identity.models import User
from gjj.staff import services


class Command(BaseCommand):
    help = "管理中心工作人员账号（角色：受理、初审、复审、管理）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        add = sub.add_parser("add", help="新建工作人员账号并打印一次性密码")
        add.add_argument("username")
        add.add_argument("--name", required=True, help="显示名")
        add.add_argument("--role", action="append", required=True, choices=ROLES)
        sub.add_parser("list", help="列出工作人员")
        disable = sub.add_parser("disable", help="停用工作人员账号")
        disable.add_argument("username")

    def handle(self, *args, what, **options):
        try:
            if what == "add":
                user, password = services.staff_add(
                    username=options["username"], name=options["name"], roles=options["role"]
                )
                self.stdout.write(
                    f"已创建 {user.username}（{user.first_name}，"
                    f"{'、'.join(options['role'])}）一次性密码：{password}（首次登录须修改）"
                )
            elif what == "disable":
                services.staff_disable(username=options["username"])
                self.stdout.write(f"已停用 {options['username']}")
            else:
                for user in User.objects.filter(is_staff=True).prefetch_related("groups"):
                    roles = "、".join(sorted(g.name for g in user.groups.all())) or "-"
                    state = "在用" if user.is_active else "已停用"
                    self.stdout.write(f"{user.username}\t{user.first_name}\t{roles}\t{state}")
        except services.StaffError as exc:
            raise CommandError(str(exc)) from exc
