import pytest
from django.db import connection

from gjj.core import pii
from gjj.people.models import Person
from tests.factories import make_id_number, make_person

pytestmark = pytest.mark.django_db


def test_id_and_phone_round_trip_through_encryption():
    number = make_id_number("19900101", seq=5)
    person = make_person(id_number=number, phone="13912345678", registered=False)
    person.refresh_from_db()
    assert person.zjhm == number
    assert person.sjhm == "13912345678"


def test_database_holds_no_plain_id_or_phone():
    number = make_id_number("19900101", seq=6)
    make_person(id_number=number, phone="13912345678", registered=False)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM identity_person")
        raw = " ".join(str(v) for row in cursor.fetchall() for v in row)
    assert number not in raw
    assert number[6:14] not in raw  # not even the birth date
    assert "13912345678" not in raw


def test_lookup_by_digest_finds_the_person_case_insensitively():
    first17 = "11010519491231002"
    person = make_person(id_number=first17 + "X", registered=False)
    assert Person.objects.by_id_number(first17 + "x").get() == person
    assert Person.objects.by_phone(" 18712349858 ").get() == person


def test_digest_depends_on_the_key(settings):
    before = pii.digest("370402199001011234")
    settings.PII_KEY = "another-key"
    assert pii.digest("370402199001011234") != before


def test_empty_values_never_match():
    assert pii.digest("") == ""
    assert pii.encrypt("") == ""


def test_a_full_width_id_number_finds_the_same_person():
    first17 = "11010519491231002"
    person = make_person(id_number=first17 + "X", registered=False)
    full_width = first17.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}) + "ｘ"
    assert Person.objects.by_id_number(f" {full_width} ").get() == person
