"""Every identity event is audited with time, person, IP and outcome, and never a secret."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from gjj.core.models import AuditEvent
from tests.factories import PASSWORD, make_account, make_id_number, make_person

# calendar: read the clock; .ci/run runs them again at 2028-02-29 23:59:30 China time.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]
NEW = "Fenghuang-Hill-42"
RESET = "Weishan-Lake-57"
WRONG = "Wrong-password-1"


def test_a_whole_life_of_a_login_leaves_a_trail_without_secrets(captcha, outbox):
    person = make_person(name="王五", id_number=make_id_number(seq=901), registered=False)
    make_account(person)
    c = Client(REMOTE_ADDR="10.1.2.3")
    start = timezone.now()

    def login(username, password):
        return c.post("/login/", {"username": username, "password": password, **captcha()})

    c.post(
        "/register/",
        {"name": "王六", "id_number": person.zjhm, "agree": "on", **captcha("register")},
    )
    c.post(
        "/register/",
        {"name": "王五", "id_number": person.zjhm, "agree": "on", **captcha("register")},
    )
    c.post("/register/sms/", {"action": "send"})
    c.post("/register/sms/", {"action": "verify", "code": "000000"})
    c.post("/register/sms/", {"action": "verify", "code": outbox.last_code()})
    c.post("/register/password/", {"new_password1": NEW, "new_password2": NEW})
    for _ in range(5):
        login(person.zjhm, WRONG)
    login(person.zjhm, NEW)  # locked: the sixth try
    c = Client(REMOTE_ADDR="10.1.2.4")
    login("18712349858", NEW)
    c.post("/password/", {"old_password": NEW, "new_password1": RESET, "new_password2": RESET})
    c.post("/logout/")
    c.post("/forgot/", {"name": "王五", "id_number": person.zjhm, **captcha("forgot")})
    c.post("/forgot/sms/", {"action": "send"})
    c.post("/forgot/sms/", {"action": "verify", "code": outbox.last_code()})
    c.post("/forgot/password/", {"new_password1": PASSWORD, "new_password2": PASSWORD})

    events = list(AuditEvent.objects.order_by("id"))
    seen = {(e.action, e.outcome) for e in events}
    for expected in [
        ("register", "failed"),
        ("register", "ok"),
        ("sms_send", "ok"),
        ("login", "failed"),
        ("login_lockout", "denied"),
        ("login", "ok"),
        ("password_change", "ok"),
        ("logout", "ok"),
        ("password_reset", "ok"),
    ]:
        assert expected in seen, expected
    secrets = [person.zjhm, person.zjhm.lower(), "18712349858", NEW, RESET, WRONG, PASSWORD]
    secrets += [line["code"] for line in outbox.lines()]
    for e in events:
        text = repr(e.detail)
        assert not [s for s in secrets if s in text], (e.action, e.detail)
        assert e.ip in ("10.1.2.3", "10.1.2.4")
        assert start - dt.timedelta(seconds=1) <= e.at <= timezone.now()
    for e in events:
        if e.detail.get("reason") == "mismatch":
            assert e.person_id is None
        else:
            assert e.person_id == person.pk, (e.action, e.outcome)
