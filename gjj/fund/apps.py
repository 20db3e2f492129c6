from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "gjj.fund"
    label = "fund"
    verbose_name = "公积金账户"
