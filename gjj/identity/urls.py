from django.urls import path

from gjj.core.views import pending

from gjj.identity import views

app_name = "identity"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("pending/register/", pending, name="register"),  # placeholder
    path("pending/forgot/", pending, name="forgot"),  # placeholder
    path("pending/password_change/", pending, name="password_change"),  # placeholder
    path("pending/logout_confirm/", pending, name="logout_confirm"),  # placeholder
    path("pending/user_notice/", pending, name="user_notice"),  # placeholder
]
