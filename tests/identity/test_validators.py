import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from gjj.identity.models import User

pytestmark = pytest.mark.django_db


def errors(password, user=None):
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        return exc.messages
    return []


def test_a_good_password_passes(zhangsan):
    assert errors("Shizhong-Bridge-9", zhangsan.user) == []


def test_length_is_8_to_128():
    assert errors("Ab1-xyz") == ["密码太短，至少需要8个字符。"]
    assert errors("Ab1-" + "x" * 124) == []
    assert errors("Ab1-" + "x" * 125) == ["密码最长128个字符。"]


def test_all_digits_and_common_passwords_are_refused():
    assert "密码只包含数字。" in errors("73920485617")
    assert "这个密码太常见了。" in errors("password123")


@pytest.mark.parametrize(
    "make",
    [
        lambda p: p.zjhm,
        lambda p: "Xx-" + p.zjhm[-6:] + "-yY",
        lambda p: "born" + p.zjhm[6:14],
        lambda p: "我是张三abc123",
        lambda p: p.zjhm[:-3] + "abc",  # close to the number
    ],
)
def test_the_persons_name_and_number_are_refused(zhangsan, make):
    message = "密码不能包含或近似您的姓名、证件号码或出生日期，请换一个密码。"
    assert message in errors(make(zhangsan), zhangsan.user)


def test_an_unsaved_user_carries_the_person_for_registration(zhangsan):
    candidate = User(username="-")
    candidate._hall_person = zhangsan
    assert errors("xx" + zhangsan.zjhm[-6:] + "xx", candidate)


def test_staff_without_a_person_are_checked_by_the_generic_rules(staff):
    assert errors("Shizhong-Bridge-9", staff) == []
