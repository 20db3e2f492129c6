from django.urls import path

from gjj.loans import repay

app_name = "repay"
urlpatterns = [
    path("prepay/", repay.prepay, name="prepay"),
]
