from django.urls import path

from gjj.identity.doors import staff_login_view
from gjj.staff import views

app_name = "staff"
urlpatterns = [
    # The staff door of gjj/identity/doors.py: staff only, captcha, lockout, hourly cap.
    path(
        "login/",
        staff_login_view(
            template_name="staff/login.html", default_next="staff:queue", title="工作人员登录"
        ),
        name="login",
    ),
    path("logout/", views.staff_logout, name="logout"),
    path("password/", views.staff_password, name="password"),
    path("", views.queue, name="queue"),
    path("a/<int:pk>/", views.detail, name="detail"),
    path("a/<int:pk>/act/", views.act, name="act"),
    path("materials/<int:pk>/", views.material, name="material"),
    path("policy/", views.policy_list, name="policy_list"),
    path("policy/flow/", views.flow_edit, name="flow_edit"),
    path("policy/flow/<str:code>/", views.flow_edit, name="flow_edit_business"),
    path("policy/loan/", views.loan_policy_edit, name="loan_policy_edit"),
    path("policy/<str:code>/", views.policy_edit, name="policy_edit"),
]
