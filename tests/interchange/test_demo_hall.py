"""`make run`'s demo_hall: two staff logins printed, applications at every node, idempotent."""

from __future__ import annotations

import datetime as dt
import io
from datetime import date
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from gjj.applications.models import Application, State
from gjj.interchange.demo import generate
from gjj.interchange.importer import Importer

pytestmark = pytest.mark.django_db


def test_demo_hall_fills_every_node_once(tmp_path, settings):
    settings.VAR_DIR = tmp_path / "var"
    generate(tmp_path / "data", persons=60, seed=1, today=date(2026, 11, 27))
    Importer(tmp_path / "data", out=io.StringIO(), today=date(2026, 11, 27)).run()
    out = io.StringIO()
    call_command("demo_hall", stdout=out)
    text = out.getvalue()
    assert "slcs" in text and "fsgl" in text and "Staff-2026-gjj" in text
    states = set(Application.objects.exclude(business="").values_list("state", flat=True))
    assert states == {s.value for s in State}
    n = Application.objects.count()
    call_command("demo_hall", stdout=io.StringIO())
    assert Application.objects.count() == n


@time_machine.travel(dt.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_demo_hall_has_loan_applications_and_a_prepayment(tmp_path, settings):
    """On the demo population's own day: every rule of the loan and the prepayment is met."""
    settings.VAR_DIR = tmp_path / "var"
    generate(tmp_path / "data", persons=60, seed=1, today=date(2026, 11, 27))
    Importer(tmp_path / "data", out=io.StringIO(), today=date(2026, 11, 27)).run()
    call_command("demo_hall", stdout=io.StringIO())
    loans = Application.objects.filter(business="loan").order_by("id")
    assert [a.current_role for a in loans] == ["受理", "复审"]
    prepayment = Application.objects.get(business="prepayment")
    assert prepayment.state == State.SUBMITTED and prepayment.detail["mode"] in ("02", "2")
