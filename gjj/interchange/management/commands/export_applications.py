from django.core.management.base import BaseCommand

from gjj.interchange.export import export_applications


class Command(BaseCommand):
    help = "把审批通过、尚未报送的网厅申请写入 DIR/applications_out.csv，交核心系统入账"

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--again", metavar="SQID", help="重新报送这一笔申请")

    def handle(self, *args, folder, again=None, **options):
        result = export_applications(folder, again=again)
        if result.rows:
            self.stdout.write(f"已报送 {result.rows} 笔申请：{result.path}")
        else:
            self.stdout.write("没有新的待报送申请。")
