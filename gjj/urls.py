from django.contrib import admin
from django.urls import include, path, re_path

from gjj.api.depositor import api as depositor_api
from gjj.api.service import api as service_api
from gjj.api.views import api_not_found
from gjj.applications.views import loan_progress
from gjj.hall.views import home
from gjj.identity.captcha import captcha_refresh
from gjj.identity.doors import staff_login_view
from gjj.identity.views import login_view
from gjj.loans.urls import urlpatterns as loan_pages

admin.site.site_header = "住房公积金网上服务大厅 · 中心管理"
admin.site.site_title = "公积金中心管理"
admin.site.index_title = "数据管理"


def front_door(request):
    """ "/" (hall:home): the login page until one logs in, then the hall's home page."""
    return home(request) if request.user.is_authenticated else login_view(request)


urlpatterns = [
    # The admin's own login form would let any backend answer; this one is the staff door only
    # (captcha, lockout, hourly cap; gjj/identity/doors.py).
    path("admin/login/", staff_login_view(), name="admin_login"),
    path("admin/", admin.site.urls),
    path("api/v1/", depositor_api.urls),
    path("api/service/v1/", service_api.urls),
    re_path(r"^api/", api_not_found),
    # The refresh link hands out keys bound to the form that asked (gjj/identity/captcha.py).
    path("captcha/refresh/", captcha_refresh, name="captcha-refresh"),
    path("captcha/", include("captcha.urls")),
    path("", front_door),  # before hall:home, which has the same path
    path("", include("gjj.identity.urls")),
    path("", include("gjj.hall.urls")),
    path("messages/", include("gjj.inbox.urls")),
    path("applications/", include("gjj.applications.urls")),
    path("withdraw/", include("gjj.withdrawals.urls")),
    path("loan-apply/", include("gjj.loanapps.urls")),
    path("staff/", include("gjj.staff.urls")),
    path("info/", include("gjj.fund.urls")),
    # The 信息查询 loan pages share the namespace "loans"; 贷款进度查询 shows a loan application's
    # nodes, so the applications app serves it (loans sits below applications).
    path(
        "info/",
        include(
            (
                [path("loan/progress/", loan_progress, name="progress"), *loan_pages],
                "loans",
            )
        ),
    ),
    path("calc/", include("gjj.loans.calc_urls")),
    path("repay/", include("gjj.loans.repay_urls")),
    path("repay/apply/", include("gjj.prepayments.urls")),
    path("", include("gjj.certificates.urls")),
]

# A database or Redis outage answers 503 with a plain page, anything else 500 (gjj/core/errors.py).
handler500 = "gjj.core.errors.server_error"
