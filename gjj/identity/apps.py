from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "gjj.identity"
    label = "identity"
    verbose_name = "身份与登录"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from gjj.identity import checks, signals  # noqa: F401  (registers checks and receivers)

        # The last login is recorded with the session (security.last_login_record).
        user_logged_in.disconnect(dispatch_uid="update_last_login")
