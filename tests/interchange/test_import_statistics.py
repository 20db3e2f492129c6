"""After a bulk load the query planner's statistics are refreshed (pages stay fast at once)."""

from pathlib import Path

import pytest
from django.db import connection

import gjj.interchange
from tests.interchange import csvdata as C

pytestmark = pytest.mark.django_db
SAMPLE = Path(gjj.interchange.__file__).parent / "fixtures" / "sample"


def test_the_import_refreshes_the_planners_statistics():
    code, out = C.run_import(SAMPLE)
    assert code == 0, out
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname FROM pg_stat_user_tables "
                "WHERE last_analyze IS NOT NULL AND relname = 'fund_ledgerentry'"
            )
            assert cursor.fetchall() == [("fund_ledgerentry",)]
        else:
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1 WHERE tbl = 'fund_ledgerentry'")
            assert cursor.fetchall() == [("fund_ledgerentry",)]
