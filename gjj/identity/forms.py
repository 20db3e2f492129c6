from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.CharField(label="身份证号/手机号", max_length=32)
    password = forms.CharField(label="用户密码", strip=False, widget=forms.PasswordInput)

    error_messages = {
        "invalid_login": "证件号码/手机号或密码不正确，请重新输入。",
        "inactive": "该用户已停用，请联系公积金中心。",
    }
