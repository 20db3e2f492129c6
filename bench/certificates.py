"""Benchmark of certificates: `python bench/certificates.py`.

Imports a small demo population into a fresh SQLite file (or GJJ_DATABASE_URL), then, in one
process (one core):
- issues N deposit certificates for persona 测试一 (content read, PDF, QR, hash, row, audit):
  certificates per second, against the floor of a one-line reportlab PDF in the same run;
- times the public verify page for a valid code (median, p90 ms; its one query is asserted
  in tests/certificates/test_verify.py), against the
  verify page's empty form in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=200)
    parser.add_argument("--issues", type=int, default=100)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="gjj-bench-cert-"))
    os.environ.setdefault("GJJ_DATABASE_URL", f"sqlite:///{tmp / 'hall.sqlite3'}")
    os.environ.setdefault("GJJ_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gjj.settings")
    import django

    django.setup()
    import io

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from reportlab.pdfgen import canvas

    from gjj.certificates import content, services
    from gjj.identity.models import Person
    from gjj.interchange.demo import generate
    from gjj.interchange.demo.personas import PERSONAS

    settings.VERIFY_LIMIT = 10**9
    call_command("migrate", verbosity=0)
    folder = tmp / "demo"
    generate(folder, persons=args.persons, seed=1, today=date(2026, 11, 27))
    call_command("import_core", str(folder), verbosity=0)

    person = Person.objects.by_id_number(PERSONAS[0].zjhm).get()
    account = person.accounts.order_by("-khrq").first()

    def issue():
        doc = content.deposit_certificate(
            person=person, account=account, today=timezone.localdate(), center="住房公积金管理中心"
        )
        return services.certificate_issue(person=person, document=doc, host="hall.example.cn")

    def floor():
        out = io.BytesIO()
        c = canvas.Canvas(out)
        c.drawString(72, 720, "floor")
        c.save()

    issue()  # warm: fonts, templates
    t = time.perf_counter()
    for _ in range(args.issues):
        cert = issue()
    issue_s = time.perf_counter() - t
    t = time.perf_counter()
    for _ in range(args.issues):
        floor()
    floor_s = time.perf_counter() - t
    per_s = args.issues / issue_s
    floor_per_s = args.issues / floor_s

    client = Client()
    url = f"/verify/{cert.code}"
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200 and "有效" in response.content.decode(), response
    verify = _timed(lambda: client.get(url), args.requests)
    form = _timed(lambda: client.get("/verify/"), args.requests)

    def med(xs):
        return statistics.median(xs)

    def p90(xs):
        return statistics.quantiles(xs, n=10)[-1]

    print(f"数据库: {connection.vendor}; persons={args.persons}; nproc={os.cpu_count()}")
    print(
        f"证明开具: {args.issues} 份 {issue_s:.2f} s = {per_s:.1f} 份/秒 (单核); "
        f"reportlab 一行 PDF 下限 {floor_per_s:.0f} 份/秒; 比值 {floor_per_s / per_s:.1f}×"
    )
    print(
        f"核验页 /verify/CODE: 中位数 {med(verify):.1f} ms, p90 {p90(verify):.1f} ms, "
        f"空表单页 中位数 {med(form):.1f} ms; 比值 {med(verify) / med(form):.2f}×"
    )


if __name__ == "__main__":
    main()
