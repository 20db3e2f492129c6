from django.apps import AppConfig


class LoansConfig(AppConfig):
    name = "gjj.loans"
    label = "loans"
    verbose_name = "贷款"

    def ready(self):
        from gjj.core.kept import watch

        watch(self)  # a kept page showing these models is not served after they change
