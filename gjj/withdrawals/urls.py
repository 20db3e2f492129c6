from django.urls import path

from gjj.withdrawals import views

app_name = "withdrawals"
urlpatterns = [
    path("", views.choose, name="choose"),
    path("fill/", views.fill, name="fill"),
    path("confirm/", views.confirm, name="confirm"),
    path("cancel/", views.cancel, name="cancel"),
    path("materials/<int:pk>/remove/", views.material_remove, name="material_remove"),
]
