from django.apps import AppConfig


class LoansConfig(AppConfig):
    name = "gjj.loans"
    label = "loans"
    verbose_name = "贷款"
