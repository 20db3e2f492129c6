from django.urls import path

from gjj.prepayments import views

app_name = "prepayments"
urlpatterns = [
    path("", views.confirm, name="confirm"),
]
