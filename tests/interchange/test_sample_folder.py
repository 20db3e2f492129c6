"""The fixed example folder (the manual's cases) imports cleanly with the manual's figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import gjj.interchange
from gjj.applications.models import Application
from gjj.core.codes import LoanState
from gjj.fund.models import FundAccount
from gjj.inbox.models import Message
from gjj.loans.models import LoanContract, LoanTxn
from gjj.people.models import Person
from tests.interchange import csvdata as C

pytestmark = pytest.mark.django_db
SAMPLE = Path(gjj.interchange.__file__).parent / "fixtures" / "sample"


def test_the_sample_folder_imports_without_errors_and_twice_changes_nothing():
    code, out = C.run_import(SAMPLE)
    assert code == 0, out
    code, out = C.run_import(SAMPLE)
    assert "合计 total" in out
    assert C.counts(out, "ledger.csv") == (18, 0, 0, 0)


def test_the_sample_holds_the_manuals_figures():
    C.run_import(SAMPLE)
    person = Person.objects.get()
    assert person.xingming == "测试一"
    accounts = {a.grzh: (a.grzhzt, a.grzhye) for a in FundAccount.objects.all()}
    assert accounts == {
        "3100000001": ("05", Decimal("0.00")),
        "3100000002": ("01", Decimal("15360.98")),
    }
    settled = LoanContract.objects.get(jkhtbh="01201702090011")
    assert (settled.htdkje, settled.dkll, settled.dkzt) == (
        Decimal("1000.00"),
        Decimal("3.30"),
        LoanState.SETTLED,
    )
    assert LoanContract.objects.get(jkhtbh="01201702270009").dkzt == LoanState.NOT_DISBURSED
    principal = [t.bjje for t in LoanTxn.objects.order_by("ywfsrq", "ywlsh")]
    assert principal[1:6] == [Decimal(x) for x in ("1.63", "100.00", "44.00", "0.40", "99.00")]
    assert Message.objects.filter(is_read=False).count() == 5
    app = Application.objects.get(sqid="SQ2017022700001")
    nodes = list(app.steps.values_list("jdmc", "blr", "spyj"))
    assert nodes[1] == ("贷款受理初审", "测试16", "同意")
    assert Application.objects.filter(wcsj__isnull=True).count() == 1
