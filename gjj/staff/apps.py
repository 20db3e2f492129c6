from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "gjj.staff"
    label = "staff"
    verbose_name = "中心工作台"
