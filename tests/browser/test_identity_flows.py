"""The manual's chapters 1.1–1.4, 4 and 5 walked in a real browser, refusals included."""

import json

import pytest

from gjj.people.models import Person
from tests.browser.shots import SHOTS
from tests.factories import PASSWORD, make_account, make_id_number, make_person

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
NEW_PASSWORD = "Tai-Er-Zhuang-66"


@pytest.fixture
def sms_file(settings, tmp_path):
    path = tmp_path / "sms.jsonl"
    settings.SMS_BACKEND = f"file:{path}"
    return path


def last_code(path) -> str:
    return json.loads(path.read_text(encoding="utf-8").splitlines()[-1])["code"]


def fill_check(page, name, number, agree=True):
    page.fill("input[name=name]", name)
    page.fill("input[name=id_number]", number)
    page.fill("input[name=captcha_1]", "PASSED")
    if agree:
        page.check("input[name=agree]")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_the_login_page_with_a_large_captcha_and_its_refresh(page):
    page.goto("/login/")
    for label in ("身份证号/手机号", "用户密码", "验证码"):
        assert page.get_by_label(label).count() >= 1
    image = page.locator("img.captcha__image")
    box = image.bounding_box()
    assert box["width"] >= 150 and box["height"] >= 50
    before = image.get_attribute("src")
    page.click("text=换一张")
    page.wait_for_function(
        "src => document.querySelector('img.captcha__image').getAttribute('src') !== src",
        arg=before,
    )
    page.screenshot(path=f"{SHOTS}/identity-login.png", full_page=True)


def test_registration_end_to_end_then_login(page, sms_file):
    person = make_person(name="王五", id_number=make_id_number(seq=501), registered=False)
    make_account(person)
    page.goto("/login/")
    page.click("text=注册")
    assert "信息校验" in page.content()
    fill_check(page, "王五", person.zjhm)
    assert "信息验证通过，您在中心预留的手机号码为：" in page.content()
    assert "187****9858" in page.content()
    page.click("button[value=send]")
    page.wait_for_load_state()
    assert "验证码已发送至187****9858" in page.content()
    page.screenshot(path=f"{SHOTS}/identity-register-step2.png", full_page=True)
    page.fill("input[name=code]", last_code(sms_file))
    page.click("button[value=verify]")
    page.wait_for_load_state()
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "恭喜您！注册成功" in page.content()
    page.click("main a:has-text('登录')")
    page.fill("input[name=username]", "18712349858")
    page.fill("input[name=password]", NEW_PASSWORD)
    page.fill("input[name=captcha_1]", "PASSED")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "欢迎您！今天是" in page.content() and "王五" in page.content()


def test_registration_refusals(page, sms_file, zhangsan):
    closed = make_person(name="孙七", id_number=make_id_number(seq=502), registered=False)
    make_account(closed, grzhzt="05")
    no_phone = make_person(
        name="周八", id_number=make_id_number(seq=503), phone="", registered=False
    )
    make_account(no_phone)
    no_account = make_person(name="钱九", id_number=make_id_number(seq=506), registered=False)
    cases = [
        ("孙七", closed.zjhm, "职工状态为销户状态的不允许注册。"),
        ("周八", no_phone.zjhm, "到中心所属任一服务大厅登记手机号码"),
        ("钱九", no_account.zjhm, "未查询到您在中心的住房公积金个人账户，暂不能注册。"),
        ("张三", zhangsan.zjhm, "您已注册过个人网上服务大厅，请直接登录"),
        ("张四", zhangsan.zjhm, "姓名与证件号码不匹配或未在中心登记"),
        ("张三", make_id_number(seq=504), "姓名与证件号码不匹配或未在中心登记"),
    ]
    for name, number, message in cases:
        page.goto("/register/")
        fill_check(page, name, number)
        assert message in page.content(), name
        assert page.url.endswith("/register/")


