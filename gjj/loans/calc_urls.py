from django.urls import path

from gjj.loans import calculators

app_name = "calc"
urlpatterns = [
    path("loan/", calculators.loan, name="loan"),
    path("loan/export/", calculators.loan_export, name="loan_export"),
    path("prepay/", calculators.prepay, name="prepay"),
    path("limit/", calculators.limit, name="limit"),
]
