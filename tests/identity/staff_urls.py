"""A URLconf with a second staff door, as the staff pages mount it (one line)."""

from django.urls import include, path

from gjj.identity.doors import staff_login_view

urlpatterns = [
    path("staff/login/", staff_login_view(default_next="hall:home", title="业务审核登录")),
    path("", include("gjj.urls")),
]
