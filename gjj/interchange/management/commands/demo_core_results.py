from django.core.management.base import BaseCommand

from gjj.interchange.core_results import write_results


class Command(BaseCommand):
    help = (
        "演示用：像核心系统那样答复 applications_out.csv（入账、新余额、办结），"
        "写入 OUT 供 import_core 导入"
    )

    def add_arguments(self, parser):
        parser.add_argument("exported", help="export_applications 的目录或 applications_out.csv")
        parser.add_argument("out", help="答复写入的目录")

    def handle(self, *args, exported, out, **options):
        n = write_results(exported, out)
        self.stdout.write(f"已答复 {n} 笔申请：{out}（用 import_core {out} 导入）")
