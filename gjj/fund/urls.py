from django.urls import path

from gjj.core.views import pending

app_name = "fund"
urlpatterns = [
    path("pending/basic_info/", pending, name="basic_info"),  # placeholder
    path("pending/ledger/", pending, name="ledger"),  # placeholder
]
