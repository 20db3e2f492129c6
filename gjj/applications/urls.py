from django.urls import path

from gjj.applications import views

app_name = "applications"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("<int:pk>/", views.application_detail, name="detail"),
]
