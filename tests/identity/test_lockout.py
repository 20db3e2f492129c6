import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from gjj.core.models import AuditEvent
from gjj.identity import throttle
from gjj.identity.selectors import login_key
from tests.factories import PASSWORD, make_id_number

# calendar: read the clock; .ci/run runs them again at 2028-02-29 23:59:30 China time.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


def fail(client, username, captcha, ip="10.0.0.1", password="Wrong-password-1"):
    return client.post(
        "/login/",
        {"username": username, "password": password, **captcha()},
        REMOTE_ADDR=ip,
    )


def test_five_failures_lock_the_account_from_that_ip_with_the_minutes_to_wait(
    client, zhangsan, captcha
):
    for _ in range(5):
        fail(client, zhangsan.zjhm, captcha)
    locked = fail(client, zhangsan.zjhm, captcha, password=PASSWORD)
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "登录失败次数过多，为保障账户安全已暂时锁定，请30分钟后再试。" in html
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_lockout", outcome="denied").exists()


def test_the_lock_holds_for_the_phone_of_the_same_person(client, zhangsan, captcha):
    for _ in range(5):
        fail(client, zhangsan.zjhm, captcha)
    locked = fail(client, "18712349858", captcha, password=PASSWORD)
    assert locked.status_code == 429


def test_the_lock_is_per_ip(client, zhangsan, captcha):
    for _ in range(5):
        fail(client, zhangsan.zjhm, captcha)
    other_ip = fail(client, zhangsan.zjhm, captcha, ip="10.0.0.2", password=PASSWORD)
    assert other_ip.status_code == 302


def test_an_unknown_number_is_locked_the_same_way(client, captcha):
    number = make_id_number(seq=777)
    for _ in range(5):
        fail(client, number, captcha)
    locked = fail(client, number, captcha)
    assert locked.status_code == 429
    assert "请30分钟后再试" in locked.content.decode()


def test_the_lock_is_released_after_the_cool_off(client, zhangsan, captcha):
    for _ in range(5):
        fail(client, zhangsan.zjhm, captcha)
    assert fail(client, zhangsan.zjhm, captcha, password=PASSWORD).status_code == 429
    past = timezone.now() - dt.timedelta(minutes=31)
    AccessAttempt.objects.update(attempt_time=past)
    from axes.models import AccessAttemptExpiration

    AccessAttemptExpiration.objects.update(expires_at=past)
    released = fail(client, zhangsan.zjhm, captcha, password=PASSWORD)
    assert released.status_code == 302


def test_an_attempt_while_locked_restarts_the_cool_off(client, zhangsan, captcha):
    for _ in range(5):
        fail(client, zhangsan.zjhm, captcha)
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=20))
    from axes.models import AccessAttemptExpiration

    AccessAttemptExpiration.objects.update(expires_at=timezone.now() + dt.timedelta(minutes=10))
    locked = fail(client, zhangsan.zjhm, captcha)
    assert "请30分钟后再试" in locked.content.decode()


def test_at_most_100_failures_an_hour_per_account_from_all_ips(client, zhangsan, captcha):
    key = login_key(zhangsan.zjhm)
    for _ in range(99):
        throttle.record_failure(key)
    # The 100th failure, from yet another IP, reaches the cap.
    assert fail(client, zhangsan.zjhm, captcha, ip="10.9.9.9").status_code == 200
    blocked = fail(client, "18712349858", captcha, ip="10.8.8.8", password=PASSWORD)
    assert blocked.status_code == 429
    assert "请60分钟后再试" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_hourly_cap_ends_with_its_window(client, zhangsan, captcha, monkeypatch):
    key = login_key(zhangsan.zjhm)
    for _ in range(100):
        throttle.record_failure(key)
    assert throttle.locked_minutes(key) == 60
    import time as real_time

    later = real_time.time() + 45 * 60
    monkeypatch.setattr(throttle.time, "time", lambda: later)
    assert throttle.locked_minutes(key) == 15
    throttle.reset(key)  # what the cache's expiry does after the hour
    assert throttle.locked_minutes(key) == 0


def test_a_success_clears_the_pair_counter(client, zhangsan, captcha):
    for _ in range(4):
        fail(client, zhangsan.zjhm, captcha)
    assert fail(client, zhangsan.zjhm, captcha, password=PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(4):
        fail(client, zhangsan.zjhm, captcha)
    assert fail(client, zhangsan.zjhm, captcha, password=PASSWORD).status_code == 302
