from django.apps import AppConfig


class HallConfig(AppConfig):
    name = "gjj.hall"
    label = "hall"
    verbose_name = "服务大厅"

    def ready(self):
        from gjj.hall import notify  # noqa: F401  (connects the application receivers)
