"""The manual's words, buttons and progress bars on every identity page (chapters 1.1–1.4, 4, 5)."""

import re

import pytest

from tests.factories import make_account, make_id_number, make_person

pytestmark = pytest.mark.django_db


def steps(html) -> list[tuple[str, str]]:
    """The progress bar as (label, state) pairs, state '' / 'is-done' / 'is-current'."""
    items = re.findall(
        r'<li class="steps__item ?([\w-]*)"[^>]*>.*?class="steps__label">([^<]+)<', html
    )
    return [(label, state) for state, label in items]


def labels(html) -> list[str]:
    return re.findall(r"<label[^>]*>([^<：]+)：</label>", html)


def buttons(html) -> list[str]:
    """The buttons of the page's own content (not the header's exit dialog)."""
    main = html[html.index("<main") : html.index("</main>")]
    return [b.strip() for b in re.findall(r"<button[^>]*>([^<]+)</button>", main)]


def test_the_login_page(client):
    html = client.get("/login/").content.decode()
    assert labels(html) == ["身份证号/手机号", "用户密码", "验证码"]
    assert buttons(html) == ["登录"]
    assert ">注册</a>" in html and ">忘记密码</a>" in html


@pytest.fixture
def wangwu(db):
    person = make_person(name="王五", id_number=make_id_number(seq=961), registered=False)
    make_account(person)
    return person


def test_the_registration_pages(client, captcha, wangwu, outbox):
    html = client.get("/register/").content.decode()
    assert steps(html) == [("信息校验", "is-current"), ("短信验证", ""), ("注册完成", "")]
    assert labels(html) == ["姓名", "身份证号码", "验证码"]
    assert "我已阅读" in html and ">《用户须知》</a>" in html and buttons(html) == ["信息验证"]
    data = {"name": "王五", "id_number": wangwu.zjhm, "agree": "on", **captcha("register")}
    client.post("/register/", data)
    html = client.get("/register/sms/").content.decode()
    assert steps(html) == [("信息校验", "is-done"), ("短信验证", "is-current"), ("注册完成", "")]
    assert (
        '信息验证通过，您在中心预留的手机号码为：<strong class="phone">187****9858</strong>' in html
    )
    assert labels(html) == ["短信验证码"]
    assert buttons(html) == ["发送验证码", "确认验证"]
    client.post("/register/sms/", {"action": "send"})
    client.post("/register/sms/", {"action": "verify", "code": outbox.last_code()})
    html = client.get("/register/password/").content.decode()
    assert labels(html) == ["新密码", "确认密码"]
    new = "Longyuan-Park-19"
    client.post("/register/password/", {"new_password1": new, "new_password2": new})
    html = client.get("/register/done/").content.decode()
    assert steps(html) == [
        ("信息校验", "is-done"),
        ("短信验证", "is-done"),
        ("注册完成", "is-current"),
    ]
    assert "恭喜您！注册成功" in html and ">登录</a>" in html


def test_the_forgot_password_pages(client, captcha, lisi, outbox):
    html = client.get("/forgot/").content.decode()
    assert steps(html) == [("信息校验", "is-current"), ("重置密码", ""), ("修改成功", "")]
    assert labels(html) == ["姓名", "证件号码", "验证码"]
    assert 'placeholder="输入姓名"' in html and 'placeholder="输入证件号码"' in html
    assert buttons(html) == ["信息验证"]
    client.post("/forgot/", {"name": "李四", "id_number": lisi.zjhm, **captcha("forgot")})
    html = client.get("/forgot/sms/").content.decode()
    assert steps(html) == [("信息校验", "is-done"), ("重置密码", "is-current"), ("修改成功", "")]
    assert (
        '验证信息通过，您在中心预留的手机号为：<strong class="phone">186****3387</strong>' in html
    )
    assert labels(html) == ["输入验证码"]
    assert buttons(html) == ["发送验证码", "下一步"]
    client.post("/forgot/sms/", {"action": "send"})
    client.post("/forgot/sms/", {"action": "verify", "code": outbox.last_code()})
    html = client.get("/forgot/password/").content.decode()
    # The manual's screenshot: 新密码 and 确认密码 under step 3 修改成功.
    assert steps(html) == [
        ("信息校验", "is-done"),
        ("重置密码", "is-done"),
        ("修改成功", "is-current"),
    ]
    assert labels(html) == ["新密码", "确认密码"] and buttons(html) == ["提交"]
    assert ">返回首页</a>" in html
    html = client.post(
        "/forgot/password/", {"new_password1": "short", "new_password2": "short"}
    ).content.decode()
    assert "密码太短，至少需要8个字符。" in html
    new = "Longyuan-Park-19"
    client.post("/forgot/password/", {"new_password1": new, "new_password2": new})
    html = client.get("/forgot/done/").content.decode()
    assert "恭喜您！修改成功" in html and "点击登录，进入个人公积金网上业务" in html
    assert ">登录</a>" in html and ">返回首页</a>" not in html


def test_the_change_password_page(client_zhangsan):
    html = client_zhangsan.get("/password/").content.decode()
    assert labels(html) == ["原密码", "新密码", "确认密码"]
    assert buttons(html) == ["提交"]


def test_the_header_offers_change_password_first_and_a_confirmed_exit(client_zhangsan):
    html = client_zhangsan.get("/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert header.index("修改密码") < header.index("退出")
    assert 'data-confirm="您确定要退出服务大厅吗？"' in header
    page = client_zhangsan.get("/logout/").content.decode()
    assert ">是</button>" in page and ">否</a>" in page
