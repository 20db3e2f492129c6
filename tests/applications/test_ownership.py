import pytest
from django.urls import reverse

from tests.applications.makers import make_application

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_persons_application_is_not_found(client_lisi, zhangsan, method):
    app = make_application(zhangsan)
    response = getattr(client_lisi, method)(reverse("applications:detail", args=[app.pk]))
    assert response.status_code == 404


def test_the_owner_sees_the_application(client_zhangsan, zhangsan):
    app = make_application(zhangsan)
    assert client_zhangsan.get(reverse("applications:detail", args=[app.pk])).status_code == 200


def test_the_list_never_shows_another_persons_applications(client_lisi, zhangsan, lisi):
    make_application(zhangsan, ywxx="张三的审批")
    make_application(lisi, ywxx="李四的审批")
    text = client_lisi.get(reverse("applications:list")).content.decode()
    assert "李四的审批" in text and "张三的审批" not in text


def test_anonymous_and_staff_are_turned_away(client, staff, zhangsan):
    app = make_application(zhangsan)
    for url in (reverse("applications:list"), reverse("applications:detail", args=[app.pk])):
        assert client.get(url)["Location"].startswith(reverse("identity:login"))
    client.force_login(staff)
    for url in (reverse("applications:list"), reverse("applications:detail", args=[app.pk])):
        assert client.get(url).status_code in (302, 403)
