"""Finding 1: one client IP a request, X-Forwarded-For believed only through trusted proxies;
axes, the SMS cap per network and the audit count by it."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from gjj.core.models import AuditEvent
from gjj.core.net import client_ip, derive_client_ip, parse_trusted_proxies
from gjj.identity.models import SmsCode
from tests.factories import PASSWORD, make_account, make_id_number, make_person
from tests.identity.conftest import solved_captcha

PROXY = "127.0.0.1"
NETS = parse_trusted_proxies("127.0.0.1,10.0.0.0/8")


@pytest.mark.parametrize(
    ("remote", "xff", "trusted", "expected"),
    [
        # No proxy configured: the header is the client's own words, never believed.
        ("203.0.113.9", "1.2.3.4", 0, "203.0.113.9"),
        ("203.0.113.9", "1.2.3.4", (), "203.0.113.9"),
        # One trusted proxy: the address it saw (the last entry); a forged entry before it is not.
        (PROXY, "66.6.6.6, 198.51.100.7", NETS, "198.51.100.7"),
        (PROXY, "198.51.100.7", 1, "198.51.100.7"),
        (PROXY, "66.6.6.6, 198.51.100.7", 1, "198.51.100.7"),
        # Two trusted hops (an inner proxy on 10.x).
        (PROXY, "66.6.6.6, 198.51.100.7, 10.1.2.3", NETS, "198.51.100.7"),
        (PROXY, "66.6.6.6, 198.51.100.7, 10.1.2.3", 2, "198.51.100.7"),
        # A peer that is not a trusted proxy: its header means nothing.
        ("203.0.113.9", "198.51.100.7", NETS, "203.0.113.9"),
        # Garbage where the proxy's entry should be: stop at what the proxy itself is.
        (PROXY, "not-an-ip", NETS, PROXY),
        (PROXY, "", NETS, PROXY),
        ("::ffff:198.51.100.7", "", 0, "198.51.100.7"),
        (PROXY, "[2001:db8::1]:4711", NETS, "2001:db8::1"),
    ],
)
def test_the_client_ip_is_walked_back_only_over_trusted_hops(remote, xff, trusted, expected):
    assert derive_client_ip(remote, xff, trusted) == expected


def test_a_bad_trusted_proxies_setting_stops_the_start():
    with pytest.raises(ImproperlyConfigured, match="GJJ_TRUSTED_PROXIES"):
        parse_trusted_proxies("127.0.0.1,proxy.example")


def test_the_address_is_derived_once_and_kept_on_the_request(settings):
    settings.TRUSTED_PROXIES = PROXY
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "198.51.100.7"
    request.META["HTTP_X_FORWARDED_FOR"] = "1.1.1.1"
    assert client_ip(request) == "198.51.100.7"


def login(client, username, password, ip_header, remote=PROXY):
    data = {"username": username, "password": password, **solved_captcha()}
    return client.post("/login/", data, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=ip_header)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_one_persons_failures_do_not_lock_another_client(
    client, zhangsan, settings
):
    settings.TRUSTED_PROXIES = PROXY
    for _ in range(5):
        login(client, zhangsan.zjhm, "Wrong-password-1", "198.51.100.7")
    assert login(client, zhangsan.zjhm, PASSWORD, "198.51.100.7").status_code == 429
    other = login(client, zhangsan.zjhm, PASSWORD, "198.51.100.8")
    assert other.status_code == 302
    ips = set(AuditEvent.objects.filter(action="login").values_list("ip", flat=True))
    assert ips == {"198.51.100.7", "198.51.100.8"}


@pytest.mark.django_db
def test_without_a_trusted_proxy_a_spoofed_header_changes_nothing(client, zhangsan, settings):
    settings.TRUSTED_PROXIES = ""
    for n in range(5):
        login(client, zhangsan.zjhm, "Wrong-password-1", f"198.51.100.{n}", remote="203.0.113.9")
    locked = login(client, zhangsan.zjhm, PASSWORD, "198.51.100.99", remote="203.0.113.9")
    assert locked.status_code == 429
    assert set(AuditEvent.objects.values_list("ip", flat=True)) == {"203.0.113.9"}


def start_registration(client, person, header):
    data = {"name": person.xingming, "id_number": person.zjhm, "agree": "on"}
    data.update(solved_captcha("register"))
    client.post("/register/", data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    return client.post(
        "/register/sms/", {"action": "send"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header
    )


def _unregistered(seq: int, phone: str):
    person = make_person(
        name="王五", id_number=make_id_number("19900512", seq=seq), phone=phone, registered=False
    )
    make_account(person, grzhzt="01")
    return person


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_sms_cap_counts_each_network_apart(client, settings, tmp_path):
    settings.TRUSTED_PROXIES = PROXY
    settings.SMS_BACKEND = f"file:{tmp_path / 'sms.jsonl'}"
    settings.SMS_DAILY_LIMIT_PER_IP = 1
    first = _unregistered(61, "13900000061")
    second = _unregistered(62, "13900000062")
    third = _unregistered(63, "13900000063")
    assert start_registration(client, first, "198.51.100.7").status_code == 302
    client.cookies.clear()
    assert start_registration(client, second, "198.51.100.8").status_code == 302
    assert set(SmsCode.objects.values_list("ip", flat=True)) == {"198.51.100.7", "198.51.100.8"}
    client.cookies.clear()
    capped = start_registration(client, third, "198.51.100.7")
    assert "您所在网络今日获取验证码次数已达上限" in capped.content.decode()
