"""python manage.py api_client add NAME --scope S [--scope S …] | list | revoke NAME"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gjj.api.clients import ClientError, client_add, client_revoke
from gjj.api.models import ApiClient
from gjj.core.audit import audit


class Command(BaseCommand):
    help = "登记、列出、撤销服务接口的客户端。Register, list or revoke service-API clients."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="register a client and print its secret once")
        add.add_argument("name")
        add.add_argument(
            "--scope",
            action="append",
            default=[],
            choices=ApiClient.Scope.values,
            help="repeat for each scope",
        )
        sub.add_parser("list", help="list the clients")
        revoke = sub.add_parser("revoke", help="revoke a client's secret")
        revoke.add_argument("name")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except ClientError as exc:
            raise CommandError(str(exc)) from None

    def _add(self, *, name, scope, **options):
        client, secret = client_add(name=name, scopes=scope)
        audit("api_client_add", client=client.name, scopes=client.scopes)
        self.stdout.write(f"已登记客户端 {client.name}，权限：{'、'.join(client.scopes)}")
        self.stdout.write("密钥（只显示这一次，请妥善保存）：")
        self.stdout.write(secret)

    def _list(self, **options):
        clients = list(ApiClient.objects.order_by("name"))
        if not clients:
            self.stdout.write("尚未登记任何客户端")
        for c in clients:
            state = (
                f"已撤销 {timezone.localtime(c.revoked_at):%Y-%m-%d %H:%M}"
                if c.revoked_at
                else "有效"
            )
            created = timezone.localtime(c.created_at)
            self.stdout.write(
                f"{c.name}\t{c.prefix}…\t{','.join(c.scopes)}\t{created:%Y-%m-%d %H:%M}\t{state}"
            )

    def _revoke(self, *, name, **options):
        client = client_revoke(name=name)
        audit("api_client_revoke", client=client.name)
        self.stdout.write(f"已撤销客户端 {client.name} 的密钥")
