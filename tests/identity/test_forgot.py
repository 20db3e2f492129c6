import pytest
from django.test import Client

from gjj.core.models import AuditEvent
from tests.factories import PASSWORD, make_id_number, make_person

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Zaozhuang-Lake-2027"


def reset_to(client, person, captcha, outbox, password=NEW_PASSWORD):
    client.post(
        "/forgot/", {"name": person.xingming, "id_number": person.zjhm, **captcha("forgot")}
    )
    client.post("/forgot/sms/", {"action": "send"})
    client.post("/forgot/sms/", {"action": "verify", "code": outbox.last_code()})
    return client.post("/forgot/password/", {"new_password1": password, "new_password2": password})


def test_the_manuals_three_steps(client, captcha, lisi, outbox):
    html = client.get("/forgot/").content.decode()
    for text in ("信息校验", "重置密码", "修改成功", "姓名", "证件号码", "验证码", "信息验证"):
        assert text in html
    response = client.post(
        "/forgot/", {"name": "李四", "id_number": lisi.zjhm, **captcha("forgot")}
    )
    assert response["Location"] == "/forgot/sms/"
    html = client.get("/forgot/sms/").content.decode()
    assert "验证信息通过，您在中心预留的手机号为：" in html and "186****3387" in html
    assert ">发送验证码</button>" in html and ">下一步</button>" in html
    assert ">输入验证码：</label>" in html and "短信验证码：" not in html
    client.post("/forgot/sms/", {"action": "send"})
    response = client.post("/forgot/sms/", {"action": "verify", "code": outbox.last_code()})
    assert response["Location"] == "/forgot/password/"
    html = client.get("/forgot/password/").content.decode()
    assert "新密码" in html and "确认密码" in html and "提交" in html
    response = client.post(
        "/forgot/password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == "/forgot/done/"
    html = client.get("/forgot/done/").content.decode()
    assert "恭喜您！修改成功" in html and "点击登录，进入个人公积金网上业务" in html
    lisi.user.refresh_from_db()
    assert lisi.user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="password_reset", outcome="ok").count() == 3


def test_a_reset_ends_every_session_of_the_person(client, captcha, lisi, outbox):
    elsewhere = Client()
    elsewhere.force_login(lisi.user)
    assert elsewhere.get("/").wsgi_request.user.is_authenticated
    reset_to(client, lisi, captcha, outbox)
    assert not elsewhere.get("/").wsgi_request.user.is_authenticated


def test_an_unknown_number_and_a_wrong_name_get_the_same_answer(client, captcha, lisi):
    from tests.identity.test_register import normalized

    a = client.post("/forgot/", {"name": "李五", "id_number": lisi.zjhm, **captcha("forgot")})
    b = client.post(
        "/forgot/", {"name": "李四", "id_number": make_id_number(seq=404), **captcha("forgot")}
    )
    assert a.status_code == b.status_code == 200
    assert normalized(a) == normalized(b)
    assert "姓名与证件号码不匹配或未在中心登记" in a.content.decode()


def test_an_unregistered_person_is_told_to_register(client, captcha):
    person = make_person(name="吴九", id_number=make_id_number(seq=91), registered=False)
    response = client.post(
        "/forgot/", {"name": "吴九", "id_number": person.zjhm, **captcha("forgot")}
    )
    assert "您尚未注册个人网上服务大厅，请先注册。" in response.content.decode()


def test_the_old_password_stops_working(client, captcha, lisi, outbox):
    reset_to(client, lisi, captcha, outbox)
    lisi.user.refresh_from_db()
    assert not lisi.user.check_password(PASSWORD)


def test_the_done_page_is_shown_once(client, captcha, lisi, outbox):
    reset_to(client, lisi, captcha, outbox)
    assert client.get("/forgot/done/").status_code == 200
    assert client.get("/forgot/done/")["Location"] == "/forgot/"


def test_a_reset_ends_the_login_locks_of_the_person(client, captcha, lisi, outbox):
    from gjj.identity import throttle
    from gjj.identity.selectors import login_key

    def login(password, ip="10.0.0.1"):
        return client.post(
            "/login/", {"username": lisi.zjhm, "password": password, **captcha()}, REMOTE_ADDR=ip
        )

    for _ in range(5):
        login("Wrong-password-1")
    for _ in range(100):
        throttle.record_failure(login_key(lisi.zjhm))
    assert login(PASSWORD).status_code == 429
    assert login(PASSWORD, ip="10.0.0.9").status_code == 429  # the hourly cap, any IP
    reset_to(client, lisi, captcha, outbox)
    assert login(NEW_PASSWORD)["Location"] == "/"


def test_a_reset_leaves_other_persons_locks_alone(client, captcha, lisi, zhangsan, outbox):
    for _ in range(5):
        client.post(
            "/login/", {"username": zhangsan.zjhm, "password": "Wrong-password-1", **captcha()}
        )
    reset_to(client, lisi, captcha, outbox)
    locked = client.post("/login/", {"username": zhangsan.zjhm, "password": PASSWORD, **captcha()})
    assert locked.status_code == 429
