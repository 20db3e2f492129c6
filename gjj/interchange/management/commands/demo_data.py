"""`manage.py demo_data --out DIR --persons N --seed S [--today YYYY-MM-DD]`."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gjj.interchange.demo import generate


class Command(BaseCommand):
    help = "生成演示与基准数据（交换格式文件夹），同一种子生成的文件逐字节相同。"

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="输出文件夹")
        parser.add_argument("--persons", type=int, default=200, help="缴存人数（含固定演示人物）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子")
        parser.add_argument("--today", help="数据截止日期 YYYY-MM-DD（默认今天）")

    def handle(self, *args, **options):
        if options["persons"] < 1:
            raise CommandError("缴存人数至少为1")
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else date.today()
        except ValueError as exc:
            raise CommandError("--today 应为 YYYY-MM-DD 格式的日期") from exc
        out = Path(options["out"])
        started = time.monotonic()

        def progress(done, counts):
            self.stderr.write(
                f"  已生成 {done} 人，明细 {counts['ledger.csv']} 行，"
                f"用时 {time.monotonic() - started:.0f} 秒"
            )

        counts = generate(
            out, persons=options["persons"], seed=options["seed"], today=today, progress=progress
        )
        seconds = time.monotonic() - started
        total = sum(counts.values())
        for name, rows in counts.items():
            self.stdout.write(f"{name:<24}{rows:>12} 行")
        self.stdout.write(
            f"共 {total} 行，用时 {seconds:.1f} 秒（{total / max(seconds, 1e-9):,.0f} 行/秒），"
            f"输出到 {out}"
        )
