from django.urls import path

from gjj.applications import views

app_name = "applications"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("<int:pk>/correct/", views.application_correct, name="correct"),
    path("<int:pk>/resubmit/", views.application_resubmit, name="resubmit"),
    path("materials/<int:pk>/", views.material_view, name="material"),
]
