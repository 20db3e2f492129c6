"""账户安全: the last logins (masked IP, device in words, outcome, channel), 上次登录 in the
header, 退出其他设备 with database and cache sessions, and the password-gated reveal."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gjj.core.masking import mask_ip
from gjj.core.models import AuditEvent
from gjj.identity.security import device_words
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

CHROME_WIN = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)


def _login(person, captcha, *, ip, ua, password=PASSWORD, when=None):
    client = Client(REMOTE_ADDR=ip, HTTP_USER_AGENT=ua)
    if when is None:  # now: the session clocks run on the real time
        client.post("/login/", {"username": person.zjhm, "password": password, **captcha()})
        return client
    with time_machine.travel(when, tick=False):
        client.post("/login/", {"username": person.zjhm, "password": password, **captcha()})
    return client


def test_ip_masks_and_device_words():
    assert mask_ip("123.45.67.89") == "123.45.*.*"
    assert mask_ip("2001:db8:1:2::5") == "2001:db8:*"
    assert mask_ip(None) == "—"
    assert device_words(CHROME_WIN) == "Chrome 120浏览器 · Windows 10"
    assert device_words(SAFARI_IPHONE) == "Mobile Safari 17浏览器 · iOS 17"
    assert device_words("") == "未知设备"


def test_the_history_lists_successes_and_failures_of_this_person_only(
    zhangsan, lisi, captcha, django_assert_num_queries, session_queries
):
    day = dt.datetime(2026, 11, 26, 12, 14, tzinfo=dt.UTC)
    _login(
        zhangsan, captcha, ip="123.45.67.89", ua=CHROME_WIN, password="Wrong-password-9", when=day
    )
    _login(lisi, captcha, ip="10.9.8.7", ua=CHROME_WIN, when=day)
    first = _login(zhangsan, captcha, ip="123.45.67.89", ua=CHROME_WIN, when=day)
    client = _login(
        zhangsan,
        captcha,
        ip="202.96.1.2",
        ua=SAFARI_IPHONE,
        when=dt.datetime(2026, 11, 27, 1, 0, tzinfo=dt.UTC),
    )
    later = dt.datetime(2026, 11, 27, 1, 0, 5, tzinfo=dt.UTC)
    # the user with its person, audit rows, devices
    with time_machine.travel(later, tick=False), django_assert_num_queries(session_queries + 3):
        page = client.get(reverse("identity:security")).content.decode()
    assert "123.45.*.*" in page and "202.96.*.*" in page
    assert "123.45.67.89" not in page and "10.9." not in page
    with time_machine.travel(dt.datetime(2026, 11, 26, 12, 14, 5, tzinfo=dt.UTC), tick=False):
        assert first.get("/").status_code == 200
    assert "Mobile Safari 17浏览器 · iOS 17" in page and "Chrome 120浏览器 · Windows 10" in page
    assert page.count(">成功<") == 2 and page.count(">失败<") == 1 and "网页" in page
    # The header: the login before this one, in Shanghai time.
    assert "上次登录：2026年11月26日 20:14" in page
    # Two devices signed in, this one marked.
    assert page.count("当前设备</strong>") == 1 and "其他设备" in page


@pytest.mark.parametrize(
    "engine",
    ["django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cache"],
)
def test_end_other_sessions(zhangsan, captcha, settings, engine):
    settings.SESSION_ENGINE = engine
    phone = _login(zhangsan, captcha, ip="202.96.1.2", ua=SAFARI_IPHONE)
    desk = _login(zhangsan, captcha, ip="123.45.67.89", ua=CHROME_WIN)
    assert phone.get("/").status_code == 200 and desk.get("/").status_code == 200
    response = desk.post(reverse("identity:end_others"), follow=True)
    assert "已退出其他设备上的登录" in response.content.decode()
    # The phone is logged out; this desk stays in, and so does a later fresh login.
    assert phone.get(reverse("fund:basic_info"))["Location"].startswith("/login/")
    assert desk.get(reverse("fund:basic_info")).status_code == 200
    page = desk.get(reverse("identity:security")).content.decode()
    assert page.count("当前设备</strong>") == 1 and ">其他设备</td>" not in page
    assert AuditEvent.objects.filter(action="sessions_end_others", detail__ended=1).exists()
    again = _login(zhangsan, captcha, ip="202.96.1.2", ua=SAFARI_IPHONE)
    assert again.get(reverse("fund:basic_info")).status_code == 200


def test_reveal_after_the_password_for_sixty_seconds(client_zhangsan, zhangsan):
    start = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)
    url = reverse("fund:basic_info")
    with time_machine.travel(start, tick=False):
        assert zhangsan.zjhm not in client_zhangsan.get(url).content.decode()
        page = client_zhangsan.post(
            reverse("identity:reveal"), {"password": "wrong"}, follow=True
        ).content.decode()
        assert "登录密码不正确" in page and zhangsan.zjhm not in page
        page = client_zhangsan.post(
            reverse("identity:reveal"), {"password": PASSWORD}, follow=True
        ).content.decode()
        assert zhangsan.zjhm in page and zhangsan.sjhm in page
    with time_machine.travel(start + dt.timedelta(seconds=59), tick=False):
        assert zhangsan.zjhm in client_zhangsan.get(url).content.decode()
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert zhangsan.zjhm not in client_zhangsan.get(url).content.decode()
    outcomes = list(
        AuditEvent.objects.filter(action="pii_reveal")
        .order_by("at", "id")
        .values_list("outcome", flat=True)
    )
    assert outcomes == ["failed", "ok"]


def test_reveal_is_refused_after_five_wrong_passwords(client_zhangsan, zhangsan):
    for _ in range(5):
        client_zhangsan.post(reverse("identity:reveal"), {"password": "wrong"})
    page = client_zhangsan.post(
        reverse("identity:reveal"), {"password": PASSWORD}, follow=True
    ).content.decode()
    assert "密码错误次数过多" in page and zhangsan.zjhm not in page
    assert client_zhangsan.get(reverse("identity:reveal")).status_code == 405
