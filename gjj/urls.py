from django.contrib import admin
from django.urls import include, path

from gjj.identity.captcha import captcha_refresh
from gjj.identity.doors import staff_login_view

admin.site.site_header = "住房公积金网上服务大厅 · 中心管理"
admin.site.site_title = "公积金中心管理"
admin.site.index_title = "数据管理"

urlpatterns = [
    # The admin's own login form would let any backend answer; this one is the staff door only
    # (captcha, lockout, hourly cap; gjj/identity/doors.py).
    path("admin/login/", staff_login_view(), name="admin_login"),
    path("admin/", admin.site.urls),
    # The refresh link hands out keys bound to the form that asked (gjj/identity/captcha.py).
    path("captcha/refresh/", captcha_refresh, name="captcha-refresh"),
    path("captcha/", include("captcha.urls")),
    path("", include("gjj.identity.urls")),
    path("", include("gjj.hall.urls")),
    path("messages/", include("gjj.inbox.urls")),
    path("applications/", include("gjj.applications.urls")),
    path("info/", include("gjj.fund.urls")),
    path("info/", include("gjj.loans.urls")),
    path("", include("gjj.certificates.urls")),
]
