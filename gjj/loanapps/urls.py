from django.urls import path

from gjj.loanapps import views

app_name = "loanapps"
urlpatterns = [
    path("", views.start, name="start"),
    path("fill/", views.fill, name="fill"),
    path("confirm/", views.confirm, name="confirm"),
    path("cancel/", views.cancel, name="cancel"),
    path("materials/<int:pk>/remove/", views.material_remove, name="material_remove"),
]
