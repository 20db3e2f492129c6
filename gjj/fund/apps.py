from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "gjj.fund"
    label = "fund"
    verbose_name = "公积金账户"

    def ready(self):
        from gjj.core.kept import watch

        watch(self)  # a kept page showing these models is not served after they change
