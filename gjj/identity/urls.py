from django.urls import path

from gjj.identity import views

app_name = "identity"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    # One path, two names: GET shows the 是/否 confirmation, POST logs out.
    path("logout/", views.logout_view, name="logout"),
    path("logout/", views.logout_view, name="logout_confirm"),
    path("register/", views.register_view, name="register"),
    path("register/sms/", views.register_sms_view, name="register_sms"),
    path("register/password/", views.register_password_view, name="register_password"),
    path("register/done/", views.register_done_view, name="register_done"),
    path("forgot/", views.forgot_view, name="forgot"),
    path("forgot/sms/", views.forgot_sms_view, name="forgot_sms"),
    path("forgot/password/", views.forgot_password_view, name="forgot_password"),
    path("forgot/done/", views.forgot_done_view, name="forgot_done"),
    path("password/", views.password_change_view, name="password_change"),
    path("password/done/", views.password_change_done_view, name="password_change_done"),
    path("notice/", views.user_notice_view, name="user_notice"),
    path("security/", views.security_view, name="security"),
    path("security/sessions/end-others/", views.end_other_sessions_view, name="end_others"),
    path("security/reveal/", views.reveal_view, name="reveal"),
]
