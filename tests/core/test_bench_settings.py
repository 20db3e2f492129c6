"""The benchmark's reference view lives only in bench.settings' URLs, never in the hall's."""

import pytest
from django.urls import Resolver404, resolve

from bench.urls import BARE_PATH


def test_the_bare_view_is_not_a_hall_url():
    with pytest.raises(Resolver404):
        resolve("/" + BARE_PATH, urlconf="gjj.urls")


def test_the_bench_urls_add_only_the_bare_view_to_the_halls():
    from bench import urls as bench_urls
    from gjj import urls as hall_urls

    assert resolve("/" + BARE_PATH, urlconf="bench.urls").url_name == "bench_bare"
    assert bench_urls.urlpatterns[1:] == hall_urls.urlpatterns
