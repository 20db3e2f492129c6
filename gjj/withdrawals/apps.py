from django.apps import AppConfig


class WithdrawalsConfig(AppConfig):
    name = "gjj.withdrawals"
    label = "withdrawals"
    verbose_name = "提取业务"

    def ready(self):
        from gjj.applications.registry import BusinessHooks, register
        from gjj.withdrawals import selectors, services

        register(
            BusinessHooks(
                code=selectors.BUSINESS,
                checks=services.application_checks,
                summary=services.application_summary,
                export=services.application_export,
            )
        )
