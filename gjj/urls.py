from django.contrib import admin
from django.urls import include, path, re_path

from gjj.api.depositor import api as depositor_api
from gjj.api.service import api as service_api
from gjj.api.views import api_not_found

admin.site.site_header = "住房公积金网上服务大厅 · 中心管理"
admin.site.site_title = "公积金中心管理"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", depositor_api.urls),
    path("api/service/v1/", service_api.urls),
    re_path(r"^api/", api_not_found),
    path("captcha/", include("captcha.urls")),
    path("", include("gjj.identity.urls")),
    path("", include("gjj.hall.urls")),
    path("messages/", include("gjj.inbox.urls")),
    path("applications/", include("gjj.applications.urls")),
    path("info/", include("gjj.fund.urls")),
    path("info/", include("gjj.loans.urls")),
]
