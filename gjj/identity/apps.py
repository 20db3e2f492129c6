from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "gjj.identity"
    label = "identity"
    verbose_name = "身份与登录"

    def ready(self):
        from gjj.identity import checks, signals  # noqa: F401  (registers checks and receivers)
