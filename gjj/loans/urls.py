from django.urls import path

from gjj.loans import views

app_name = "loans"  # gjj/urls.py adds 贷款进度查询 (loans:progress) from applications
urlpatterns = [
    path("loan/", views.info, name="info"),
    path("loan/repayments/", views.repayments, name="repayments"),
    path("loan/plan/", views.plan, name="plan"),
    path("loan/plan/export/", views.plan_export, name="plan_export"),
    path("loan/plan/print/", views.plan_print, name="plan_print"),
]
