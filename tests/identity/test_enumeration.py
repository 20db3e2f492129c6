"""Failed logins, registrations and resets do not tell whether an ID number is on file.

Same message and status (test_login.py, test_register.py, test_forgot.py check the words);
here: the same work, so the same time — Argon2 runs as often, the database is asked as often.
"""

import argon2.low_level
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_account, make_id_number, make_person

pytestmark = pytest.mark.django_db
WRONG = "Wrong-password-1"


@pytest.fixture
def argon2_runs(monkeypatch):
    """Counts every Argon2 computation (hash or verify) done by any hasher."""
    runs = []
    real_hash, real_verify = argon2.low_level.hash_secret, argon2.low_level.verify_secret

    def hash_secret(*args, **kwargs):
        runs.append("hash")
        return real_hash(*args, **kwargs)

    def verify_secret(*args, **kwargs):
        runs.append("verify")
        return real_verify(*args, **kwargs)

    monkeypatch.setattr(argon2.low_level, "hash_secret", hash_secret)
    monkeypatch.setattr(argon2.low_level, "verify_secret", verify_secret)
    monkeypatch.setattr("argon2._password_hasher.hash_secret", hash_secret)
    monkeypatch.setattr("argon2._password_hasher.verify_secret", verify_secret)
    return runs


def login_work(client, captcha, argon2_runs, username):
    argon2_runs.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/login/", {"username": username, "password": WRONG, **captcha()})
    return response, len(argon2_runs), len(queries)


def test_a_failed_login_costs_the_same_whether_or_not_the_number_is_on_file(
    client, captcha, zhangsan, argon2_runs
):
    unregistered = make_person(name="赵六", id_number=make_id_number(seq=611), registered=False)
    # Warm the caches (content types, axes' first look-ups) so every measured call is alike.
    login_work(client, captcha, argon2_runs, make_id_number(seq=610))
    known = login_work(client, captcha, argon2_runs, zhangsan.zjhm)
    unknown = login_work(client, captcha, argon2_runs, make_id_number(seq=612))
    not_registered = login_work(client, captcha, argon2_runs, unregistered.zjhm)
    for response, runs, _queries in (known, unknown, not_registered):
        assert response.status_code == 200
        assert "身份证号/手机号或密码不正确，请重新输入。" in response.content.decode()
        assert runs == known[1] >= 1
    assert known[2] == unknown[2] == not_registered[2]


def test_a_failed_phone_login_costs_the_same_for_a_phone_on_file_and_one_not(
    client, captcha, zhangsan, argon2_runs
):
    login_work(client, captcha, argon2_runs, "13000000000")
    on_file = login_work(client, captcha, argon2_runs, "18712349858")
    not_on_file = login_work(client, captcha, argon2_runs, "13900000009")
    assert on_file[0].status_code == not_on_file[0].status_code == 200
    assert on_file[1] == not_on_file[1] >= 1
    assert on_file[2] == not_on_file[2]


@pytest.mark.parametrize("url", ["/register/", "/forgot/"])
def test_an_unknown_number_and_a_wrong_name_ask_the_database_alike(client, captcha, url):
    person = make_person(name="王五", id_number=make_id_number(seq=621), registered=False)
    make_account(person)
    counts = []
    for name, number in (("王六", person.zjhm), ("王五", make_id_number(seq=622))):
        data = {"name": name, "id_number": number, "agree": "on", **captcha(url.strip("/"))}
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data)
        assert response.status_code == 200
        assert "姓名与证件号码不匹配或未在中心登记" in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
