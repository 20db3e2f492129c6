from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm

from gjj.identity.backends import DEPOSITOR, STAFF
from gjj.identity.captcha import captcha_field
from gjj.identity.models import User


def password_field(
    label: str, *, autocomplete: str, placeholder: str, required_message: str = "", **extra
) -> forms.CharField:
    """A password box: kept as typed (no strip), at most 128 characters."""
    return forms.CharField(
        label=label,
        strip=False,
        max_length=128,
        error_messages={
            "required": required_message or f"请输入{label}。",
            "max_length": "密码最长128个字符。",
        },
        widget=forms.PasswordInput(
            attrs={"autocomplete": autocomplete, "placeholder": placeholder}
        ),
        **extra,
    )


class DoorLoginForm(AuthenticationForm):
    """A login form with a captcha that checks the password only at its own door (`realm`)."""

    realm: str = ""

    def clean(self):
        # Without a correct captcha no password is checked: the answer would otherwise tell a
        # guesser whether the password was right.
        if self._errors:
            self.auth_attempted = False
            return self.cleaned_data
        self.auth_attempted = True
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            self.user_cache = authenticate(
                self.request, username=username, password=password, realm=self.realm
            )
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class LoginForm(DoorLoginForm):
    realm = DEPOSITOR
    username = forms.CharField(
        label="身份证号/手机号",
        max_length=32,
        error_messages={"required": "请输入身份证号或手机号。"},
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "placeholder": "输入身份证号或手机号"}
        ),
    )
    password = password_field("用户密码", autocomplete="current-password", placeholder="输入密码")
    captcha = captcha_field("login")

    error_messages = {
        "invalid_login": "身份证号/手机号或密码不正确，请重新输入。",
        "inactive": "身份证号/手机号或密码不正确，请重新输入。",
    }


class StaffLoginForm(DoorLoginForm):
    """中心工作人员登录 (the admin, /staff/): a staff username, never a depositor's number."""

    realm = STAFF
    username = forms.CharField(
        label="工作人员账号",
        max_length=150,
        error_messages={"required": "请输入工作人员账号。"},
        widget=forms.TextInput(attrs={"autocomplete": "username", "placeholder": "输入账号"}),
    )
    password = password_field("密码", autocomplete="current-password", placeholder="输入密码")
    captcha = captcha_field("staff_login")

    error_messages = {
        "invalid_login": "账号或密码不正确，请重新输入。",
        "inactive": "账号或密码不正确，请重新输入。",
    }


class PersonCheckForm(forms.Form):
    """信息校验: name, ID number, captcha (and, for registration, the notice box)."""

    name = forms.CharField(
        label="姓名",
        max_length=60,
        error_messages={"required": "请输入姓名。"},
        widget=forms.TextInput(attrs={"placeholder": "输入姓名"}),
    )
    id_number = forms.CharField(
        label="身份证号码",
        max_length=32,
        error_messages={"required": "请输入身份证号码。"},
        widget=forms.TextInput(attrs={"placeholder": "输入证件号码", "autocomplete": "off"}),
    )

    def clean_id_number(self):
        return self.cleaned_data["id_number"].strip().upper()

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class RegisterCheckForm(PersonCheckForm):
    captcha = captcha_field("register")
    agree = forms.BooleanField(
        label="我已阅读《用户须知》",
        error_messages={"required": "请阅读并勾选《用户须知》。"},
    )


class ResetCheckForm(PersonCheckForm):
    captcha = captcha_field("forgot")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].label = "证件号码"
        self.fields["id_number"].error_messages["required"] = "请输入证件号码。"


class SmsCodeForm(forms.Form):
    code = forms.CharField(
        label="短信验证码",
        max_length=6,
        min_length=6,
        error_messages={
            "required": "请输入短信验证码。",
            "min_length": "短信验证码为6位数字。",
            "max_length": "短信验证码为6位数字。",
        },
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "placeholder": "输入验证码",
                "pattern": "[0-9]{6}",
            }
        ),
    )

    def __init__(self, *args, label: str = "短信验证码", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = label

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError("短信验证码为6位数字。")
        return code


class NewPasswordForm(forms.Form):
    new_password1 = password_field(
        "新密码",
        autocomplete="new-password",
        placeholder="输入新密码",
        help_text="8–128个字符，不能全是数字，不能是常见密码，不能包含姓名、证件号码或出生日期。",
    )
    new_password2 = password_field(
        "确认密码",
        autocomplete="new-password",
        placeholder="再次输入新密码",
        required_message="请再次输入新密码。",
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_password2(self):
        p1 = self.cleaned_data.get("new_password1")
        p2 = self.cleaned_data.get("new_password2")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError("两次输入的密码不一致。")
        if p2:
            password_validation.validate_password(p2, self.user)
        return p2


class PasswordChangeForm(NewPasswordForm):
    old_password = password_field(
        "原密码", autocomplete="current-password", placeholder="输入原密码"
    )
    field_order = ["old_password", "new_password1", "new_password2"]

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError("原密码不正确。")
        return old

    def clean(self):
        cleaned = super().clean()
        old, new = cleaned.get("old_password"), cleaned.get("new_password2")
        if old and new and old == new:
            self.add_error("new_password1", "新密码不能与原密码相同。")
        return cleaned
