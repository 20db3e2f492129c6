"""python manage.py import_core DIR [--encoding gbk] [--errors FILE] [--batch-size N]"""

from __future__ import annotations

import codecs
import errno
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gjj.core.audit import audit
from gjj.core.models import AuditEvent
from gjj.interchange.importer import BATCH, Importer, summary_table
from gjj.interchange.reader import MAX_SHOWN_ERRORS

# Full disk, quota, read-only file system: the spool or the errors file cannot be written.
DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG}


class Command(BaseCommand):
    help = "导入核心业务系统导出的数据文件夹（interchange.md）。Import an interchange folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="the folder holding persons.csv, accounts.csv, ...")
        parser.add_argument(
            "--encoding",
            default="utf-8",
            help="file encoding: utf-8 (default; a BOM is accepted) or gbk",
        )
        parser.add_argument(
            "--errors", metavar="FILE", help="also write every error, one a line, to FILE"
        )
        parser.add_argument(
            "--batch-size", type=int, default=BATCH, help=f"rows per batch (default {BATCH})"
        )

    def handle(self, *args, folder, encoding, errors, batch_size, **options):
        path = Path(folder)
        if not path.is_dir():
            raise CommandError(f"找不到文件夹 {folder}")
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise CommandError(f"不认识的编码 {encoding}（可用 utf-8 或 gbk）") from None
        if batch_size < 1:
            raise CommandError("--batch-size 至少为 1")
        errors_file = open(errors, "w", encoding="utf-8") if errors else None  # noqa: SIM115
        try:
            importer = Importer(
                path,
                out=self.stdout,
                encoding=encoding,
                errors_file=errors_file,
                batch_size=batch_size,
            )
            report = importer.run()
        except OSError as exc:
            if exc.errno not in DISK_ERRORS:
                raise
            audit("import_core", outcome=AuditEvent.Outcome.FAILED, folder=path.name, disk=str(exc))
            where = exc.filename or "临时文件夹"
            raise CommandError(
                f"磁盘空间不足或不可写（{exc.strerror}：{where}），导入已停止。"
                "已写入的每条记录都是完整的；腾出空间后重新导入同一文件夹即可补全，不会重复。"
            ) from exc
        finally:
            if errors_file is not None:
                errors_file.close()
        if report.error_count > MAX_SHOWN_ERRORS:
            rest = report.error_count - MAX_SHOWN_ERRORS
            self.stdout.write(
                f"……另有 {rest:,} 条错误未显示" + (f"（全部见 {errors}）" if errors else "")
            )
        self.stdout.write(summary_table(report))
        rejected = sum(s.rejected for s in report.stats.values())
        audit(
            "import_core",
            outcome=AuditEvent.Outcome.FAILED if rejected else AuditEvent.Outcome.OK,
            folder=path.name,
            files={
                s.name: [s.read, s.stored, s.updated, s.rejected]
                for s in report.stats.values()
                if s.present
            },
        )
        if rejected or report.error_count:
            raise CommandError(f"有 {rejected:,} 条记录被拒绝，共 {report.error_count:,} 条错误")
        self.stdout.write(self.style.SUCCESS("导入完成，没有被拒绝的记录"))
