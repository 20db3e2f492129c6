import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_home_shows_the_login_form(client):
    text = client.get(reverse("hall:home")).content.decode()
    assert 'name="username"' in text
    assert "修改密码" not in text and "关闭音效" not in text


def test_a_staff_login_without_a_person_goes_to_the_admin_instead_of_an_error(client, staff):
    client.force_login(staff)
    response = client.get(reverse("hall:home"))
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_a_plain_login_without_a_person_is_forbidden_not_an_error(client, django_user_model):
    user = django_user_model.objects.create_user(username="nobody", password="x-Long-pass-1")
    client.force_login(user)
    assert client.get(reverse("hall:home")).status_code == 403
    assert client.get(reverse("inbox:list")).status_code == 403
