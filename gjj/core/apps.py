from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gjj.core"
    label = "core"
    verbose_name = "审计与公共"
