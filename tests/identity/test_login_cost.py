"""What a login costs beside the password hash (issue 15): a constant, small number of queries,
the captcha checked and spent in one statement, its expired rows swept now and then instead of
on every answer, and no django-axes look-up that has nothing to find."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from captcha.models import CaptchaStore
from django.utils import timezone

from gjj.identity import captcha as hall_captcha
from gjj.identity.captcha import SWEEP_SECONDS, bind_key, sweep_expired
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

# The person behind the typed number; the captcha checked and spent (one DELETE … RETURNING);
# axes' failure count for the account and IP; the audit row; last_login (the login before this
# one, 上次登录, is the user row's: no query); the login-session row. Plus the session's own with
# database sessions.
LOGIN_QUERIES = 6
# Database sessions (in the test's transaction): the new key checked, the row inserted and then
# updated with the login, each write in a savepoint.
DB_SESSION_QUERIES = 7


@pytest.fixture
def swept_lately():
    """No sweep due during the test (as in a process that swept a moment ago)."""
    before = hall_captcha._last_sweep[0]
    hall_captcha._last_sweep[0] = float("inf")
    yield
    hall_captcha._last_sweep[0] = before


def post_login(client, username, captcha, password=PASSWORD, ip="10.0.0.7"):
    return client.post(
        "/login/", {"username": username, "password": password, **captcha()}, REMOTE_ADDR=ip
    )


def test_a_login_spends_a_constant_number_of_queries(
    client, zhangsan, captcha, swept_lately, django_assert_num_queries, session_queries
):
    sessions = DB_SESSION_QUERIES if session_queries else 0
    for _ in range(2):  # the first login and a later one alike (its 上次登录 is the first)
        answer = captcha()
        with django_assert_num_queries(LOGIN_QUERIES + sessions):
            response = client.post(
                "/login/",
                {"username": zhangsan.zjhm, "password": PASSWORD, **answer},
                REMOTE_ADDR="10.0.0.7",
            )
        assert response.status_code == 302 and response["Location"] == "/"
        client.post("/logout/")


def test_the_answered_captcha_is_spent_right_or_wrong(client, zhangsan, captcha, swept_lately):
    answer = captcha()
    key = hall_captcha.unbind_key(answer["captcha_0"], "login")
    response = client.post(
        "/login/",
        {"username": zhangsan.zjhm, "password": PASSWORD, **answer, "captcha_1": "XXXX"},
    )
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    assert not CaptchaStore.objects.filter(hashkey=key).exists()
    # The right answer with the spent key is refused too.
    again = client.post("/login/", {"username": zhangsan.zjhm, "password": PASSWORD, **answer})
    assert again.status_code == 200 and "验证码不正确" in again.content.decode()


def test_an_expired_captcha_is_refused_even_with_the_right_answer(client, zhangsan, swept_lately):
    key = CaptchaStore.generate_key()
    store = CaptchaStore.objects.get(hashkey=key)
    CaptchaStore.objects.filter(pk=store.pk).update(
        expiration=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.post(
        "/login/",
        {
            "username": zhangsan.zjhm,
            "password": PASSWORD,
            "captcha_0": bind_key(key, "login"),
            "captcha_1": store.response,
        },
    )
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not CaptchaStore.objects.filter(hashkey=key).exists()


def test_expired_captchas_are_swept_at_most_once_a_sweep_interval():
    old = [CaptchaStore.generate_key() for _ in range(3)]
    CaptchaStore.objects.filter(hashkey__in=old).update(
        expiration=timezone.now() - dt.timedelta(minutes=1)
    )
    live = CaptchaStore.generate_key()
    assert sweep_expired(now=10_000.0)
    assert list(CaptchaStore.objects.values_list("hashkey", flat=True)) == [live]
    stale = CaptchaStore.generate_key()
    CaptchaStore.objects.filter(hashkey=stale).update(
        expiration=timezone.now() - dt.timedelta(minutes=1)
    )
    assert not sweep_expired(now=10_000.0 + SWEEP_SECONDS - 1)  # too soon: left for later
    assert CaptchaStore.objects.filter(hashkey=stale).exists()
    assert sweep_expired(now=10_000.0 + SWEEP_SECONDS)
    assert not CaptchaStore.objects.filter(hashkey=stale).exists()
    assert CaptchaStore.objects.filter(hashkey=live).exists()


def test_a_success_after_failures_still_resets_them(client, zhangsan, captcha, swept_lately):
    for _ in range(3):
        response = post_login(client, zhangsan.zjhm, captcha, password="Wrong-password-1")
        assert response.status_code == 200
    assert AccessAttempt.objects.get().failures_since_start == 3
    assert post_login(client, zhangsan.zjhm, captcha).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_a_success_leaves_other_accounts_attempts_alone(
    client, zhangsan, lisi, captcha, swept_lately
):
    post_login(client, lisi.zjhm, captcha, password="Wrong-password-1")
    assert post_login(client, zhangsan.zjhm, captcha).status_code == 302
    assert AccessAttempt.objects.get().failures_since_start == 1
