from django.urls import path

from gjj.hall import views

app_name = "hall"
urlpatterns = [
    path("", views.home, name="home"),
    path("guide/withdraw/", views.withdraw_guide, name="withdraw_guide"),
    path("guide/repay/", views.repay_guide, name="repay_guide"),
    path("guide/loan-apply/", views.loan_apply_guide, name="loan_apply_guide"),
    path("charts/fund/", views.fund_charts, name="fund_charts"),
    path("charts/loan/", views.loan_charts, name="loan_charts"),
    path("settings/large-text/", views.toggle_large_text, name="toggle_large_text"),
    path("settings/sound/", views.toggle_sound, name="toggle_sound"),
]
