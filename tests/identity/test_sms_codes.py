import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from gjj.identity import services
from gjj.identity.models import SmsCode
from gjj.identity.services import IdentityError, sms_code_send, sms_code_verify
from gjj.identity.sms import FileBackend, SmsGatewayError, get_backend

# calendar: read the clock; .ci/run runs them again at 2028-02-29 23:59:30 China time.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar, pytest.mark.usefixtures("midday")]
REG = SmsCode.Purpose.REGISTER
RESET = SmsCode.Purpose.RESET


@pytest.fixture
def midday():
    """Noon of today, China time, the clock stopped: the daily caps count codes from local
    midnight, and `age()` moves codes back by up to a day and ten minutes; from noon none of
    that crosses a midnight it should not (the tests failed just after 00:00)."""
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    with time_machine.travel(noon, tick=False):
        yield


def send(person, nonce="n1", purpose=REG, ip="10.0.0.1"):
    return sms_code_send(person=person, purpose=purpose, nonce=nonce, ip=ip)


def age(minutes=0, seconds=0):
    """Move every code back in time."""
    delta = dt.timedelta(minutes=minutes, seconds=seconds)
    for row in SmsCode.objects.all():
        SmsCode.objects.filter(pk=row.pk).update(
            created_at=row.created_at - delta, expires_at=row.expires_at - delta
        )


def test_a_code_is_six_digits_sent_to_the_phone_on_file_and_stored_hashed(zhangsan, outbox):
    row = send(zhangsan)
    line = outbox.lines()[-1]
    assert line["phone"] == "18712349858"
    assert len(line["code"]) == 6 and line["code"].isdigit()
    assert line["code"] in line["text"] and "5分钟内有效" in line["text"]
    assert set(line) == {"phone", "text", "code", "sent_at"}
    assert line["code"] not in row.code_hash and len(row.code_hash) == 64
    assert row.expires_at - row.created_at == dt.timedelta(minutes=5)


def test_the_right_code_is_accepted_once(zhangsan, outbox):
    send(zhangsan)
    sms_code_verify(person=zhangsan, purpose=REG, nonce="n1", code=outbox.last_code())
    with pytest.raises(IdentityError) as err:
        sms_code_verify(person=zhangsan, purpose=REG, nonce="n1", code=outbox.last_code())
    assert err.value.code == "used"


def test_a_code_expires_after_five_minutes(zhangsan, outbox):
    send(zhangsan)
    age(minutes=5, seconds=1)
    with pytest.raises(IdentityError) as err:
        sms_code_verify(person=zhangsan, purpose=REG, nonce="n1", code=outbox.last_code())
    assert err.value.message == "验证码已过期，请重新获取。"


def test_a_code_is_still_good_just_before_five_minutes(zhangsan, outbox):
    send(zhangsan)
    age(minutes=4, seconds=50)
    sms_code_verify(person=zhangsan, purpose=REG, nonce="n1", code=outbox.last_code())


def test_a_code_for_registration_does_not_reset_a_password(zhangsan, outbox):
    send(zhangsan, purpose=REG)
    with pytest.raises(IdentityError) as err:
        sms_code_verify(person=zhangsan, purpose=RESET, nonce="n1", code=outbox.last_code())
    assert err.value.code == "no_code"


def test_a_code_is_bound_to_the_session_that_asked_for_it(zhangsan, outbox):
    send(zhangsan, nonce="session-a")
    with pytest.raises(IdentityError):
        sms_code_verify(person=zhangsan, purpose=REG, nonce="session-b", code=outbox.last_code())


def test_a_code_is_bound_to_the_phone(zhangsan, lisi, outbox):
    send(zhangsan)
    with pytest.raises(IdentityError):
        sms_code_verify(person=lisi, purpose=REG, nonce="n1", code=outbox.last_code())


def test_five_wrong_tries_need_a_new_code(zhangsan, outbox):
    send(zhangsan)
    good = outbox.last_code()
    bad = "000000" if good != "000000" else "111111"
    messages = []
    for _ in range(5):
        with pytest.raises(IdentityError) as err:
            sms_code_verify(person=zhangsan, purpose=REG, nonce="n1", code=bad)
        messages.append(err.value.message)
    assert messages[0] == "短信验证码不正确，还可以输入4次。"
    assert messages[3] == "短信验证码不正确，还可以输入1次。"
    assert messages[4] == "验证码错误次数过多，请重新获取。"
    with pytest.raises(IdentityError) as err:
        sms_code_verify(person=zhangsan, purpose=REG, nonce="n1", code=good)
    assert err.value.code == "too_many_attempts"
    age(seconds=61)
    send(zhangsan)
    sms_code_verify(person=zhangsan, purpose=REG, nonce="n1", code=outbox.last_code())


