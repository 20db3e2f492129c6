from django.urls import path

from gjj.core.views import pending

from gjj.hall import views

app_name = "hall"
urlpatterns = [
    path("", views.home, name="home"),
    path("pending/withdraw_guide/", pending, name="withdraw_guide"),  # placeholder
    path("pending/repay_guide/", pending, name="repay_guide"),  # placeholder
    path("pending/loan_apply_guide/", pending, name="loan_apply_guide"),  # placeholder
    path("pending/toggle_large_text/", pending, name="toggle_large_text"),  # placeholder
    path("pending/toggle_sound/", pending, name="toggle_sound"),  # placeholder
]
