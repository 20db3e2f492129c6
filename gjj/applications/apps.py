from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gjj.applications"
    label = "applications"
    verbose_name = "业务申请"
