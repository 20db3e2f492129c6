from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gjj.api"
    label = "api"
    verbose_name = "接口"

    def ready(self):
        from gjj.api import receivers  # noqa: F401  (registers the receivers)
