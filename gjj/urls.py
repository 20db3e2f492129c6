from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "住房公积金网上服务大厅 · 中心管理"
admin.site.site_title = "公积金中心管理"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("captcha/", include("captcha.urls")),
    path("", include("gjj.identity.urls")),
    path("", include("gjj.hall.urls")),
    path("messages/", include("gjj.inbox.urls")),
    path("applications/", include("gjj.applications.urls")),
    path("info/", include("gjj.fund.urls")),
    path("info/", include("gjj.loans.urls")),
    path("", include("gjj.certificates.urls")),
]
