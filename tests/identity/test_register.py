import re

import pytest

from gjj.core.models import AuditEvent
from gjj.identity.models import User
from gjj.people.models import Person
from tests.factories import make_account, make_id_number, make_person

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Qingdao-Road-88"


@pytest.fixture
def wangwu(db):
    person = make_person(
        name="王五", id_number=make_id_number("19900512", seq=55), registered=False
    )
    make_account(person, grzhzt="01")
    return person


def check(client, captcha, name, number, agree=True):
    data = {"name": name, "id_number": number, **captcha("register")}
    if agree:
        data["agree"] = "on"
    return client.post("/register/", data)


def normalized(response) -> str:
    """The page without the parts that differ on every render (captcha key, CSRF token)."""
    html = response.content.decode()
    html = re.sub(r"/captcha/image/\w+/", "/captcha/image/KEY/", html)
    html = re.sub(r'value="[0-9a-f]{40}(:[\w-]+)?"', 'value="KEY"', html)
    html = re.sub(r'name="csrf-token" content="[^"]+"', "CSRF", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)


def test_the_first_step_shows_the_manuals_fields(client):
    html = client.get("/register/").content.decode()
    for text in (
        "信息校验",
        "短信验证",
        "注册完成",
        "姓名",
        "身份证号码",
        "验证码",
        "我已阅读",
        "《用户须知》",
        "信息验证",
        "返回首页",
    ):
        assert text in html