def test_only_the_latest_code_counts(zhangsan, outbox):
    send(zhangsan)
    first = outbox.last_code()
    age(seconds=61)
    send(zhangsan)
    if first != outbox.last_code():
        with pytest.raises(IdentityError):
            sms_code_verify(person=zhangsan, purpose=REG, nonce="n1", code=first)


def test_a_new_code_waits_60_seconds(zhangsan, outbox):
    send(zhangsan)
    with pytest.raises(IdentityError) as err:
        send(zhangsan)
    assert err.value.code == "resend_too_soon"
    assert "秒后再重新获取" in err.value.message
    age(seconds=61)
    send(zhangsan)
    assert len(outbox.lines()) == 2


def test_at_most_ten_codes_a_day_per_phone(zhangsan, outbox):
    for _ in range(10):
        send(zhangsan, ip=None)
        age(seconds=61)
    with pytest.raises(IdentityError) as err:
        send(zhangsan, ip=None)
    assert err.value.message == "该手机号码今日获取验证码次数已达上限，请明天再试。"
    assert len(outbox.lines()) == 10


def test_codes_from_yesterday_do_not_count(zhangsan, outbox):
    for _ in range(10):
        send(zhangsan, ip=None)
        age(seconds=61)
    age(minutes=24 * 60)
    send(zhangsan, ip=None)


def test_a_cap_per_ip(settings, zhangsan, lisi, outbox):
    settings.SMS_DAILY_LIMIT_PER_IP = 3
    send(zhangsan)
    age(seconds=61)
    send(zhangsan)
    send(lisi)
    age(seconds=61)
    with pytest.raises(IdentityError) as err:
        send(lisi)
    assert err.value.code == "ip_daily_cap"
    assert "您所在网络今日获取验证码次数已达上限" in err.value.message


class BrokenGateway:
    def send(self, phone, text):
        raise ConnectionError("gateway down")


def test_a_gateway_failure_shows_a_message_and_costs_no_quota(settings, zhangsan, outbox):
    settings.SMS_BACKEND = "tests.identity.test_sms_codes.BrokenGateway"
    with pytest.raises(IdentityError) as err:
        send(zhangsan)
    assert err.value.message == "短信发送失败，请稍后再试。如多次失败，请拨打服务热线12329。"
    assert SmsCode.objects.count() == 0
    settings.SMS_BACKEND = f"file:{outbox.path}"
    send(zhangsan)  # neither the resend interval nor the daily cap was touched
    assert SmsCode.objects.count() == 1


class Recorder:
    """A provider adapter: the one method `send(phone, text)`."""

    sent: list = []

    def send(self, phone, text):
        self.sent.append((phone, text))


def test_a_provider_adapter_gets_the_phone_and_text(settings, zhangsan):
    Recorder.sent = []
    settings.SMS_BACKEND = "tests.identity.test_sms_codes.Recorder"
    send(zhangsan)
    assert Recorder.sent[0][0] == "18712349858" and "验证码" in Recorder.sent[0][1]


def test_the_console_backend_prints_a_masked_phone_and_the_text(settings, zhangsan, capsys):
    settings.SMS_BACKEND = "console"
    send(zhangsan)
    out = capsys.readouterr().out
    assert "187****9858" in out and "18712349858" not in out and "验证码" in out


def test_the_file_backend_turns_an_io_error_into_a_gateway_error(tmp_path):
    backend = FileBackend(str(tmp_path / "missing-dir" / "sms.jsonl"))
    with pytest.raises(SmsGatewayError):
        backend.send("18712349858", "验证码123456")


def test_backend_specs(settings):
    assert type(get_backend("console")).__name__ == "ConsoleBackend"
    assert type(get_backend("file:/tmp/x.jsonl")).__name__ == "FileBackend"


def test_codes_come_from_secrets(zhangsan, outbox, monkeypatch):
    calls = []

    def fake_randbelow(n):
        calls.append(n)
        return 42

    monkeypatch.setattr(services.secrets, "randbelow", fake_randbelow)
    send(zhangsan)
    assert calls == [1_000_000] and outbox.last_code() == "000042"


def test_an_unsent_code_does_not_exist(zhangsan):
    with pytest.raises(IdentityError) as err:
        sms_code_verify(person=zhangsan, purpose=REG, nonce="n1", code="123456")
    assert err.value.message == "请先点击按钮获取短信验证码。"
    assert timezone.now()


class CountingGateway:
    """Sees what the database holds when the provider is called."""

    reserved: list = []

    def send(self, phone, text):
        CountingGateway.reserved.append(SmsCode.objects.count())


def test_the_gateway_is_called_after_the_code_is_reserved(settings, zhangsan):
    settings.SMS_BACKEND = "tests.identity.test_sms_codes.CountingGateway"
    CountingGateway.reserved = []
    send(zhangsan)
    assert CountingGateway.reserved == [1]  # the row that counts against the limits exists
