from django.urls import path

from gjj.core.views import pending

app_name = "loans"
urlpatterns = [
    path("pending/progress/", pending, name="progress"),  # placeholder
    path("pending/info/", pending, name="info"),  # placeholder
    path("pending/repayments/", pending, name="repayments"),  # placeholder
    path("pending/plan/", pending, name="plan"),  # placeholder
    path("pending/plan_export/", pending, name="plan_export"),  # placeholder
    path("pending/plan_print/", pending, name="plan_print"),  # placeholder
]
