"""Shared fixtures. Personas (style.md): 张三 owns the data, 李四 is another depositor (always a 404
for 张三's objects), and a staff reviewer. Factories live in tests/factories.py.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from gjj.identity.models import User
from gjj.people.models import Person
from tests.factories import PASSWORD, make_id_number, make_person

# .ci/run sets this to run the `calendar` tests once more on a hard day (29 February, half a
# minute before midnight China time), with the clock stopped there.
TEST_CLOCK = os.environ.get("GJJ_TEST_CLOCK", "")


@pytest.fixture(autouse=True)
def _test_clock(request):
    if TEST_CLOCK and request.node.get_closest_marker("calendar"):
        with time_machine.travel(dt.datetime.fromisoformat(TEST_CLOCK), tick=False):
            yield
    else:
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters, captcha state and cached sessions must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded materials of a test go to a temporary folder, never into var/."""
    settings.GJJ_MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture
def session_queries(settings) -> int:
    """Queries a request spends on its session: 1 with database sessions, 0 with cache sessions
    (CI runs the suite both ways), so page query counts can be asserted exactly on both."""
    return 1 if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db" else 0


@pytest.fixture
def zhangsan(db) -> Person:
    return make_person(name="张三", id_number=make_id_number("19850315", seq=11))


@pytest.fixture
def lisi(db) -> Person:
    return make_person(
        name="李四", id_number=make_id_number("19880720", seq=22), phone="18600003387"
    )


@pytest.fixture
def staff(db) -> User:
    return User.objects.create_user(username="reviewer", password=PASSWORD, is_staff=True)


@pytest.fixture
def client_zhangsan(client, zhangsan):
    client.force_login(zhangsan.user)
    return client


@pytest.fixture
def client_lisi(client, lisi):
    client.force_login(lisi.user)
    return client


@pytest.fixture
def now():
    return timezone.now()
