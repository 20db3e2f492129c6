from django.apps import AppConfig


class HallConfig(AppConfig):
    name = "gjj.hall"
    label = "hall"
    verbose_name = "服务大厅"

    def ready(self):
        from gjj.core.kept import vary_on
        from gjj.hall import context_processors, notify  # noqa: F401  (connects the receivers)

        vary_on(context_processors.layout_state)
