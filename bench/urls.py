"""The hall's URLs plus the benchmark's reference view (bench.settings only)."""

from django.urls import path

from bench.views import bare
from gjj.urls import urlpatterns as hall_urlpatterns

BARE_PATH = "__bench__/bare/"

urlpatterns = [path(BARE_PATH, bare, name="bench_bare"), *hall_urlpatterns]
