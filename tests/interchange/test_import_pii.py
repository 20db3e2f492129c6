"""Imported ID and phone numbers are stored encrypted, looked up by digest."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from gjj.people.models import Person
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


def _every_cell_of_every_table() -> str:
    """Every cell of every table of the database, as text (what a copy of the file would show)."""
    cells = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            cells += [str(cell) for row in cursor.fetchall() for cell in row]
    return "\n".join(cells)


def test_no_table_holds_a_plain_id_or_phone_number_after_import_and_logins(tmp_path, client):
    from captcha.models import CaptchaStore

    from gjj.identity.captcha import bind_key
    from tests.factories import PASSWORD

    code, out = C.run_import(C.full_folder(tmp_path / "x"))
    assert code == 0, out
    person = Person.objects.get()
    call_command("demo_logins", "--password", PASSWORD, stdout=io.StringIO())  # no persona here
    person.user = get_user_model().objects.create_user(username="p-zhang", password=PASSWORD)
    person.save()
    for username, password in (
        (C.ZHANG_ID, "wrong-Password-1"),  # a failure (axes and the audit log record it)
        (C.ZHANG_PHONE, "wrong-Password-2"),
        (C.ZHANG_ID, PASSWORD),  # and a success
    ):
        key = CaptchaStore.generate_key()
        answer = CaptchaStore.objects.get(hashkey=key).response
        client.post(
            "/login/",
            {
                "username": username,
                "password": password,
                "captcha_0": bind_key(key, "login"),
                "captcha_1": answer,
            },
            REMOTE_ADDR="10.1.2.3",
        )
    assert client.session.get("_auth_user_id") == str(person.user_id)
    raw = _every_cell_of_every_table()
    assert "张三" in raw  # the dump does hold the data
    for secret in (C.ZHANG_ID, C.ZHANG_ID.lower(), C.ZHANG_PHONE, C.ZHANG_ID[6:14]):
        assert secret not in raw, secret
