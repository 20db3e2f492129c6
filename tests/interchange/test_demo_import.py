"""A generated folder of 1,000 persons imports with zero rejections, twice in a row; the personas
get their demo logins."""

from __future__ import annotations

import importlib.util
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import OuterRef, Subquery

from gjj.fund.models import FundAccount, LedgerEntry
from gjj.interchange.demo import PERSONAS, generate
from gjj.people.models import Person

TODAY = date(2026, 11, 27)

pytestmark = pytest.mark.django_db

if importlib.util.find_spec("gjj.interchange.importer") is None:  # the importer's module
    pytest.skip("import_core is not there yet", allow_module_level=True)


@pytest.fixture
def folder(tmp_path):
    generate(tmp_path, persons=1000, seed=11, today=TODAY)
    return tmp_path


def _import(folder):
    from gjj.interchange.importer import Importer

    report = Importer(folder, out=io.StringIO(), today=TODAY).run()
    return report


def test_a_1000_person_folder_imports_without_rejections_twice(folder):
    first = _import(folder)
    assert first.error_count == 0
    assert all(s.rejected == 0 for s in first.stats.values())
    assert first.stats["persons.csv"].stored == 1000
    assert first.stats["ledger.csv"].stored == first.stats["ledger.csv"].read > 100_000

    # The ledger invariant over the whole population: each balance is its last running balance.
    last = (
        LedgerEntry.objects.filter(account=OuterRef("pk"))
        .order_by("-jzrq", "-ywlsh")
        .values("balance")[:1]
    )
    pairs = FundAccount.objects.annotate(last=Subquery(last)).values_list("grzhye", "last")
    assert len(pairs) > 1000
    assert [p for p in pairs if p[0] != (p[1] if p[1] is not None else 0)] == []

    second = _import(folder)
    assert second.error_count == 0
    assert all(s.rejected == 0 for s in second.stats.values())
    assert all(s.stored == 0 for s in second.stats.values())
    assert Person.objects.count() == 1000


def test_demo_logins_are_made_for_the_personas_who_may_register_and_are_idempotent(folder):
    _import(folder)
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    call_command("demo_logins", "--password", "Another-2026-pw", stdout=io.StringIO())
    for persona in PERSONAS:
        person = Person.objects.by_id_number(persona.zjhm).get()
        assert persona.name in out.getvalue()
        if persona.can_register:
            assert person.user.check_password("Another-2026-pw")
        else:
            assert person.user is None
    assert "Demo-2026-gjj" in out.getvalue() and "不可注册" in out.getvalue()