def test_a_wrong_sms_code_is_refused_in_the_browser(page, sms_file):
    person = make_person(name="郑十", id_number=make_id_number(seq=505), registered=False)
    make_account(person)
    page.goto("/register/")
    fill_check(page, "郑十", person.zjhm)
    page.click("button[value=send]")
    page.wait_for_load_state()
    code = last_code(sms_file)
    page.fill("input[name=code]", "000000" if code != "000000" else "111111")
    page.click("button[value=verify]")
    page.wait_for_load_state()
    assert "短信验证码不正确，还可以输入4次。" in page.content()
    assert Person.objects.get(pk=person.pk).user_id is None


def test_forgot_password_end_to_end(page, sms_file, lisi):
    page.goto("/login/")
    page.click("text=忘记密码")
    page.fill("input[name=name]", "李四")
    page.fill("input[name=id_number]", lisi.zjhm)
    page.fill("input[name=captcha_1]", "PASSED")
    page.click("main button:has-text('信息验证')")
    page.wait_for_load_state()
    assert "验证信息通过，您在中心预留的手机号为：" in page.content()
    assert "186****3387" in page.content()
    page.click("button:has-text('发送验证码')")
    page.wait_for_load_state()
    page.fill("input[name=code]", last_code(sms_file))
    page.click("button:has-text('下一步')")
    page.wait_for_load_state()
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("main button:has-text('提交')")
    page.wait_for_load_state()
    assert "恭喜您！修改成功" in page.content()
    page.screenshot(path=f"{SHOTS}/identity-forgot-done.png", full_page=True)
    page.click("main a:has-text('登录')")
    page.fill("input[name=username]", lisi.zjhm)
    page.fill("input[name=password]", NEW_PASSWORD)
    page.fill("input[name=captcha_1]", "PASSED")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "欢迎您！今天是" in page.content()


def test_forgot_password_refuses_a_mismatch(page, lisi):
    page.goto("/forgot/")
    page.fill("input[name=name]", "李五")
    page.fill("input[name=id_number]", lisi.zjhm)
    page.fill("input[name=captcha_1]", "PASSED")
    page.click("main button:has-text('信息验证')")
    page.wait_for_load_state()
    assert "姓名与证件号码不匹配或未在中心登记，请核对后重新输入。" in page.content()


def test_a_wrong_password_then_change_password_and_logout(page, login_as, zhangsan):
    login_as(zhangsan, "Wrong-password-1")
    assert "身份证号/手机号或密码不正确，请重新输入。" in page.content()
    login_as(zhangsan, PASSWORD)
    page.click("text=修改密码")
    page.fill("input[name=old_password]", PASSWORD)
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("main button:has-text('提交')")
    page.wait_for_load_state()
    assert "登录密码修改成功" in page.content()
    page.click("main a:has-text('确定')")
    page.wait_for_load_state()
    # 退出: the confirm dialog; 否 keeps the session, 是 logs out.
    page.click("header button:has-text('退出')")
    page.click("#confirm-dialog button:has-text('否')")
    assert "欢迎您！今天是" in page.content()
    page.click("header button:has-text('退出')")
    page.click("#confirm-dialog button:has-text('是')")
    page.wait_for_url("**/login/")
    assert "个人登录" in page.content()
    login_as(zhangsan, NEW_PASSWORD)
    assert "欢迎您！今天是" in page.content()


def test_logout_without_javascript_uses_the_confirmation_page(browser, live_server, zhangsan):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/login/")
    page.fill("input[name=username]", zhangsan.zjhm)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=captcha_1]", "PASSED")
    page.click("main button[type=submit]")
    page.click("header a:has-text('退出')")
    assert "您确定要退出服务大厅吗？" in page.content()
    page.click("main a:has-text('否')")
    assert "欢迎您！今天是" in page.content()
    page.click("header a:has-text('退出')")
    page.click("main button:has-text('是')")
    assert "个人登录" in page.content()
    context.close()
