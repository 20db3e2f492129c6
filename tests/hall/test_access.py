import pytest
from django.urls import reverse

from tests.applications.makers import make_application
from tests.factories import make_account
from tests.inbox.makers import make_message

pytestmark = pytest.mark.django_db


def test_anonymous_home_shows_the_login_form(client):
    text = client.get(reverse("hall:home")).content.decode()
    assert 'name="username"' in text
    assert "修改密码" not in text and "关闭音效" not in text


def test_a_staff_login_without_a_person_gets_one_clear_page_instead_of_an_error(client, staff):
    client.force_login(staff)
    response = client.get(reverse("hall:home"))
    text = response.content.decode()
    assert response.status_code == 403
    assert "此账号没有缴存人信息" in text and reverse("admin:index") in text


def test_a_plain_login_without_a_person_is_forbidden_not_an_error(client, django_user_model):
    user = django_user_model.objects.create_user(username="nobody", password="x-Long-pass-1")
    client.force_login(user)
    assert client.get(reverse("hall:home")).status_code == 403
    assert client.get(reverse("inbox:list")).status_code == 403


def every_depositor_url(message_pk: int, application_pk: int) -> list[str]:
    names = ["hall:home", "hall:withdraw_guide", "hall:repay_guide", "hall:loan_apply_guide"]
    names += ["inbox:list", "inbox:read_list", "applications:list"]
    names += ["fund:basic_info", "fund:ledger", "loans:progress", "loans:info"]
    names += ["loans:repayments", "loans:plan", "loans:plan_export", "loans:plan_print"]
    urls = [reverse(name) for name in names]
    urls += [reverse(name, args=[message_pk]) for name in ("inbox:detail", "inbox:delete")]
    urls += [reverse("inbox:mark_read", args=[message_pk])]
    urls += [reverse("applications:detail", args=[application_pk])]
    return urls


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_staff_login_without_a_person_never_gets_an_error_nor_a_depositors_data(
    client, staff, zhangsan, method
):
    message = make_message(zhangsan, ywmc="张三的消息")
    application = make_application(zhangsan, ywxx="张三的审批")
    make_account(zhangsan, grzh="3100000021")
    client.force_login(staff)
    for url in every_depositor_url(message.pk, application.pk):
        response = getattr(client, method)(url)
        assert response.status_code in (302, 403, 404, 405), url
        body = response.content.decode()
        assert "张三" not in body and "3100000021" not in body, url
    message.refresh_from_db()
    assert not message.is_deleted and not message.is_read
