import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_depositor_logs_in_and_sees_greeting(page, login_as, zhangsan):
    login_as(zhangsan, PASSWORD)
    assert "欢迎您！今天是" in page.content()
    assert "张三" in page.content()
