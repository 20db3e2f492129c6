from django.urls import path

from gjj.staff import views

app_name = "staff"
urlpatterns = [
    path("login/", views.staff_login, name="login"),
    path("logout/", views.staff_logout, name="logout"),
    path("password/", views.staff_password, name="password"),
    path("", views.queue, name="queue"),
    path("a/<int:pk>/", views.detail, name="detail"),
    path("a/<int:pk>/act/", views.act, name="act"),
    path("materials/<int:pk>/", views.material, name="material"),
    path("policy/", views.policy_list, name="policy_list"),
    path("policy/flow/", views.flow_edit, name="flow_edit"),
    path("policy/<str:code>/", views.policy_edit, name="policy_edit"),
]
