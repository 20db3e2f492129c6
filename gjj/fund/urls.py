from django.urls import path

from gjj.fund import views

app_name = "fund"
urlpatterns = [
    path("basic/", views.basic_info, name="basic_info"),
    path("ledger/", views.ledger, name="ledger"),
]
