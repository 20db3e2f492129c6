from django.urls import path

from gjj.loans import views

app_name = "loans"
urlpatterns = [
    path("loan/progress/", views.progress, name="progress"),
    path("loan/", views.info, name="info"),
    path("loan/repayments/", views.repayments, name="repayments"),
    path("loan/plan/", views.plan, name="plan"),
    path("loan/plan/export/", views.plan_export, name="plan_export"),
    path("loan/plan/print/", views.plan_print, name="plan_print"),
]