def test_a_full_registration(client, captcha, wangwu, outbox):
    response = check(client, captcha, "王五", wangwu.zjhm)
    assert response["Location"] == "/register/sms/"
    page = client.get("/register/sms/").content.decode()
    assert "信息验证通过，您在中心预留的手机号码为：" in page and "187****9858" in page
    assert "点击下方按钮，我们会给此号码发送验证码以完成验证。" in page
    assert ">发送验证码</button>" in page and ">确认验证</button>" in page
    assert ">短信验证码：</label>" in page
    assert "18712349858" not in page
    client.post("/register/sms/", {"action": "send"})
    response = client.post("/register/sms/", {"action": "verify", "code": outbox.last_code()})
    assert response["Location"] == "/register/password/"
    response = client.post(
        "/register/password/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/register/done/"
    done = client.get("/register/done/").content.decode()
    assert "注册成功" in done and 'href="/login/"' in done
    wangwu.refresh_from_db()
    user = wangwu.user
    assert user.check_password(NEW_PASSWORD)
    assert user.password.startswith("argon2$argon2id$")
    assert wangwu.zjhm not in user.username and re.fullmatch(r"p[0-9a-f]{20}", user.username)
    assert AuditEvent.objects.filter(action="register", outcome="ok", person=wangwu).count() == 3


def test_the_notice_must_be_ticked(client, captcha, wangwu):
    response = check(client, captcha, "王五", wangwu.zjhm, agree=False)
    assert response.status_code == 200
    assert "请阅读并勾选《用户须知》。" in response.content.decode()


def test_an_unknown_number_and_a_wrong_name_get_the_identical_page(client, captcha, wangwu):
    wrong_name = check(client, captcha, "王六", wangwu.zjhm)
    unknown = check(client, captcha, "王五", make_id_number("19900512", seq=56))
    assert wrong_name.status_code == unknown.status_code == 200
    assert "姓名与证件号码不匹配或未在中心登记，请核对后重新输入。" in wrong_name.content.decode()
    assert normalized(wrong_name) == normalized(unknown)
    assert "gjj_register" not in client.session
    event = AuditEvent.objects.filter(action="register", outcome="failed").last()
    assert wangwu.zjhm not in str(event.detail)


def test_a_person_whose_accounts_are_all_closed_may_not_register(client, captcha):
    person = make_person(name="孙七", id_number=make_id_number(seq=71), registered=False)
    make_account(person, grzhzt="05")
    make_account(person, grzhzt="03")
    response = check(client, captcha, "孙七", person.zjhm)
    assert "职工状态为销户状态的不允许注册。" in response.content.decode()
    assert "gjj_register" not in client.session


def test_a_person_without_any_fund_account_may_not_register(client, captcha, outbox):
    person = make_person(name="钱九", id_number=make_id_number(seq=73), registered=False)
    response = check(client, captcha, "钱九", person.zjhm)
    assert response.status_code == 200
    html = response.content.decode()
    assert "未查询到您在中心的住房公积金个人账户，暂不能注册。" in html
    assert "中心所属任一服务大厅咨询" in html
    assert "gjj_register" not in client.session
    assert client.post("/register/sms/", {"action": "send"})["Location"] == "/register/"
    assert outbox.lines() == []
    event = AuditEvent.objects.get(action="register", outcome="failed")
    assert event.detail["reason"] == "no_account" and event.person == person


def test_a_sealed_account_is_not_closed_and_lets_the_person_register(client, captcha):
    person = make_person(name="钱九", id_number=make_id_number(seq=74), registered=False)
    make_account(person, grzhzt="02")  # 封存: not closed, the hall has something to show
    assert check(client, captcha, "钱九", person.zjhm)["Location"] == "/register/sms/"


def test_one_normal_account_is_enough(client, captcha):
    person = make_person(name="孙七", id_number=make_id_number(seq=72), registered=False)
    make_account(person, grzhzt="05")
    make_account(person, grzhzt="01")
    assert check(client, captcha, "孙七", person.zjhm).status_code == 302


def test_a_person_without_a_phone_is_sent_to_a_service_hall(client, captcha):
    person = make_person(name="周八", id_number=make_id_number(seq=81), phone="", registered=False)
    make_account(person)
    response = check(client, captcha, "周八", person.zjhm)
    assert "到中心所属任一服务大厅登记手机号码" in response.content.decode()


def test_an_already_registered_person_is_told_to_log_in_or_reset(client, captcha, zhangsan):
    response = check(client, captcha, "张三", zhangsan.zjhm)
    assert "您已注册过个人网上服务大厅，请直接登录；如忘记密码" in response.content.decode()


def test_the_sms_step_needs_the_first_step(client):
    response = client.get("/register/sms/")
    assert response["Location"] == "/register/"


def test_the_password_step_needs_the_sms_step(client, captcha, wangwu):
    check(client, captcha, "王五", wangwu.zjhm)
    response = client.post(
        "/register/password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == "/register/"
    assert Person.objects.get(pk=wangwu.pk).user is None


def test_a_wrong_sms_code_is_refused_with_the_tries_left(client, captcha, wangwu, outbox):
    check(client, captcha, "王五", wangwu.zjhm)
    client.post("/register/sms/", {"action": "send"})
    wrong = "000000" if outbox.last_code() != "000000" else "111111"
    response = client.post("/register/sms/", {"action": "verify", "code": wrong})
    assert "短信验证码不正确，还可以输入4次。" in response.content.decode()


def test_a_weak_password_is_refused(client, captcha, wangwu, outbox):
    check(client, captcha, "王五", wangwu.zjhm)
    client.post("/register/sms/", {"action": "send"})
    client.post("/register/sms/", {"action": "verify", "code": outbox.last_code()})
    for weak, message in (
        ("73920485617", "密码只包含数字。"),
        ("Ab1-xyz", "密码太短，至少需要8个字符。"),
        ("password", "这个密码太常见了。"),
        (f"ab{wangwu.zjhm[-6:]}cd", "密码不能包含或近似您的姓名、证件号码或出生日期"),
        ("wang19900512", "密码不能包含或近似"),
    ):
        response = client.post(
            "/register/password/", {"new_password1": weak, "new_password2": weak}
        )
        assert message in response.content.decode(), weak
    response = client.post(
        "/register/password/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
    )
    assert "两次输入的密码不一致。" in response.content.decode()
    assert User.objects.filter(person=wangwu).count() == 0


def test_a_gateway_failure_is_shown_plainly(client, captcha, wangwu, settings):
    settings.SMS_BACKEND = "tests.identity.test_sms_codes.BrokenGateway"
    check(client, captcha, "王五", wangwu.zjhm)
    response = client.post("/register/sms/", {"action": "send"})
    assert "短信发送失败，请稍后再试。" in response.content.decode()


def test_the_user_notice_says_what_happens_to_personal_information(client):
    html = client.get("/notice/").content.decode()
    assert "用户须知" in html and "加密保存" in html and "12329" in html
