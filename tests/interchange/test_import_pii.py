"""Imported ID and phone numbers are stored encrypted, looked up by digest."""

from __future__ import annotations

import pytest
from django.db import connection

from gjj.identity.models import Person
from tests.interchange import csvdata as C

pytestmark = pytest.mark.django_db


def test_no_plain_id_or_phone_number_is_in_the_person_table(tmp_path):
    C.write_csv(
        tmp_path,
        "persons.csv",
        [C.person(), C.person(zjhm=C.WANG_ID.lower(), sjhm="18600003387", xingming="王五")],
    )
    code, out = C.run_import(tmp_path)
    assert code == 0, out
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM identity_person")
        raw = " ".join(str(cell) for row in cursor.fetchall() for cell in row)
    for secret in (C.ZHANG_ID, C.WANG_ID, C.ZHANG_PHONE, "18600003387", C.ZHANG_ID[6:14]):
        assert secret not in raw
    assert "张三" in raw  # the name is not a secret; only numbers are encrypted
    wang = Person.objects.by_id_number(C.WANG_ID).get()
    assert (wang.zjhm, wang.sjhm) == (C.WANG_ID, "18600003387")
